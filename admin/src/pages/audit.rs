//! The audit log (`/audit`): every entry, newest first, narrowed by actor,
//! target, action, tenant, address, request id and time; "Load more" pages
//! by cursor (htmx, like the user list); `?format=csv` downloads every
//! matching entry, formula-safe and audited as `admin.export`.

use super::when;
use hisaab_http::{PageCtx, PageResult, SignedIn, csv, urlencode};
use hisaab_service::audit_search::{self, AuditEntryView, AuditFilter, RawAuditFilter};
use hisaab_service::identity;
use poem::handler;
use poem::http::StatusCode;
use poem::web::Query;
use serde::Deserialize;
use serde_json::{Value, json};

/// Entries per page ("Load more" fetches the next).
pub const AUDIT_PAGE_SIZE: u64 = 50;
/// Entries read per query while a CSV download is written.
const CSV_PAGE: u64 = 500;

/// Actions offered as suggestions in the action box (any text works).
const KNOWN_ACTIONS: [&str; 16] = [
    "admin.",
    "admin.bulk_action",
    "admin.email_verified",
    "admin.export",
    "admin.password_reset_sent",
    "admin.plan_changed",
    "admin.role_changed",
    "admin.sessions_revoked",
    "admin.user_locked",
    "admin.user_unlocked",
    "admin.verification_resent",
    "auth.",
    "auth.sign_in.failure",
    "auth.sign_in.success",
    "auth.password_reset",
    "auth.registered",
];

/// The filter form's fields, blank when not given.
const FILTER_FIELDS: [&str; 8] = [
    "actor",
    "target",
    "action",
    "tenant",
    "ip",
    "request_id",
    "from",
    "to",
];

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(flatten)]
    filter: RawAuditFilter,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    format: String,
}

fn filter_query(filter: &AuditFilter) -> String {
    filter
        .query_pairs()
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn href(filter: &AuditFilter, extra: &str) -> String {
    let parts: Vec<String> = [filter_query(filter), extra.to_string()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "/audit".into()
    } else {
        format!("/audit?{}", parts.join("&"))
    }
}

fn text(value: &Option<impl ToString>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

const CSV_COLUMNS: [&str; 11] = [
    "created_at",
    "action",
    "actor_email",
    "actor_user_id",
    "target_email",
    "target_user_id",
    "tenant_id",
    "ip",
    "user_agent",
    "request_id",
    "details",
];

fn csv_cells(a: &AuditEntryView) -> Vec<String> {
    vec![
        when(a.created_at),
        a.action.clone(),
        text(&a.actor_email),
        text(&a.actor_user_id),
        text(&a.subject_email),
        text(&a.subject_user_id),
        text(&a.tenant_id),
        text(&a.ip),
        text(&a.user_agent),
        text(&a.request_id),
        a.details.clone(),
    ]
}

fn row(a: &AuditEntryView) -> Value {
    json!({
        "created_at": when(a.created_at),
        "action": a.action,
        "actor_email": a.actor_email,
        "actor_user_id": a.actor_user_id.map(|id| id.to_string()),
        "target_email": a.subject_email,
        "target_user_id": a.subject_user_id.map(|id| id.to_string()),
        "tenant_id": text(&a.tenant_id),
        "ip": text(&a.ip),
        "user_agent": text(&a.user_agent),
        "request_id": text(&a.request_id),
        "details": a.details,
    })
}

/// `GET /audit?format=csv&…`: every matching entry, streamed; the download
/// is audited before the first row.
async fn audit_csv(ctx: &PageCtx, staff: &SignedIn, filter: AuditFilter) -> PageResult {
    let app = ctx.app().clone();
    identity::admin_record_export(&app, &staff.actor, "audit", filter.to_json()).await?;
    let actor = staff.actor.clone();
    let rows = csv::paged(move |cursor: Option<String>| {
        let (app, actor, filter) = (app.clone(), actor.clone(), filter.clone());
        async move {
            let page =
                audit_search::admin_search_audit(&app, &actor, &filter, cursor.as_deref(), CSV_PAGE).await?;
            Ok((page.entries.iter().map(csv_cells).collect(), page.next_cursor))
        }
    });
    Ok(csv::download("audit.csv", &CSV_COLUMNS, rows))
}

/// `GET /audit?actor=&target=&action=&tenant=&ip=&request_id=&from=&to=&cursor=`:
/// the whole page, or only the rows for the filters and "Load more".
#[handler]
pub async fn audit_list(ctx: PageCtx, staff: SignedIn, Query(query): Query<AuditQuery>) -> PageResult {
    let filter = AuditFilter::parse(&query.filter)?;
    if query.format == "csv" {
        return audit_csv(&ctx, &staff, filter).await;
    }
    let cursor = identity::clean_text(&query.cursor);
    let cursor = (!cursor.is_empty()).then_some(cursor.as_str());
    let page =
        audit_search::admin_search_audit(ctx.app(), &staff.actor, &filter, cursor, AUDIT_PAGE_SIZE).await?;
    let more_href = page
        .next_cursor
        .as_ref()
        .map(|c| href(&filter, &format!("cursor={}", urlencode(c))));
    let mut values: serde_json::Map<String, Value> =
        FILTER_FIELDS.iter().map(|k| (k.to_string(), json!(""))).collect();
    for (k, v) in filter.query_pairs() {
        values.insert(k.to_string(), json!(v));
    }
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "admin/audit/list.html",
        "admin/audit/rows_partial.html",
        "Audit log",
        json!({
            "f": values,
            "filtered": !filter.query_pairs().is_empty(),
            "entries": page.entries.iter().map(row).collect::<Vec<_>>(),
            "more_href": more_href,
            "csv_href": href(&filter, "format=csv"),
            "known_actions": KNOWN_ACTIONS,
        }),
    ))
}
