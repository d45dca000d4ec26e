use crate::UserId;
use sea_orm::entity::prelude::*;

/// A person's TOTP authenticator: pending until `confirmed_at` is set.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_totp")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: UserId,
    /// The secret, encrypted (AES-256-GCM, nonce first, base64): never the secret itself.
    pub secret_enc: String,
    pub confirmed_at: Option<TimeDateTimeWithTimeZone>,
    /// The last time step a code was accepted for: a code works once.
    pub last_step: Option<i64>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
