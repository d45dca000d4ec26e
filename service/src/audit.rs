//! Audit entries, written in the same transaction as the change they record.

use crate::actor::{Actor, RequestMeta};
use hisaab_entity::{AuditId, TenantId, UserId, audit_log};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryTrait, Set, Statement};
use time::OffsetDateTime;

pub struct Entry<'a> {
    pub action: &'a str,
    pub tenant_id: Option<TenantId>,
    pub actor_user_id: Option<UserId>,
    pub subject_user_id: Option<UserId>,
    pub details: serde_json::Value,
    pub meta: &'a RequestMeta,
}

impl<'a> Entry<'a> {
    /// An action a signed-in person took on their own data.
    pub fn by(actor: &'a Actor, action: &'a str, details: serde_json::Value) -> Self {
        Self {
            action,
            tenant_id: Some(actor.tenant_id),
            actor_user_id: Some(actor.user_id),
            subject_user_id: Some(actor.user_id),
            details,
            meta: &actor.meta,
        }
    }
}

pub async fn record<C: ConnectionTrait>(db: &C, now: OffsetDateTime, entry: Entry<'_>) -> Result<(), DbErr> {
    db.execute_raw(statement(db.get_database_backend(), now, entry))
        .await?;
    Ok(())
}

/// The entry as a statement, for `db::execute_together`.
pub fn statement(backend: DbBackend, now: OffsetDateTime, entry: Entry<'_>) -> Statement {
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(AuditId::new()),
        tenant_id: Set(entry.tenant_id),
        actor_user_id: Set(entry.actor_user_id),
        subject_user_id: Set(entry.subject_user_id),
        action: Set(entry.action.to_string()),
        details: Set(entry.details.to_string()),
        ip: Set(entry.meta.ip.clone()),
        user_agent: Set(entry.meta.user_agent.clone()),
        request_id: Set(entry.meta.request_id.clone()),
        created_at: Set(now),
    })
    .build(backend)
}
