//! The transactional outbox: use cases `enqueue` events inside their own
//! transaction; the worker claims, dispatches and marks them done
//! (at-least-once; consumers are idempotent). An event that fails
//! [`DEAD_AFTER_ATTEMPTS`] times is dead-lettered (`dead_at`): never claimed
//! again until staff retry it from the console.

use crate::effects::Effects;
use hisaab_entity::{OutboxId, TenantId, outbox};
use sea_orm::sea_query::{Expr, InsertStatement, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// An email to send, with everything its template needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    pub to: String,
    /// A folder under `templates/email/`.
    pub template: String,
    pub context: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum Event {
    /// Send an email (verification, reset, lockout notice, ...).
    #[serde(rename = "email.requested")]
    Email(OutgoingEmail),
    /// Something changed that people should hear about (`transaction.recorded`,
    /// `expense.added`, ...). `notify` lists who.
    #[serde(rename = "domain")]
    Domain {
        event_type: String,
        /// User ids (UUID strings) to notify.
        notify: Vec<uuid::Uuid>,
        data: serde_json::Value,
    },
    /// A person asked for a data export (`exports::request`): the
    /// dispatcher queues a `BuildExport` job for it.
    #[serde(rename = "export.requested")]
    Export { export_id: uuid::Uuid },
}

impl Event {
    pub fn type_name(&self) -> &str {
        match self {
            Event::Email(_) => "email.requested",
            Event::Domain { event_type, .. } => event_type,
            Event::Export { .. } => "export.requested",
        }
    }
}

/// Adds an event to the outbox on `conn` and bumps the revision of everyone
/// a domain event notifies. For the worker and tests: a use case adds its
/// events to its `Effects`.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    now: OffsetDateTime,
    tenant_id: Option<TenantId>,
    event: &Event,
) -> Result<OutboxId, DbErr> {
    let backend = conn.get_database_backend();
    let (id, row) = insert(now, tenant_id, event);
    let mut stmts = vec![backend.build(&row)];
    if let Event::Domain { notify, .. } = event
        && let Some((sql, values)) = crate::view_cache::bump_sql(notify, 1)
    {
        stmts.push(crate::db::stmt(backend, &sql, values));
    }
    crate::db::execute_together(conn, stmts).await?;
    Ok(id)
}

/// The event's row as an insert (its revision bumps are the caller's: see
/// `Effects`).
pub(crate) fn insert(
    now: OffsetDateTime,
    tenant_id: Option<TenantId>,
    event: &Event,
) -> (OutboxId, InsertStatement) {
    let id = OutboxId::new();
    let row = outbox::Entity::insert(outbox::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id),
        event_type: Set(event.type_name().to_string()),
        payload: Set(serde_json::to_string(event).expect("events serialize")),
        created_at: Set(now),
        available_at: Set(now),
        attempts: Set(0),
        lease_owner: Set(None),
        lease_until: Set(None),
        dispatched_at: Set(None),
        last_error: Set(None),
        dead_at: Set(None),
    })
    .into_query();
    (id, row)
}

#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: OutboxId,
    pub attempts: i32,
    /// When the write that recorded the event happened.
    pub created_at: OffsetDateTime,
    pub event: Result<Event, String>,
}

/// Leases up to `limit` due events to `owner` for `lease`. Several workers may
/// call this at once: PostgreSQL skips rows another worker has locked, SQLite
/// serializes writers; a crashed worker's lease simply runs out.
pub async fn claim(
    db: &DatabaseConnection,
    owner: &str,
    now: OffsetDateTime,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Claimed>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::DispatchedAt.is_null())
        .filter(outbox::Column::DeadAt.is_null())
        .filter(outbox::Column::AvailableAt.lte(now))
        .filter(
            sea_orm::Condition::any()
                .add(outbox::Column::LeaseUntil.is_null())
                .add(outbox::Column::LeaseUntil.lt(now)),
        )
        .order_by_asc(outbox::Column::AvailableAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit);
    if crate::db::is_postgres(db) {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = query.all(&txn).await?;
    if rows.is_empty() {
        txn.commit(&Effects::system(now)).await?;
        return Ok(vec![]);
    }
    let ids: Vec<OutboxId> = rows.iter().map(|r| r.id).collect();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseOwner, Expr::value(owner))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + lease))
        .filter(outbox::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit(&Effects::system(now)).await?;
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            id: r.id,
            attempts: r.attempts,
            created_at: r.created_at,
            event: serde_json::from_str(&r.payload).map_err(|e| e.to_string()),
        })
        .collect())
}

