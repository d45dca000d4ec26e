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

/// Why a staff member did something in the admin console. Every staff
/// action asks for one; it is kept in the audit entry's details as
/// `"reason"`, beside `"before"` and `"after"` where the action changes a
/// record. Parse it before doing anything, so a missing reason changes
/// nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffReason(String);

/// Longer reasons belong in a ticket; the log keeps a reference.
pub const MAX_REASON_CHARS: usize = 500;

impl StaffReason {
    pub fn parse(text: &str) -> crate::Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(crate::Error::invalid(
                "reason",
                "Say why you are doing this; it is kept in the audit log.",
            ));
        }
        if text.chars().count() > MAX_REASON_CHARS {
            return Err(crate::Error::invalid(
                "reason",
                "Keep the reason under 500 characters; link a ticket for the rest.",
            ));
        }
        Ok(Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An audit entry's details for a staff action: why, and what the record
    /// looked like before and after (callers may add keys beside them).
    pub fn details(&self, before: serde_json::Value, after: serde_json::Value) -> serde_json::Value {
        serde_json::json!({ "reason": self.as_str(), "before": before, "after": after })
    }
}

#[cfg(test)]
mod reason_tests {
    use super::StaffReason;

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert!(StaffReason::parse("  ").is_err());
        assert!(StaffReason::parse(&"x".repeat(501)).is_err());
        assert_eq!(StaffReason::parse(" ticket 42 ").unwrap().as_str(), "ticket 42");
    }
}
