//! The console's view of background work: outbox events not yet dispatched
//! (pending, running, failed, dead-lettered) and the job queue, and the one
//! thing staff may do about them: retry failed or dead-lettered events and
//! jobs. Reading is for staff; retrying is for superadmins, with a reason,
//! audited with the state before and after.

pub mod queue;

use crate::audit::{Entry, StaffReason};
use crate::db::{self, get, query_all};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::identity::{require_staff, require_superadmin};
use crate::{Actor, App};
use hisaab_entity::OutboxId;
use sea_orm::{ConnectionTrait, Value};
use serde_json::json;
use time::OffsetDateTime;

pub use queue::{FailedJob, JobRetry, QueueCounts, QueueReport, RETRY_ALL_LIMIT};

/// Failed queue jobs listed on the jobs page.
pub const FAILED_JOBS_LISTED: u64 = 25;

/// Where an undispatched outbox event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventState {
    /// Waiting for its first attempt.
    Pending,
    /// Leased by a dispatcher right now.
    Running,
    /// Failed at least once; will be tried again after its backoff.
    Failed,
    /// Out of attempts (`outbox::DEAD_AFTER_ATTEMPTS`); waits for staff.
    Dead,
}

impl EventState {
    pub const ALL: [EventState; 4] = [Self::Pending, Self::Running, Self::Failed, Self::Dead];

    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Failed => "failed",
            Self::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == text)
    }

    /// The SQL condition for this state over an `outbox` row (undispatched
    /// rows only; `$1` is now). The four are disjoint.
    fn condition(self) -> &'static str {
        match self {
            Self::Pending => "dead_at IS NULL AND attempts = 0 AND (lease_until IS NULL OR lease_until < $1)",
            Self::Running => "dead_at IS NULL AND lease_until >= $1",
            Self::Failed => "dead_at IS NULL AND attempts > 0 AND (lease_until IS NULL OR lease_until < $1)",
            Self::Dead => "dead_at IS NOT NULL",
        }
    }
}

/// Undispatched outbox events by state, and the age of the oldest one still
/// being tried.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub running: u64,
    pub failed: u64,
    pub dead: u64,
    /// Seconds since the oldest live (not dead) event was written; 0 when none.
    pub lag_seconds: f64,
}

/// One outbox event as staff see it (never its payload: it may carry
/// one-time links).
#[derive(Clone, Debug, PartialEq)]
pub struct EventView {
    pub id: OutboxId,
    pub event_type: String,
    pub state: EventState,
    pub attempts: i32,
    pub created_at: OffsetDateTime,
    /// When it is next due (for pending and failed events).
    pub available_at: OffsetDateTime,
    pub dead_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
}

pub struct EventPage {
    pub events: Vec<EventView>,
    /// The last id shown, when there are more.
    pub next_cursor: Option<String>,
}

/// The outbox's figures in one pass over its undispatched rows
/// (`ix_outbox_pending`). For the jobs page and the dashboard.
pub(crate) async fn outbox_counts(app: &App) -> Result<OutboxCounts> {
    let now = app.now();
    let sql = format!(
        "SELECT COUNT(CASE WHEN {p} THEN 1 END) AS pending,
                COUNT(CASE WHEN {r} THEN 1 END) AS running,
                COUNT(CASE WHEN {f} THEN 1 END) AS failed,
                COUNT(CASE WHEN {d} THEN 1 END) AS dead,
                MIN(CASE WHEN dead_at IS NULL THEN created_at END) AS oldest
         FROM outbox WHERE dispatched_at IS NULL",
        p = EventState::Pending.condition(),
        r = EventState::Running.condition(),
        f = EventState::Failed.condition(),
        d = EventState::Dead.condition(),
    );
    let rows = query_all(&app.db, &sql, vec![Value::from(now)]).await?;
    let row = rows
        .first()
        .ok_or(Error::Internal(anyhow::anyhow!("no outbox counts")))?;
    let count = |col: &str| get::<i64>(row, col).map(|n| n.max(0) as u64);
    let oldest: Option<OffsetDateTime> = get(row, "oldest")?;
    Ok(OutboxCounts {
        pending: count("pending")?,
        running: count("running")?,
        failed: count("failed")?,
        dead: count("dead")?,
        lag_seconds: oldest.map(|t| (now - t).as_seconds_f64().max(0.0)).unwrap_or(0.0),
    })
}

/// The outbox's figures (see [`outbox_counts`]), for staff.
pub async fn admin_outbox_counts(app: &App, actor: &Actor) -> Result<OutboxCounts> {
    require_staff(actor)?;
    outbox_counts(app).await
}

/// The job queue's figures and latest failures, for staff. A queue that
/// cannot be read is reported in the answer, not as an error.
pub async fn admin_queue_report(app: &App, actor: &Actor) -> Result<QueueReport> {
    require_staff(actor)?;
    Ok(queue::read(app, FAILED_JOBS_LISTED).await)
}

