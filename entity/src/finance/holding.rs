use super::HoldingId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

/// An asset (what you own) or a liability (what you owe outside loans).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_holdings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: HoldingId,
    pub tenant_id: TenantId,
    /// `asset` or `liability`.
    pub side: String,
    pub kind: String,
    pub name: String,
    pub currency: String,
    pub notes: Option<String>,
    pub archived: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
