use super::AccountId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_account_month_totals")]
pub struct Model {
    pub tenant_id: TenantId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: AccountId,
    /// yyyymm.
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
    /// 0–7: a write adds to one stripe at random so concurrent writes to one
    /// account-month don't queue on one row lock; readers sum the stripes.
    #[sea_orm(primary_key, auto_increment = false)]
    pub stripe: i16,
    /// Income excluding transfers, ten-thousandths.
    pub income: i64,
    /// Expense excluding transfers, ten-thousandths.
    pub expense: i64,
    /// Every change to the balance (transfers included).
    pub net_change: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
