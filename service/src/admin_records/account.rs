//! A person's sign-ins and security audit as staff read them. Only what
//! staff may see leaves here: never a password, token or code hash, a TOTP
//! secret or a recovery code (the statements name their columns).

use super::{after, bad_cursor, owner};
use crate::audit_search::readable_details;
use crate::error::Result;
use crate::identity::AuditView;
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App, db};
use hisaab_entity::{AuditId, UserId, audit_log};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A web or console session, or an API sign-in (a refresh-token family),
/// ended or not.
#[derive(Clone, Debug)]
pub struct SignInRow {
    pub id: uuid::Uuid,
    /// `web`, `console` (a staff session) or `api`.
    pub kind: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub revoked_at: Option<OffsetDateTime>,
    /// When a session stops working unused (API sign-ins: `None`).
    pub expires_at: Option<OffsetDateTime>,
}

/// Sessions and API sign-ins together, by when they began (newest first).
const SIGN_INS_SQL: &str = "\
    SELECT * FROM ( \
      SELECT id, CASE WHEN surface = 'admin' THEN 'console' ELSE 'web' END AS kind, created_at, last_seen_at, \
        ip, user_agent, revoked_at, expires_at \
      FROM sessions WHERE user_id = $1 AND tenant_id = $2 \
      UNION ALL \
      SELECT id, 'api' AS kind, created_at, COALESCE(last_seen_at, created_at) AS last_seen_at, \
        ip, user_agent, revoked_at, NULL AS expires_at \
      FROM refresh_token_families WHERE user_id = $1 AND tenant_id = $2 \
    ) s";

fn time_key(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn parse_time_key(key: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(key, &Rfc3339).map_err(|_| bad_cursor())
}

/// Every sign-in the person has had, live or ended, newest first.
pub async fn sign_ins(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<SignInRow>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.sign_ins");
    let mut sql = SIGN_INS_SQL.to_string();
    let mut values = vec![Value::from(owner.user_id.0), Value::from(owner.tenant_id.0)];
    if let Some(c) = after(cursor, &tag)? {
        let at = parse_time_key(&c.key)?;
        let id = uuid::Uuid::parse_str(&c.id).map_err(|_| bad_cursor())?;
        values.push(Value::from(at));
        values.push(Value::from(id));
        sql.push_str(" WHERE s.created_at < $3 OR (s.created_at = $3 AND s.id < $4)");
    }
    sql.push_str(&format!(
        " ORDER BY s.created_at DESC, s.id DESC LIMIT {}",
        limit + 1
    ));
    let rows = db::query_all(&app.db, &sql, values)
        .await?
        .iter()
        .map(|row| {
            Ok(SignInRow {
                id: db::get(row, "id")?,
                kind: db::get(row, "kind")?,
                created_at: db::get(row, "created_at")?,
                last_seen_at: db::get(row, "last_seen_at")?,
                ip: db::get(row, "ip")?,
                user_agent: db::get(row, "user_agent")?,
                revoked_at: db::get(row, "revoked_at")?,
                expires_at: db::get(row, "expires_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, limit, &tag, |s| Cursor {
        key: time_key(s.created_at),
        id: s.id.to_string(),
    }))
}

/// The security audit about the person or by them, newest first, details
/// with secret-looking values blanked (`audit_search::readable_details`).
pub async fn audit(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<AuditView>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.user_audit");
    let mut query = audit_log::Entity::find().filter(
        Condition::any()
            .add(audit_log::Column::SubjectUserId.eq(owner.user_id))
            .add(audit_log::Column::ActorUserId.eq(owner.user_id)),
    );
    if let Some(c) = after(cursor, &tag)? {
        let at = parse_time_key(&c.key)?;
        let id: AuditId = c.id.parse().map_err(|_| bad_cursor())?;
        query = query.filter(
            Condition::any().add(audit_log::Column::CreatedAt.lt(at)).add(
                Condition::all()
                    .add(audit_log::Column::CreatedAt.eq(at))
                    .add(audit_log::Column::Id.lt(id)),
            ),
        );
    }
    let query = query
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id);
    let rows: Vec<audit_log::Model> = db::all_limited(&app.db, query, limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |a| Cursor {
        key: time_key(a.created_at),
        id: a.id.0.to_string(),
    });
    Ok(page.map(|a| AuditView {
        created_at: a.created_at,
        action: a.action,
        ip: a.ip,
        user_agent: a.user_agent,
        request_id: a.request_id,
        details: readable_details(&a.details),
    }))
}
