//! Reading the audit log in the console (`/audit`): every entry, newest
//! first, narrowed by who did it, whom it was about, the action, the tenant,
//! the address, the request id and a time range, in keyset pages on
//! `(created_at, id)`. Staff only (support included: reading is their job).
//!
//! Entries carry emails rather than bare ids, and their details with any
//! secret-looking key blanked: the log is written to hold none, and this
//! makes sure staff never read one if a writer slips.

use crate::error::{Error, Result};
use crate::identity::clean_text;
use crate::pagination::{self, Cursor};
use crate::{Actor, App, db};
use hisaab_entity::{AuditId, TenantId, UserId, audit_log, user};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// The filter as the page's query string carries it (blank: any).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RawAuditFilter {
    /// Part of the acting person's email.
    #[serde(default)]
    pub actor: String,
    /// Part of the email of the person the entry is about.
    #[serde(default)]
    pub target: String,
    /// The action, or its start ending in `.` or `*` (`admin.` for every
    /// staff action).
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub tenant: String,
    #[serde(default)]
    pub ip: String,
    #[serde(default)]
    pub request_id: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (UTC), inclusive.
    #[serde(default)]
    pub from: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (UTC), inclusive of that day or minute.
    #[serde(default)]
    pub to: String,
}

/// A checked filter. Text fields are trimmed, control characters removed;
/// blank is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: String,
    pub target: String,
    pub action: String,
    pub tenant: Option<TenantId>,
    pub ip: String,
    pub request_id: String,
    pub from: Option<OffsetDateTime>,
    /// Exclusive: the instant after the day or minute asked for.
    pub until: Option<OffsetDateTime>,
    /// The range as typed, for links and the export's audit entry.
    from_text: String,
    to_text: String,
}

/// One audit entry as staff read it.
#[derive(Clone, Debug)]
pub struct AuditEntryView {
    pub id: AuditId,
    pub created_at: OffsetDateTime,
    pub action: String,
    pub actor_user_id: Option<UserId>,
    pub actor_email: Option<String>,
    pub subject_user_id: Option<UserId>,
    pub subject_email: Option<String>,
    pub tenant_id: Option<TenantId>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// JSON, with secret-looking values blanked.
    pub details: String,
}

pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    pub next_cursor: Option<String>,
}

/// A time as typed: a day, or a minute (a `datetime-local` input), in UTC.
/// Returns the instant it starts and how long it lasts.
fn parse_time(text: &str) -> Option<(OffsetDateTime, Duration)> {
    if let Some(day) = crate::input::iso_date(text) {
        return Some((day.with_time(Time::MIDNIGHT).assume_utc(), Duration::days(1)));
    }
    let minute = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(text, &minute)
        .ok()
        .map(|t| (t.assume_utc(), Duration::minutes(1)))
}

impl AuditFilter {
    pub fn parse(raw: &RawAuditFilter) -> Result<Self> {
        let mut p = crate::input::Problems::default();
        let tenant = match raw.tenant.trim() {
            "" => Some(None),
            text => match text.parse::<TenantId>() {
                Ok(id) => Some(Some(id)),
                Err(_) => {
                    p.add("tenant", "Enter a tenant id (a UUID, as the log shows it).");
                    None
                }
            },
        };
        let mut time = |field: &str, text: &str| -> Option<(OffsetDateTime, Duration)> {
            let text = clean_text(text);
            if text.is_empty() {
                return None;
            }
            let parsed = parse_time(&text);
            if parsed.is_none() {
                p.add(
                    field,
                    "Enter a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM), in UTC.",
                );
            }
            parsed
        };
        let from = time("from", &raw.from);
        let to = time("to", &raw.to);
        let until = to.map(|(start, length)| start + length);
        if let (Some((from, _)), Some(until)) = (from, until)
            && until <= from
        {
            p.add("to", "The end is before the start.");
        }
        let tenant = p.finish_with(tenant)?;
        Ok(Self {
            actor: clean_text(&raw.actor).to_lowercase(),
            target: clean_text(&raw.target).to_lowercase(),
            action: clean_text(&raw.action),
            tenant,
            ip: clean_text(&raw.ip),
            request_id: clean_text(&raw.request_id),
            from: from.map(|(t, _)| t),
            until,
            from_text: clean_text(&raw.from),
            to_text: clean_text(&raw.to),
        })
    }

    /// The fields that narrow the log, as query pairs (for "Load more" and
    /// the CSV link).
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("actor", self.actor.clone()),
            ("target", self.target.clone()),
            ("action", self.action.clone()),
            ("tenant", self.tenant.map(|t| t.to_string()).unwrap_or_default()),
            ("ip", self.ip.clone()),
            ("request_id", self.request_id.clone()),
            ("from", self.from_text.clone()),
            ("to", self.to_text.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect()
    }

