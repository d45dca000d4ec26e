use super::{ExpenseGroupId, ExpenseLineId, GroupExpenseId, GroupMemberId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

/// What one member paid towards and owes of one expense (group currency).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "group_expense_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExpenseLineId,
    pub tenant_id: TenantId,
    pub group_id: ExpenseGroupId,
    pub expense_id: GroupExpenseId,
    pub member_id: GroupMemberId,
    pub paid: i64,
    pub owed: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
