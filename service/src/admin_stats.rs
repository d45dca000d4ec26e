//! The console's dashboard: how many people, how active, how much they
//! keep, and how background work is doing. Every figure is an SQL aggregate
//! (`COUNT` with `CASE`), at most one statement per table and none per row,
//! so the page costs the same with ten users or ten thousand.

use crate::admin_jobs::{self, OutboxCounts, QueueReport};
use crate::db::{get, query_all};
use crate::error::{Error, Result};
use crate::identity::require_staff;
use crate::{Actor, App};
use sea_orm::{QueryResult, Value};
use time::{Duration, OffsetDateTime};

/// What "this week" and "recently active" mean on the dashboard.
pub const WEEK: Duration = Duration::days(7);
pub const MONTH: Duration = Duration::days(30);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserFigures {
    pub total: u64,
    /// Signed up in the last [`WEEK`].
    pub new_this_week: u64,
    pub verified: u64,
    pub unverified: u64,
    /// Locked now (by staff or by failed sign-ins).
    pub locked: u64,
}

/// People seen signed in (a web session or an API sign-in used) lately.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActiveFigures {
    pub last_7_days: u64,
    pub last_30_days: u64,
}

/// Rows kept per kind of record, across every tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFigures {
    pub accounts: u64,
    pub transactions: u64,
    pub transfers: u64,
    pub contacts: u64,
    pub ious: u64,
    pub groups: u64,
    pub expenses: u64,
    pub settlements: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub users: UserFigures,
    pub active: ActiveFigures,
    pub records: RecordFigures,
    pub outbox: OutboxCounts,
    pub queue: QueueReport,
    /// The `SendEmail` queue: delivered, and given up on.
    pub emails_sent: u64,
    pub emails_failed: u64,
    /// When "this week" starts, for the "new this week" link.
    pub week_start: OffsetDateTime,
}

/// Every figure on the dashboard, for staff.
pub async fn admin_dashboard(app: &App, actor: &Actor) -> Result<Dashboard> {
    require_staff(actor)?;
    let now = app.now();
    let week_start = now - WEEK;
    // Independent reads: run them side by side.
    let (users, active, records, outbox, queue) = tokio::join!(
        user_figures(app, now, week_start),
        active_figures(app, now),
        record_figures(app),
        admin_jobs::outbox_counts(app),
        admin_jobs::queue::read(app, 0),
    );
    let email = queue.queue("SendEmail");
    Ok(Dashboard {
        users: users?,
        active: active?,
        records: records?,
        outbox: outbox?,
        emails_sent: email.done,
        emails_failed: email.dead,
        queue,
        week_start,
    })
}

fn first(rows: &[QueryResult]) -> Result<&QueryResult> {
    rows.first()
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("an aggregate returned no row")))
}

fn count(row: &QueryResult, col: &str) -> Result<u64> {
    get::<i64>(row, col).map(|n| n.max(0) as u64)
}

async fn user_figures(app: &App, now: OffsetDateTime, week_start: OffsetDateTime) -> Result<UserFigures> {
    let rows = query_all(
        &app.db,
        "SELECT COUNT(*) AS total,
                COUNT(CASE WHEN created_at >= $1 THEN 1 END) AS new_this_week,
                COUNT(CASE WHEN email_verified THEN 1 END) AS verified,
                COUNT(CASE WHEN locked_until > $2 THEN 1 END) AS locked
         FROM users",
        vec![Value::from(week_start), Value::from(now)],
    )
    .await?;
    let row = first(&rows)?;
    let (total, verified) = (count(row, "total")?, count(row, "verified")?);
    Ok(UserFigures {
        total,
        new_this_week: count(row, "new_this_week")?,
        verified,
        unverified: total.saturating_sub(verified),
        locked: count(row, "locked")?,
    })
}

/// Browser sessions (staff console sessions aside) and API sign-ins each
/// record when they were last used; a person counts once however many they
/// have. Expired sessions are purged, so this is what the database still
/// knows: enough for "last 30 days" as sessions live that long.
async fn active_figures(app: &App, now: OffsetDateTime) -> Result<ActiveFigures> {
    let rows = query_all(
        &app.db,
        "SELECT COUNT(DISTINCT CASE WHEN seen >= $2 THEN user_id END) AS last_7_days,
                COUNT(DISTINCT user_id) AS last_30_days
         FROM (SELECT user_id, last_seen_at AS seen FROM sessions
                WHERE surface = 'web' AND last_seen_at >= $1
               UNION ALL
               SELECT user_id, last_seen_at AS seen FROM refresh_token_families
                WHERE last_seen_at >= $1) AS seen_lately",
        vec![Value::from(now - MONTH), Value::from(now - WEEK)],
    )
    .await?;
    let row = first(&rows)?;
    Ok(ActiveFigures {
        last_7_days: count(row, "last_7_days")?,
        last_30_days: count(row, "last_30_days")?,
    })
}

/// One `COUNT(*)` per table, sent as one statement.
async fn record_figures(app: &App) -> Result<RecordFigures> {
    let rows = query_all(
        &app.db,
        "SELECT (SELECT COUNT(*) FROM fin_accounts) AS accounts,
                (SELECT COUNT(*) FROM fin_transactions) AS transactions,
                (SELECT COUNT(*) FROM fin_transfers) AS transfers,
                (SELECT COUNT(*) FROM social_contacts) AS contacts,
                (SELECT COUNT(*) FROM peer_debts) AS ious,
                (SELECT COUNT(*) FROM expense_groups) AS expense_groups,
                (SELECT COUNT(*) FROM group_expenses) AS expenses,
                (SELECT COUNT(*) FROM settlements) AS settlements",
        vec![],
    )
    .await?;
    let row = first(&rows)?;
    Ok(RecordFigures {
        accounts: count(row, "accounts")?,
        transactions: count(row, "transactions")?,
        transfers: count(row, "transfers")?,
        contacts: count(row, "contacts")?,
        ious: count(row, "ious")?,
        groups: count(row, "expense_groups")?,
        expenses: count(row, "expenses")?,
        settlements: count(row, "settlements")?,
    })
}
