use super::{ActivityId, ContactId, ExpenseGroupId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

/// One change to shared data: who, when, what (with before → after in `details`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "social_activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ActivityId,
    pub tenant_id: TenantId,
    pub group_id: Option<ExpenseGroupId>,
    pub contact_id: Option<ContactId>,
    /// The record changed (expense, debt, settlement).
    pub subject_id: Option<Uuid>,
    pub actor_user_id: UserId,
    pub action: String,
    pub summary: String,
    /// JSON: `{"before": …, "after": …}` for edits.
    pub details: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
