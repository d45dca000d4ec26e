use super::ExpenseGroupId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExpenseGroupId,
    pub tenant_id: TenantId,
    pub name: String,
    pub currency: String,
    pub simplify: bool,
    pub archived_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// JSON list of `{"member_id", "percent"}` (sums to 100) that pre-fills the expense form.
    pub default_split: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
