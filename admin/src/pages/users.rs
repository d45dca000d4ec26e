//! Finding accounts and acting on them: lock, unlock, role, sign out
//! everywhere. The service functions check the staff role and write the
//! audit entry (staff member as actor, this request's id and address).

use super::when;
use crate::flash::Flash;
use hisaab_http::{PageCtx, PageResult, SignedIn, csv, flash};
use hisaab_service::entity::UserId;
use hisaab_service::identity::{self, AuditView, UserView};
use hisaab_service::{Actor, App, Error, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

/// Rows per page of the user list ("Load more" fetches the next).
pub const PAGE_SIZE: u64 = 25;
/// Audit entries shown on a user's page.
pub const AUDIT_ENTRIES: u64 = 50;
/// Longer than any email address: a search or cursor beyond is cut.
const MAX_QUERY: usize = 254;

const ROLES: [&str; 4] = ["user", "premium", "support", "superadmin"];

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    cursor: String,
    /// `csv`: every matching user as a download instead of a page.
    #[serde(default)]
    format: String,
}

/// Users read per query while a CSV download is written.
const CSV_PAGE: u64 = 500;
const CSV_COLUMNS: [&str; 8] = [
    "id",
    "email",
    "display_name",
    "role",
    "email_verified",
    "locked",
    "created_at",
    "base_currency",
];

fn csv_cells(u: &UserView, now: OffsetDateTime) -> Vec<String> {
    vec![
        u.id.to_string(),
        u.email.clone(),
        u.display_name.clone(),
        identity::role_name(u.role).to_string(),
        u.email_verified.to_string(),
        u.is_locked(now).to_string(),
        when(u.created_at),
        u.base_currency.clone(),
    ]
}

/// `GET /users?format=csv&q=`: every user the search matches, streamed a
/// page at a time, formula-safe; the download is audited first.
async fn users_csv(ctx: &PageCtx, staff: &SignedIn, q: String) -> PageResult {
    let app = ctx.app().clone();
    identity::admin_record_export(&app, &staff.actor, "users", json!({ "q": q })).await?;
    let actor = staff.actor.clone();
    let rows = csv::paged(move |cursor: Option<String>| {
        let (app, actor, q) = (app.clone(), actor.clone(), q.clone());
        async move {
            let page = identity::admin_list_users(&app, &actor, &q, cursor.as_deref(), CSV_PAGE).await?;
            let now = app.now();
            Ok((
                page.users.iter().map(|u| csv_cells(u, now)).collect(),
                page.next_cursor,
            ))
        }
    });
    Ok(csv::download("users.csv", &CSV_COLUMNS, rows))
}

/// Search text and cursors go into SQL text comparisons: PostgreSQL refuses
/// NUL where SQLite would accept it, so control characters never reach it.
fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(MAX_QUERY).collect()
}

fn user_row(u: &UserView, now: OffsetDateTime) -> Value {
    json!({
        "id": u.id.to_string(),
        "email": u.email,
        "display_name": u.display_name,
        "role": identity::role_name(u.role),
        "email_verified": u.email_verified,
        "locked": u.is_locked(now),
        "created_at": when(u.created_at),
    })
}

/// `GET /users?q=&cursor=`: the whole page, or only the rows for the search
/// box and "Load more" (targeted htmx requests).
#[handler]
pub async fn users_list(ctx: PageCtx, staff: SignedIn, Query(query): Query<ListQuery>) -> PageResult {
    let q = clean(&query.q);
    if query.format == "csv" {
        return users_csv(&ctx, &staff, q).await;
    }
    let cursor = clean(&query.cursor);
    let cursor = (!cursor.is_empty()).then_some(cursor.as_str());
    let page = identity::admin_list_users(ctx.app(), &staff.actor, &q, cursor, PAGE_SIZE).await?;
    let now = ctx.state.app.now();
    let users: Vec<Value> = page.users.iter().map(|u| user_row(u, now)).collect();
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "admin/users/list.html",
        "admin/users/rows_partial.html",
        "Users",
        json!({
            "q": q,
            "users": users,
            "next_cursor": page.next_cursor,
            "csv_href": format!("/users?format=csv&q={}", hisaab_http::urlencode(&q)),
        }),
    ))
}

fn audit_row(a: &AuditView) -> Value {
    json!({
        "created_at": when(a.created_at),
        "action": a.action,
        "ip": a.ip.clone().unwrap_or_default(),
        "user_agent": a.user_agent.clone().unwrap_or_default(),
        "request_id": a.request_id.clone().unwrap_or_default(),
        "details": a.details,
    })
}

