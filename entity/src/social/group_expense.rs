use super::{ExpenseGroupId, GroupExpenseId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "group_expenses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: GroupExpenseId,
    pub tenant_id: TenantId,
    pub group_id: ExpenseGroupId,
    pub description: String,
    pub date: TimeDate,
    /// In the group's currency, ten-thousandths.
    pub total: i64,
    /// As entered, in `original_currency`, ten-thousandths.
    pub original_amount: i64,
    pub original_currency: String,
    /// Units of the group currency per unit of the original (decimal text; "1" when the same).
    pub rate: String,
    pub split_method: String,
    /// The payers and split as entered (JSON), to show and edit them again.
    pub spec: String,
    /// The finance expense category chosen for your share (also in `spec`).
    pub category_id: Option<crate::finance::CategoryId>,
    pub version: i32,
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