/// Marks an event done. Its payload is cleared: it may carry one-time links.
pub async fn complete<C: ConnectionTrait>(db: &C, id: OutboxId, now: OffsetDateTime) -> Result<(), DbErr> {
    complete_all(db, &[id], now).await
}

/// [`complete`] for several events in one statement.
pub async fn complete_all<C: ConnectionTrait>(
    db: &C,
    ids: &[OutboxId],
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    outbox::Entity::update_many()
        .col_expr(outbox::Column::DispatchedAt, Expr::value(now))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(outbox::Column::Payload, Expr::value("{}"))
        .filter(outbox::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Failed attempts after which an event is dead-lettered. With the backoff
/// below that is about four hours of retries (2 s, 4 s, … 34 min, then hourly):
/// long enough to ride out an outage of the queue or a bad deploy, short
/// enough that a poison event stops burning a claim every hour forever.
pub const DEAD_AFTER_ATTEMPTS: i32 = 15;

/// The longest wait between two attempts.
const MAX_BACKOFF_SECONDS: i64 = 3600;

/// What became of an event after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failed {
    /// Claimable again from `retry_at`.
    Rescheduled { retry_at: OffsetDateTime },
    /// Out of attempts: left for staff to look at and retry.
    DeadLettered,
}

/// Records a failed attempt and schedules the next one with exponential
/// backoff (2^attempts seconds, at most an hour), or dead-letters the event
/// once it has failed [`DEAD_AFTER_ATTEMPTS`] times.
pub async fn fail(
    db: &DatabaseConnection,
    id: OutboxId,
    attempts_before: i32,
    error: &str,
    now: OffsetDateTime,
) -> Result<Failed, DbErr> {
    let attempts = attempts_before + 1;
    let outcome = if attempts >= DEAD_AFTER_ATTEMPTS {
        Failed::DeadLettered
    } else {
        let delay = 2_i64
            .saturating_pow(attempts.clamp(0, 12) as u32)
            .min(MAX_BACKOFF_SECONDS);
        Failed::Rescheduled {
            retry_at: now + Duration::seconds(delay),
        }
    };
    let (available_at, dead_at) = match outcome {
        Failed::Rescheduled { retry_at } => (retry_at, None),
        Failed::DeadLettered => (now, Some(now)),
    };
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(outbox::Column::AvailableAt, Expr::value(available_at))
        .col_expr(outbox::Column::DeadAt, Expr::value(dead_at))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(outcome)
}

/// Undispatched events still being tried and the age of the oldest, for
/// metrics and alerts. Dead-lettered events are counted apart
/// ([`dead_lettered`]): one poison event must not hold the lag up forever.
pub async fn backlog(db: &DatabaseConnection, now: OffsetDateTime) -> Result<(u64, f64), DbErr> {
    let pending = outbox::Entity::find()
        .filter(outbox::Column::DispatchedAt.is_null())
        .filter(outbox::Column::DeadAt.is_null())
        .count(db)
        .await?;
    let oldest = outbox::Entity::find()
        .filter(outbox::Column::DispatchedAt.is_null())
        .filter(outbox::Column::DeadAt.is_null())
        .order_by_asc(outbox::Column::CreatedAt)
        .one(db)
        .await?;
    let lag = oldest
        .map(|o| (now - o.created_at).as_seconds_f64().max(0.0))
        .unwrap_or(0.0);
    Ok((pending, lag))
}

/// Dead-lettered events waiting for staff (the `outbox_dead` gauge).
pub async fn dead_lettered(db: &DatabaseConnection) -> Result<u64, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::DispatchedAt.is_null())
        .filter(outbox::Column::DeadAt.is_not_null())
        .count(db)
        .await
}