/// What `admin/users/detail.html` shows about one account.
async fn detail_context(app: &App, actor: &Actor, id: UserId) -> Result<(String, Value)> {
    let (u, sessions_count) = identity::admin_get_user(app, actor, id).await?;
    let audit = identity::admin_recent_audit(app, actor, id, AUDIT_ENTRIES).await?;
    let now = app.now();
    let locked = u.is_locked(now);
    let mut user = user_row(&u, now);
    user["locked_until"] = json!(u.locked_until.filter(|_| locked).map(when));
    user["failed_login_count"] = json!(u.failed_login_count);
    user["sessions_count"] = json!(sessions_count);
    let context = json!({
        "u": user,
        "roles": ROLES,
        // Support staff see the page without the buttons they may not use.
        "can_change": actor.is_superadmin(),
        "audit": audit.iter().map(audit_row).collect::<Vec<_>>(),
    });
    Ok((u.email, context))
}

/// A path id that is not a UUID is a missing user, not a bad request.
fn parse_id(raw: &str) -> Result<UserId> {
    hisaab_http::path_id(raw)
}

/// `GET /users/{id}`: role, verification, lock state, recent audit entries.
#[handler]
pub async fn user_detail(ctx: PageCtx, staff: SignedIn, Path(raw_id): Path<String>) -> PageResult {
    let (email, context) = detail_context(ctx.app(), &staff.actor, parse_id(&raw_id)?).await?;
    Ok(ctx.render(StatusCode::OK, "admin/users/detail.html", &email, context))
}

enum Action {
    Lock,
    Unlock,
    Role(String),
    RevokeSessions,
}

async fn apply(app: &App, actor: &Actor, id: UserId, action: Action) -> Result<Flash> {
    match action {
        Action::Lock => {
            // The service also ends every session, in the same transaction.
            identity::admin_set_lock(app, actor, id, true).await?;
            Ok(Flash::Locked)
        }
        Action::Unlock => {
            identity::admin_set_lock(app, actor, id, false).await?;
            Ok(Flash::Unlocked)
        }
        Action::Role(text) => {
            let role = identity::parse_role(text.trim()).ok_or_else(|| {
                Error::invalid(
                    "role",
                    "Choose one of the roles: user, premium, support or superadmin.",
                )
            })?;
            identity::admin_set_role(app, actor, id, role).await?;
            Ok(Flash::RoleChanged)
        }
        Action::RevokeSessions => {
            identity::admin_revoke_sessions(app, actor, id).await?;
            Ok(Flash::SessionsRevoked)
        }
    }
}

/// Runs a staff action, then back to the user's page with a toast. A refusal
/// (say, removing your own staff role) re-renders the page with the reason.
async fn act(ctx: PageCtx, staff: SignedIn, raw_id: &str, action: Action) -> PageResult {
    let id = parse_id(raw_id)?;
    let app = ctx.app();
    let (status, message) = match apply(app, &staff.actor, id, action).await {
        Ok(done) => return Ok(ctx.redirect_with_flash(&format!("/users/{id}"), done)),
        // Support staff may look, not change: the page says so.
        Err(Error::Forbidden(message)) => (StatusCode::FORBIDDEN, message),
        Err(Error::Invalid { detail: message, .. } | Error::Conflict(message)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, message)
        }
        Err(e) => return Err(e.into()),
    };
    let (email, mut context) = detail_context(app, &staff.actor, id).await?;
    context["flash"] = flash::error(&message);
    Ok(ctx.render(status, "admin/users/detail.html", &email, context))
}

#[handler]
pub async fn lock(ctx: PageCtx, staff: SignedIn, Path(id): Path<String>) -> PageResult {
    act(ctx, staff, &id, Action::Lock).await
}

#[handler]
pub async fn unlock(ctx: PageCtx, staff: SignedIn, Path(id): Path<String>) -> PageResult {
    act(ctx, staff, &id, Action::Unlock).await
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

#[handler]
pub async fn set_role(
    ctx: PageCtx,
    staff: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> PageResult {
    act(ctx, staff, &id, Action::Role(f.role)).await
}

#[handler]
pub async fn revoke_sessions(ctx: PageCtx, staff: SignedIn, Path(id): Path<String>) -> PageResult {
    act(ctx, staff, &id, Action::RevokeSessions).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_loses_control_characters() {
        assert_eq!(clean("ali\0ce@exa\u{7f}mple.com"), "alice@example.com");
        assert_eq!(clean(&"a".repeat(500)).len(), MAX_QUERY);
    }

    #[test]
    fn ids_that_are_not_uuids_are_not_found() {
        assert!(matches!(parse_id("42"), Err(Error::NotFound)));
        assert!(parse_id("0190c9f0-7a2b-7c3d-8e4f-0123456789ab").is_ok());
    }
}
