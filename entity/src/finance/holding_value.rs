use super::{HoldingId, HoldingValueId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

/// A dated value of a holding: an asset's valuation or a liability's balance.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_holding_values")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: HoldingValueId,
    pub tenant_id: TenantId,
    pub holding_id: HoldingId,
    pub date: TimeDate,
    /// Ten-thousandths of the holding's currency.
    pub value: i64,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
