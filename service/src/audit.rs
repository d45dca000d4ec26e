//! Audit entries, written in the same transaction as the change they record
//! (a write adds them to its `Effects`).

use crate::actor::{Actor, RequestMeta};
use hisaab_entity::{AuditId, TenantId, UserId, audit_log};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{EntityTrait, QueryTrait, Set};
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

/// The entry as an insert, for `Effects` (which writes it with the rest of
/// the write's effects).
pub(crate) fn insert(now: OffsetDateTime, entry: Entry<'_>) -> InsertStatement {
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
    .into_query()
}
