use super::{ExpenseDebtId, ExpenseGroupId, GroupExpenseId, GroupMemberId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

/// Within one expense, `debtor` owes `creditor` `amount` (group currency).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "group_expense_debts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExpenseDebtId,
    pub tenant_id: TenantId,
    pub group_id: ExpenseGroupId,
    pub expense_id: GroupExpenseId,
    pub debtor_id: GroupMemberId,
    pub creditor_id: GroupMemberId,
    pub amount: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