const EVENT_COLUMNS: &str =
    "id, event_type, attempts, created_at, available_at, lease_until, dead_at, last_error";

fn event_view(row: &sea_orm::QueryResult, now: OffsetDateTime) -> Result<EventView> {
    let attempts: i32 = get(row, "attempts")?;
    let dead_at: Option<OffsetDateTime> = get(row, "dead_at")?;
    let lease_until: Option<OffsetDateTime> = get(row, "lease_until")?;
    let state = if dead_at.is_some() {
        EventState::Dead
    } else if lease_until.is_some_and(|t| t >= now) {
        EventState::Running
    } else if attempts > 0 {
        EventState::Failed
    } else {
        EventState::Pending
    };
    Ok(EventView {
        id: OutboxId(get(row, "id")?),
        event_type: get(row, "event_type")?,
        state,
        attempts,
        created_at: get(row, "created_at")?,
        available_at: get(row, "available_at")?,
        dead_at,
        last_error: get(row, "last_error")?,
    })
}

/// Undispatched events, newest first, in `state` (all when `None`);
/// `cursor` is the last id seen (ids are time-ordered).
pub async fn admin_list_outbox(
    app: &App,
    actor: &Actor,
    state: Option<EventState>,
    cursor: Option<&str>,
    limit: u64,
) -> Result<EventPage> {
    require_staff(actor)?;
    let now = app.now();
    // Placeholders are numbered as values are added.
    let mut values = Vec::new();
    let mut clauses = vec!["dispatched_at IS NULL".to_string()];
    if let Some(state) = state {
        values.push(Value::from(now));
        clauses.push(format!(
            "({})",
            state.condition().replace("$1", &format!("${}", values.len()))
        ));
    }
    // A cursor that is not an id is a first page, not an error.
    if let Some(after) = cursor.and_then(|c| uuid::Uuid::parse_str(c).ok()) {
        values.push(Value::from(after));
        clauses.push(format!("id < ${}", values.len()));
    }
    let mut sql = format!(
        "SELECT {EVENT_COLUMNS} FROM outbox WHERE {}",
        clauses.join(" AND ")
    );
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
    let rows = query_all(&app.db, &sql, values).await?;
    let mut events = rows
        .iter()
        .map(|r| event_view(r, now))
        .collect::<Result<Vec<_>>>()?;
    let next_cursor = if events.len() as u64 > limit {
        events.truncate(limit as usize);
        events.last().map(|e| e.id.to_string())
    } else {
        None
    };
    Ok(EventPage { events, next_cursor })
}

fn event_state_json(e: &EventView) -> serde_json::Value {
    json!({
        "id": e.id.to_string(),
        "event_type": e.event_type,
        "state": e.state.name(),
        "attempts": e.attempts,
        "last_error": e.last_error,
    })
}

/// What a retry sets: due now, attempts from zero, no error, not dead. The
/// lease condition keeps a retry from touching an event a dispatcher holds.
const RETRY_SET: &str = "attempts = 0, available_at = $1, dead_at = NULL, last_error = NULL, lease_owner = NULL, lease_until = NULL";
const RETRYABLE: &str = "dispatched_at IS NULL AND (dead_at IS NOT NULL OR attempts > 0) AND (lease_until IS NULL OR lease_until < $1)";

/// Retries one failed or dead-lettered event at once. Superadmins only,
/// with a reason; audited as `admin.outbox_retried` with the event before
/// and after.
pub async fn admin_retry_outbox_event(
    app: &App,
    actor: &Actor,
    id: OutboxId,
    reason: &StaffReason,
) -> Result<EventView> {
    require_superadmin(actor)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let select = format!("SELECT {EVENT_COLUMNS} FROM outbox WHERE id = $2 AND dispatched_at IS NULL");
    let find = |rows: Vec<sea_orm::QueryResult>| -> Result<EventView> {
        event_view(rows.first().ok_or(Error::NotFound)?, now)
    };
    let before = find(query_all(&txn, &select, vec![Value::from(now), Value::from(id.0)]).await?)?;
    if !matches!(before.state, EventState::Failed | EventState::Dead) {
        return Err(Error::Conflict(format!(
            "This event is {}: only failed or dead-lettered events can be retried.",
            before.state.name()
        )));
    }
    txn.execute_raw(db::stmt(
        txn.get_database_backend(),
        &format!("UPDATE outbox SET {RETRY_SET} WHERE id = $2 AND {RETRYABLE}"),
        vec![Value::from(now), Value::from(id.0)],
    ))
    .await?;
    let after = find(query_all(&txn, &select, vec![Value::from(now), Value::from(id.0)]).await?)?;
    txn.commit(Effects::by(actor, now).audit_entry(Entry {
        action: "admin.outbox_retried",
        tenant_id: None,
        actor_user_id: Some(actor.user_id),
        subject_user_id: None,
        details: json!({
            "reason": reason.as_str(),
            "before": event_state_json(&before),
            "after": event_state_json(&after),
        }),
        meta: &actor.meta,
    }))
    .await?;
    tracing::info!(outbox_id = %id, by = %actor.user_id, "outbox event retried from the console");
    Ok(after)
}

