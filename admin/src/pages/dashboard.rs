//! `GET /`: the console's front page. Every figure comes from
//! `admin_stats::admin_dashboard` (SQL aggregates only) and links to the
//! list it counts where the console has one.

use hisaab_http::{PageCtx, PageResult, SignedIn};
use hisaab_service::admin_stats::{self, Dashboard, RowCount};
use poem::handler;
use poem::http::StatusCode;
use serde_json::{Value, json};
use time::macros::format_description;

/// The user list's filters (`/users?…`) each figure opens.
fn user_links(d: &Dashboard) -> Value {
    let since = d
        .week_start
        .to_offset(time::UtcOffset::UTC)
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default();
    json!({
        "total": "/users",
        "new_this_week": format!("/users?created_from={since}"),
        "verified": "/users?verified=true",
        "unverified": "/users?verified=false",
        "locked": "/users?locked=true",
    })
}

/// A record count, marked when it is PostgreSQL's estimate.
fn rows(c: RowCount) -> Value {
    json!({ "rows": c.rows, "estimated": c.estimated })
}

fn context(d: &Dashboard) -> Value {
    let r = &d.records;
    json!({
        "users": {
            "total": d.users.total,
            "new_this_week": d.users.new_this_week,
            "verified": d.users.verified,
            "unverified": d.users.unverified,
            "locked": d.users.locked,
        },
        "user_links": user_links(d),
        "active": {
            "last_7_days": d.active.last_7_days,
            "last_30_days": d.active.last_30_days,
        },
        "records": {
            "accounts": rows(r.accounts),
            "transactions": rows(r.transactions),
            "transfers": rows(r.transfers),
            "contacts": rows(r.contacts),
            "ious": rows(r.ious),
            "groups": rows(r.groups),
            "expenses": rows(r.expenses),
            "settlements": rows(r.settlements),
        },
        "outbox": {
            "pending": d.outbox.pending,
            "running": d.outbox.running,
            "failed": d.outbox.failed,
            "dead": d.outbox.dead,
            "lag_seconds": d.outbox.lag_seconds.round() as u64,
        },
        "queue": {
            "backend": d.queue.backend,
            "error": d.queue.error,
            "pending": d.queue.total(|q| q.pending),
            "failed": d.queue.total(|q| q.failed),
            "dead": d.queue.total(|q| q.dead),
        },
        "emails": {
            "sent": d.emails_sent,
            "failed": d.emails_failed,
        },
    })
}

#[handler]
pub async fn dashboard_page(ctx: PageCtx, staff: SignedIn) -> PageResult {
    let d = admin_stats::admin_dashboard(ctx.app(), &staff.actor).await?;
    Ok(ctx.render(StatusCode::OK, "admin/dashboard.html", "Dashboard", context(&d)))
}
