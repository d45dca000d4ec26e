use super::{ContactId, ExpenseGroupId, GroupMemberId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: GroupMemberId,
    pub tenant_id: TenantId,
    pub group_id: ExpenseGroupId,
    /// `None` for the group's owner ("you").
    pub contact_id: Option<ContactId>,
    /// The name when the member joined (the contact's current name is shown).
    pub name: String,
    pub created_at: TimeDateTimeWithTimeZone,
    /// When the member left or was removed (their past lines stay).
    pub removed_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
