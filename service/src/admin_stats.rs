//! The console's dashboard: how many people, how active, how much they
//! keep, and how background work is doing. Every figure is an SQL aggregate
//! (`COUNT` with `CASE`), at most one statement per table and none per row,
//! so the page costs the same with ten users or ten thousand. Record counts
//! of big tables on PostgreSQL are the planner's estimates ([`EXACT_BELOW`]).

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

/// A row count: exact, or PostgreSQL's own estimate for a big table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCount {
    pub rows: u64,
    /// From the planner's statistics (`pg_class.reltuples`, kept by
    /// autovacuum), not counted: see [`EXACT_BELOW`].
    pub estimated: bool,
}

/// Rows kept per kind of record, across every tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFigures {
    pub accounts: RowCount,
    pub transactions: RowCount,
    pub transfers: RowCount,
    pub contacts: RowCount,
    pub ious: RowCount,
    pub groups: RowCount,
    pub expenses: RowCount,
    pub settlements: RowCount,
}

/// Tables counted on the dashboard, as `(figure, table)`.
const RECORD_TABLES: [(&str, &str); 8] = [
    ("accounts", "fin_accounts"),
    ("transactions", "fin_transactions"),
    ("transfers", "fin_transfers"),
    ("contacts", "social_contacts"),
    ("ious", "peer_debts"),
    ("groups", "expense_groups"),
    ("expenses", "group_expenses"),
    ("settlements", "settlements"),
];

/// On PostgreSQL a table estimated at this many rows or more is shown with
/// its estimate. An exact `COUNT(*)` reads every row (an index-only scan at
/// best): over a million transactions that is 50–200 ms on a small host,
/// alone past the dashboard's 100 ms budget, while the estimate is one
/// catalogue read and off by a few percent at most once autovacuum has run.
pub const EXACT_BELOW: i64 = 100_000;

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

/// Exact counts for small tables (one `COUNT(*)` per table, sent as one
/// statement); on PostgreSQL big tables are estimated (see [`EXACT_BELOW`]).
async fn record_figures(app: &App) -> Result<RecordFigures> {
    let mut estimates = std::collections::HashMap::new();
    if crate::db::is_postgres(&app.db) {
        // `to_regclass` follows the search path, like the queries do.
        let columns: Vec<String> = RECORD_TABLES
            .iter()
            .map(|(name, table)| {
                format!("(SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = to_regclass('{table}')) AS {name}")
            })
            .collect();
        let rows = query_all(&app.db, &format!("SELECT {}", columns.join(", ")), vec![]).await?;
        let row = first(&rows)?;
        for (name, _) in RECORD_TABLES {
            // -1: never analysed yet; count it.
            let estimate = get::<Option<i64>>(row, name)?.unwrap_or(-1);
            if estimate >= EXACT_BELOW {
                estimates.insert(name, estimate as u64);
            }
        }
    }
    let exact: Vec<String> = RECORD_TABLES
        .iter()
        .filter(|(name, _)| !estimates.contains_key(name))
        .map(|(name, table)| format!("(SELECT COUNT(*) FROM {table}) AS {name}"))
        .collect();
    let mut counted = std::collections::HashMap::new();
    if !exact.is_empty() {
        let rows = query_all(&app.db, &format!("SELECT {}", exact.join(", ")), vec![]).await?;
        let row = first(&rows)?;
        for (name, _) in RECORD_TABLES {
            if !estimates.contains_key(name) {
                counted.insert(name, count(row, name)?);
            }
        }
    }
    let figure = |name: &str| match estimates.get(name) {
        Some(rows) => RowCount {
            rows: *rows,
            estimated: true,
        },
        None => RowCount {
            rows: counted.get(name).copied().unwrap_or(0),
            estimated: false,
        },
    };
    Ok(RecordFigures {
        accounts: figure("accounts"),
        transactions: figure("transactions"),
        transfers: figure("transfers"),
        contacts: figure("contacts"),
        ious: figure("ious"),
        groups: figure("groups"),
        expenses: figure("expenses"),
        settlements: figure("settlements"),
    })
}