    /// The filter as the export's audit entry records it.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.query_pairs()
                .into_iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
        )
    }

    fn condition(&self) -> Condition {
        let mut all = Condition::all();
        let people = |part: &str| {
            Query::select()
                .column(user::Column::Id)
                .from(user::Entity)
                .and_where(user::Column::Email.contains(part))
                .to_owned()
        };
        if !self.actor.is_empty() {
            all = all.add(audit_log::Column::ActorUserId.in_subquery(people(&self.actor)));
        }
        if !self.target.is_empty() {
            all = all.add(audit_log::Column::SubjectUserId.in_subquery(people(&self.target)));
        }
        // `admin.` or `admin.*`: every action under it; else exactly one.
        match self.action.strip_suffix('*') {
            _ if self.action.is_empty() => {}
            Some(prefix) => all = all.add(audit_log::Column::Action.starts_with(prefix)),
            None if self.action.ends_with('.') => {
                all = all.add(audit_log::Column::Action.starts_with(&self.action))
            }
            None => all = all.add(audit_log::Column::Action.eq(&self.action)),
        }
        if let Some(tenant) = self.tenant {
            all = all.add(audit_log::Column::TenantId.eq(tenant));
        }
        if !self.ip.is_empty() {
            all = all.add(audit_log::Column::Ip.eq(&self.ip));
        }
        if !self.request_id.is_empty() {
            all = all.add(audit_log::Column::RequestId.eq(&self.request_id));
        }
        if let Some(from) = self.from {
            all = all.add(audit_log::Column::CreatedAt.gte(from));
        }
        if let Some(until) = self.until {
            all = all.add(audit_log::Column::CreatedAt.lt(until));
        }
        all
    }
}

fn bad_cursor() -> Error {
    Error::invalid("cursor", "is not a cursor from this list; start again without it")
}

/// Entries after the cursor, newest first: keyset on `(created_at, id)`,
/// so an entry written while someone pages never shifts a page.
fn after(text: &str, tag: &str) -> Result<Condition> {
    let Cursor { key, id } = pagination::decode(text, tag)?;
    let at = OffsetDateTime::parse(&key, &Rfc3339).map_err(|_| bad_cursor())?;
    let id: AuditId = id.parse().map_err(|_| bad_cursor())?;
    Ok(Condition::any().add(audit_log::Column::CreatedAt.lt(at)).add(
        Condition::all()
            .add(audit_log::Column::CreatedAt.eq(at))
            .add(audit_log::Column::Id.lt(id)),
    ))
}

/// Whether a details key names something staff must never read.
fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "hash", "secret", "totp", "token", "recovery_code"]
        .iter()
        .any(|word| key.contains(word))
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret(key) {
                    *v = json!("[hidden]");
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// The details as staff may read them.
pub fn readable_details(stored: &str) -> String {
    match serde_json::from_str::<Value>(stored) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        // Not JSON: never written so; shown as is would risk a secret.
        Err(_) => "(unreadable)".into(),
    }
}

/// One page of the audit log. Staff only.
pub async fn admin_search_audit(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
    cursor: Option<&str>,
    limit: u64,
) -> Result<AuditPage> {
    if !actor.is_staff() {
        return Err(Error::Forbidden("Only staff can do this.".into()));
    }
    let tag = pagination::filter_tag(&filter.to_json());
    let mut query = audit_log::Entity::find().filter(filter.condition());
    if let Some(text) = cursor.filter(|c| !c.trim().is_empty()) {
        query = query.filter(after(text, &tag)?);
    }
    let query = query
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id);
    let rows: Vec<audit_log::Model> = db::all_limited(&app.db, query, limit + 1).await?;
    let page = pagination::Page::from_rows(rows, limit, &tag, |a| Cursor {
        key: a.created_at.format(&Rfc3339).unwrap_or_default(),
        id: a.id.0.to_string(),
    });
    let emails = emails_of(app, &page.items).await?;
    let email = |id: Option<UserId>| id.and_then(|id| emails.get(&id).cloned());
    let entries = page
        .items
        .into_iter()
        .map(|a| AuditEntryView {
            actor_email: email(a.actor_user_id),
            subject_email: email(a.subject_user_id),
            details: readable_details(&a.details),
            id: a.id,
            created_at: a.created_at,
            action: a.action,
            actor_user_id: a.actor_user_id,
            subject_user_id: a.subject_user_id,
            tenant_id: a.tenant_id,
            ip: a.ip,
            user_agent: a.user_agent,
            request_id: a.request_id,
        })
        .collect();
    Ok(AuditPage {
        entries,
        next_cursor: page.next_cursor,
    })
}

/// The emails of everyone a page of entries names, in one query.
async fn emails_of(app: &App, rows: &[audit_log::Model]) -> Result<HashMap<UserId, String>> {
    let mut ids: Vec<UserId> = rows
        .iter()
        .flat_map(|a| [a.actor_user_id, a.subject_user_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let people: Vec<(UserId, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(&app.db)
        .await?;
    Ok(people.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_staff() {
        let shown = readable_details(
            r#"{"reason":"x","password_hash":"$argon2","nested":{"totp_secret":"AB","token":"t"},"after":{"role":"user"}}"#,
        );
        assert!(
            !shown.contains("argon2") && !shown.contains("AB") && !shown.contains("\"t\""),
            "{shown}"
        );
        assert!(shown.contains("\"role\":\"user\"") && shown.contains("\"reason\":\"x\""));
        assert_eq!(readable_details("not json"), "(unreadable)");
    }

    #[test]
    fn times_are_days_or_minutes() {
        let (at, len) = parse_time("2026-11-25").unwrap();
        assert_eq!((at.hour(), len), (0, Duration::days(1)));
        let (at, len) = parse_time("2026-11-25T12:30").unwrap();
        assert_eq!((at.hour(), at.minute(), len), (12, 30, Duration::minutes(1)));
        assert!(parse_time("yesterday").is_none());
        let raw = RawAuditFilter {
            from: "2026-11-26".into(),
            to: "2026-11-25".into(),
            ..Default::default()
        };
        assert!(AuditFilter::parse(&raw).is_err());
        let raw = RawAuditFilter {
            tenant: "not-a-uuid".into(),
            ..Default::default()
        };
        assert!(AuditFilter::parse(&raw).is_err());
    }
}
