use crate::{ExportId, TenantId, UserId};
use sea_orm::entity::prelude::*;

/// One data export a person asked for (issue 14). `state` is `queued`,
/// `running`, `ready` or `failed`; a ready export past `expires_at` is
/// expired (read, never stored) until the retention purge deletes it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ExportId,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub state: String,
    /// Where the zip is in the export store (relative to it).
    pub file_key: Option<String>,
    pub size_bytes: Option<i64>,
    /// Why it failed, for the person (never a stack trace).
    pub error: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub started_at: Option<TimeDateTimeWithTimeZone>,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
    pub expires_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
