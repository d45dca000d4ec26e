use super::{TransactionEditId, TransactionId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_transaction_edits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TransactionEditId,
    pub tenant_id: TenantId,
    pub transaction_id: TransactionId,
    pub user_id: UserId,
    /// JSON: `[{field, before, after}]`.
    pub changes: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
