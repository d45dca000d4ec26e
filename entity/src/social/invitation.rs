use super::{ContactId, InvitationId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

/// An invitation to share with a contact: sent to the contact's email, accepted
/// by the registered user with that (verified) email.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "social_invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: InvitationId,
    /// The inviter's tenant (where the contact lives).
    pub tenant_id: TenantId,
    pub contact_id: ContactId,
    pub inviter_user_id: UserId,
    pub inviter_name: String,
    /// Lower-case.
    pub email: String,
    /// pending, accepted, declined or revoked.
    pub status: String,
    pub invitee_user_id: Option<UserId>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub responded_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
