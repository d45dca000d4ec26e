//! Finding accounts: the user list (search, filters, cursor pages, CSV) and
//! a user's page. The actions on a user are in `user_actions`, the bulk
//! ones in `bulk`.

use super::when;
use hisaab_http::{PageCtx, PageResult, SignedIn, csv, urlencode};
use hisaab_service::entity::UserId;
use hisaab_service::identity::{self, AuditView, RawUserFilter, UserFilter, UserView};
use hisaab_service::{Actor, App, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

/// Rows per page of the user list ("Load more" fetches the next).
pub const PAGE_SIZE: u64 = 25;
/// Audit entries shown on a user's page.
pub const AUDIT_ENTRIES: u64 = 50;

const ROLES: [&str; 4] = ["user", "premium", "support", "superadmin"];

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    filter: RawUserFilter,
    #[serde(default)]
    cursor: String,
    /// `csv`: every matching user as a download instead of a page.
    #[serde(default)]
    format: String,
}

/// The filter as a query string (no leading `?`), for links that keep it.
pub(super) fn filter_query(filter: &UserFilter) -> String {
    filter
        .query_pairs()
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `base` with the filter's query string and then `extra` pairs.
fn href(base: &str, filter: &UserFilter, extra: &str) -> String {
    let parts: Vec<String> = [filter_query(filter), extra.to_string()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
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

/// `GET /users?format=csv&…`: every user the filter matches, streamed a
/// page at a time, formula-safe; the download is audited first.
async fn users_csv(ctx: &PageCtx, staff: &SignedIn, filter: UserFilter) -> PageResult {
    let app = ctx.app().clone();
    identity::admin_record_export(&app, &staff.actor, "users", filter.to_json()).await?;
    let actor = staff.actor.clone();
    let rows = csv::paged(move |cursor: Option<String>| {
        let (app, actor, filter) = (app.clone(), actor.clone(), filter.clone());
        async move {
            let page = identity::admin_list_users(&app, &actor, &filter, cursor.as_deref(), CSV_PAGE).await?;
            let now = app.now();
            Ok((
                page.users.iter().map(|u| csv_cells(u, now)).collect(),
                page.next_cursor,
            ))
        }
    });
    Ok(csv::download("users.csv", &CSV_COLUMNS, rows))
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

const FILTER_FIELDS: [&str; 7] = [
    "q",
    "role",
    "plan",
    "verified",
    "locked",
    "created_from",
    "created_to",
];

/// The filter's fields as the list's form shows them (blank: any).
fn filter_values(filter: &UserFilter) -> Value {
    let mut values: serde_json::Map<String, Value> =
        FILTER_FIELDS.iter().map(|k| (k.to_string(), json!(""))).collect();
    for (k, v) in filter.query_pairs() {
        values.insert(k.to_string(), json!(v));
    }
    Value::Object(values)
}

/// `GET /users?q=&role=&plan=&verified=&locked=&created_from=&created_to=&cursor=`:
/// the whole page, or only the rows for the search box, the filters and
/// "Load more" (targeted htmx requests).
#[handler]
pub async fn users_list(ctx: PageCtx, staff: SignedIn, Query(query): Query<ListQuery>) -> PageResult {
    let filter = UserFilter::parse(&query.filter)?;
    if query.format == "csv" {
        return users_csv(&ctx, &staff, filter).await;
    }
    let cursor = identity::clean_text(&query.cursor);
    let cursor = (!cursor.is_empty()).then_some(cursor.as_str());
    let page = identity::admin_list_users(ctx.app(), &staff.actor, &filter, cursor, PAGE_SIZE).await?;
    let now = ctx.state.app.now();
    let users: Vec<Value> = page.users.iter().map(|u| user_row(u, now)).collect();
    let more_href = page
        .next_cursor
        .as_ref()
        .map(|c| href("/users", &filter, &format!("cursor={}", urlencode(c))));
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "admin/users/list.html",
        "admin/users/rows_partial.html",
        "Users",
        json!({
            "q": filter.q,
            "f": filter_values(&filter),
            "filtered": !filter.is_empty(),
            "roles": ROLES,
            "users": users,
            "next_cursor": page.next_cursor,
            "more_href": more_href,
            "csv_href": href("/users", &filter, "format=csv"),
            // Bulk actions change accounts: superadmins only.
            "can_change": staff.actor.is_superadmin(),
            "bulk_lock_href": href("/users/bulk/lock", &filter, ""),
            "bulk_revoke_href": href("/users/bulk/revoke-sessions", &filter, ""),
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
        "details": hisaab_service::audit_search::readable_details(&a.details),
    })
}

/// What `admin/users/detail.html` shows about one account.
pub(super) async fn detail_context(app: &App, actor: &Actor, id: UserId) -> Result<(String, Value)> {
    let (u, sessions_count) = identity::admin_get_user(app, actor, id).await?;
    let audit = identity::admin_recent_audit(app, actor, id, AUDIT_ENTRIES).await?;
    let now = app.now();
    let locked = u.is_locked(now);
    let mut user = user_row(&u, now);
    user["locked_until"] = json!(u.locked_until.filter(|_| locked).map(when));
    user["failed_login_count"] = json!(u.failed_login_count);
    user["sessions_count"] = json!(sessions_count);
    user["staff"] = json!(u.role.is_staff());
    let context = json!({
        "u": user,
        "tabs": super::user_tabs::tab_links(id, None),
        "roles": ROLES,
        "plans": identity::PLANS.map(identity::role_name),
        // Support staff see the page without the buttons they may not use.
        "can_change": actor.is_superadmin(),
        "audit": audit.iter().map(audit_row).collect::<Vec<_>>(),
        "failed": "",
        "reason_error": "",
    });
    Ok((u.email, context))
}

/// A path id that is not a UUID is a missing user, not a bad request.
pub(super) fn parse_id(raw: &str) -> Result<UserId> {
    hisaab_http::path_id(raw)
}

/// `GET /users/{id}`: role, verification, lock state, actions, recent audit entries.
#[handler]
pub async fn user_detail(ctx: PageCtx, staff: SignedIn, Path(raw_id): Path<String>) -> PageResult {
    let (email, context) = detail_context(ctx.app(), &staff.actor, parse_id(&raw_id)?).await?;
    Ok(ctx.render(StatusCode::OK, "admin/users/detail.html", &email, context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_service::Error;

    #[test]
    fn ids_that_are_not_uuids_are_not_found() {
        assert!(matches!(parse_id("42"), Err(Error::NotFound)));
        assert!(parse_id("0190c9f0-7a2b-7c3d-8e4f-0123456789ab").is_ok());
    }

    #[test]
    fn links_keep_the_filter() {
        let filter = UserFilter::parse(&RawUserFilter {
            q: "a b".into(),
            locked: "true".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            href("/users", &filter, "format=csv"),
            "/users?q=a%20b&locked=true&format=csv"
        );
        assert_eq!(href("/users", &UserFilter::default(), ""), "/users");
    }
}
