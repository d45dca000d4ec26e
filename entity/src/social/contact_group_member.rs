use super::{ContactGroupId, ContactGroupMemberId, ContactId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ContactGroupMemberId,
    pub tenant_id: TenantId,
    pub contact_group_id: ContactGroupId,
    pub contact_id: ContactId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
