use super::ExchangeRateId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_exchange_rates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExchangeRateId,
    pub tenant_id: TenantId,
    pub date: TimeDate,
    pub from_currency: String,
    pub to_currency: String,
    /// Decimal text: units of `to` per unit of `from`.
    pub rate: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