/// Retries every failed and dead-lettered event at once; answers how many.
/// Audited once, with the counts before and after.
pub async fn admin_retry_failed_outbox(app: &App, actor: &Actor, reason: &StaffReason) -> Result<u64> {
    require_superadmin(actor)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let ids: Vec<uuid::Uuid> = query_all(
        &txn,
        &format!("SELECT id FROM outbox WHERE {RETRYABLE} ORDER BY id"),
        vec![Value::from(now)],
    )
    .await?
    .iter()
    .map(|r| get::<uuid::Uuid>(r, "id"))
    .collect::<Result<_>>()?;
    let before = outbox_counts_in(&txn, now).await?;
    txn.execute_raw(db::stmt(
        txn.get_database_backend(),
        &format!("UPDATE outbox SET {RETRY_SET} WHERE {RETRYABLE}"),
        vec![Value::from(now)],
    ))
    .await?;
    let after = outbox_counts_in(&txn, now).await?;
    txn.commit(Effects::by(actor, now).audit_entry(Entry {
        action: "admin.outbox_retried",
        tenant_id: None,
        actor_user_id: Some(actor.user_id),
        subject_user_id: None,
        details: json!({
            "reason": reason.as_str(),
            "events": ids.len(),
            "ids": ids.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
            "before": before,
            "after": after,
        }),
        meta: &actor.meta,
    }))
    .await?;
    tracing::info!(events = ids.len(), by = %actor.user_id, "failed outbox events retried from the console");
    Ok(ids.len() as u64)
}

/// Failed and dead counts inside a write, for the audit entry.
async fn outbox_counts_in<C: sea_orm::ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
) -> Result<serde_json::Value> {
    let sql = format!(
        "SELECT COUNT(CASE WHEN {f} THEN 1 END) AS failed, COUNT(CASE WHEN {d} THEN 1 END) AS dead
         FROM outbox WHERE dispatched_at IS NULL",
        f = EventState::Failed.condition(),
        d = EventState::Dead.condition(),
    );
    let rows = query_all(conn, &sql, vec![Value::from(now)]).await?;
    let row = rows
        .first()
        .ok_or(Error::Internal(anyhow::anyhow!("no outbox counts")))?;
    Ok(json!({ "failed": get::<i64>(row, "failed")?, "dead": get::<i64>(row, "dead")? }))
}

/// Puts one failed or given-up job (or every one, up to
/// [`RETRY_ALL_LIMIT`]) back on the job queue, due now with its attempts
/// from zero; answers how many moved. Superadmins only, with a reason;
/// audited as `admin.job_retried` with the ids and the queue's counts
/// before and after. The queue is its own store (apalis's tables or Redis):
/// the retry is written there first, then the audit entry, so a crash in
/// between leaves a retried job unaudited rather than an audit entry for a
/// retry that never happened.
pub async fn admin_retry_job(
    app: &App,
    actor: &Actor,
    which: &JobRetry,
    reason: &StaffReason,
) -> Result<u64> {
    require_superadmin(actor)?;
    let before = queue::read(app, 0).await;
    let ids = queue::retry(app, which)
        .await
        .map_err(|e| Error::Internal(e.context("retrying jobs")))?;
    if ids.is_empty() {
        return Err(Error::Conflict(match which {
            JobRetry::One(_) => "This job is no longer failed or given up: there is nothing to retry.".into(),
            JobRetry::AllFailed => "No job is failed or given up: there is nothing to retry.".into(),
        }));
    }
    let after = queue::read(app, 0).await;
    let counts = |q: &QueueReport| {
        json!({
            "failed": q.total(|c| c.failed),
            "dead": q.total(|c| c.dead),
            "pending": q.total(|c| c.pending),
        })
    };
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    txn.commit(Effects::by(actor, now).audit_entry(Entry {
        action: "admin.job_retried",
        tenant_id: None,
        actor_user_id: Some(actor.user_id),
        subject_user_id: None,
        details: json!({
            "reason": reason.as_str(),
            "backend": before.backend,
            "jobs": ids.len(),
            "ids": ids,
            "before": counts(&before),
            "after": counts(&after),
        }),
        meta: &actor.meta,
    }))
    .await?;
    tracing::info!(jobs = ids.len(), by = %actor.user_id, "queue jobs retried from the console");
    Ok(ids.len() as u64)
}
