use super::{AccountId, TransactionId, TransferId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_transfers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TransferId,
    pub tenant_id: TenantId,
    pub from_account_id: AccountId,
    pub to_account_id: AccountId,
    pub from_transaction_id: TransactionId,
    pub to_transaction_id: TransactionId,
    pub from_amount: i64,
    pub to_amount: i64,
    /// Decimal text: units of the target per unit of the source.
    pub rate: String,
    pub date: TimeDate,
    pub description: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
