use crate::{IdempotencyKeyId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: IdempotencyKeyId,
    pub user_id: UserId,
    pub key: String,
    /// sha256 of the operation name and the canonical request body.
    pub fingerprint: String,
    pub status_code: i32,
    pub response_body: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
