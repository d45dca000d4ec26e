use crate::finance::AccountId;
use crate::{ImportId, TenantId, UserId};
use sea_orm::entity::prelude::*;

/// One uploaded file: its preview, computed on upload, and whether it was confirmed.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ImportId,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// splitwise or bank_csv.
    pub kind: String,
    /// previewed, confirmed or failed.
    pub state: String,
    /// The uploaded bytes' SHA-256 (hex).
    pub file_sha256: String,
    pub account_id: Option<AccountId>,
    /// The preview as JSON (what would be created, unreadable lines).
    pub preview: String,
    /// What the confirmation created, as JSON.
    pub result: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub confirmed_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
