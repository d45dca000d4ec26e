use super::LoanId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_loans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: LoanId,
    pub tenant_id: TenantId,
    /// `borrowed` (you owe) or `lent` (you are owed).
    pub direction: String,
    pub counterparty: String,
    pub currency: String,
    /// Ten-thousandths of the currency.
    pub principal: i64,
    /// Decimal text, percent per year (`7.5`).
    pub annual_rate: String,
    pub term_months: i32,
    pub start_date: TimeDate,
    /// `monthly`, `weekly` or `quarterly`.
    pub frequency: String,
    pub notes: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
