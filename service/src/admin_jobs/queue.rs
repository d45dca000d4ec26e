//! What waits on the job queue (apalis), read for the console: counts per
//! queue and state, and on the SQL backends the latest failed jobs with
//! their last error. Read-only: the worker owns these tables and keys.
//!
//! | apalis status                          | shown as  |
//! |----------------------------------------|-----------|
//! | `Pending`, `Queued` (PostgreSQL)       | pending   |
//! | `Running`                              | running   |
//! | `Failed` with attempts left            | failed (will be retried) |
//! | `Killed`, `Failed` out of attempts     | dead      |
//! | `Done`                                 | done      |
//!
//! On Redis the jobs live in per-queue lists and sets: the counts are one
//! `LLEN`/`ZCARD`/`SCARD` each (running is not counted: it is spread over
//! one set per worker), and failed jobs are not listed.

use crate::App;
use crate::jobs::{QueueLocation, queue_names, short_queue_name};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use time::OffsetDateTime;

/// One queue's jobs by state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// The job's name (`SendEmail`).
    pub queue: String,
    pub pending: u64,
    /// `None` where the backend cannot count it cheaply (Redis).
    pub running: Option<u64>,
    pub failed: u64,
    pub dead: u64,
    pub done: u64,
}

/// A job that failed, with what it said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedJob {
    pub id: String,
    pub queue: String,
    /// `failed` (will be retried) or `dead`.
    pub state: &'static str,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: String,
    /// When it last ran (or was due).
    pub at: Option<OffsetDateTime>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueReport {
    /// `sqlite`, `postgres` or `redis`.
    pub backend: &'static str,
    pub queues: Vec<QueueCounts>,
    /// Latest failed or dead jobs, newest first (SQL backends only).
    pub failed: Vec<FailedJob>,
    /// Whether `failed` is a real list (false on Redis).
    pub lists_failed: bool,
    /// The queue could not be read (Redis down, say): the page says so
    /// instead of failing.
    pub error: Option<String>,
}

impl QueueReport {
    pub fn total(&self, pick: impl Fn(&QueueCounts) -> u64) -> u64 {
        self.queues.iter().map(pick).sum()
    }

    /// One queue's counts (zero when it has no jobs yet).
    pub fn queue(&self, name: &str) -> QueueCounts {
        self.queues
            .iter()
            .find(|q| q.queue == name)
            .cloned()
            .unwrap_or(QueueCounts {
                queue: name.to_string(),
                ..QueueCounts::default()
            })
    }
}

/// Reads the queue the settings point at; `failed_limit` bounds the list.
pub(crate) async fn read(app: &App, failed_limit: u64) -> QueueReport {
    let location = QueueLocation::of(app);
    let backend = match location {
        QueueLocation::Redis => "redis",
        QueueLocation::Postgres => "postgres",
        QueueLocation::Sqlite(_) => "sqlite",
    };
    let read = match location {
        QueueLocation::Redis => read_redis(app).await,
        QueueLocation::Postgres => read_sql(&app.db, "apalis.jobs", failed_limit).await,
        QueueLocation::Sqlite(path) => read_sqlite_file(&path, failed_limit).await,
    };
    match read {
        Ok(mut report) => {
            report.backend = backend;
            report
        }
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), backend, "cannot read the job queue");
            QueueReport {
                backend,
                error: Some(format!("{e:#}")),
                ..QueueReport::default()
            }
        }
    }
}

/// The worker's own SQLite file, opened read-only for this one read (it is
/// not the ledger's pool and must never change its settings).
async fn read_sqlite_file(path: &std::path::Path, failed_limit: u64) -> anyhow::Result<QueueReport> {
    if !path.exists() {
        // No worker has run here yet: nothing was ever queued.
        return Ok(QueueReport::default());
    }
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=ro", path.display()));
    options.max_connections(1).sqlx_logging(false);
    let conn = Database::connect(options).await?;
    let report = read_sql(&conn, "Jobs", failed_limit).await;
    let _ = conn.close().await;
    report
}

async fn read_sql(conn: &DatabaseConnection, table: &str, failed_limit: u64) -> anyhow::Result<QueueReport> {
    let backend = conn.get_database_backend();
    if !table_exists(conn).await? {
        return Ok(QueueReport::default());
    }
    // One pass over the table: every state of every queue at once.
    let counts = conn
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT job_type,
                   COUNT(CASE WHEN status IN ('Pending', 'Queued') THEN 1 END) AS pending,
                   COUNT(CASE WHEN status = 'Running' THEN 1 END) AS running,
                   COUNT(CASE WHEN status = 'Failed' AND attempts < max_attempts THEN 1 END) AS failed,
                   COUNT(CASE WHEN status = 'Killed' OR (status = 'Failed' AND attempts >= max_attempts) THEN 1 END) AS dead,
                   COUNT(CASE WHEN status = 'Done' THEN 1 END) AS done
                 FROM {table} GROUP BY job_type ORDER BY job_type"
            ),
        ))
        .await?;
    let mut queues = Vec::new();
    for row in counts {
        let count = |col: &str| row.try_get::<i64>("", col).map(|n| n.max(0) as u64);
        let name: String = row.try_get("", "job_type")?;
        queues.push(QueueCounts {
            queue: short_queue_name(&name).to_string(),
            pending: count("pending")?,
            running: Some(count("running")?),
            failed: count("failed")?,
            dead: count("dead")?,
            done: count("done")?,
        });
    }
    // PostgreSQL keeps times as timestamptz and results as jsonb; SQLite as
    // Unix seconds and text.
    let (at, result) = match backend {
        DbBackend::Postgres => (
            "CAST(EXTRACT(EPOCH FROM COALESCE(done_at, run_at)) AS BIGINT)",
            "CAST(last_result AS TEXT)",
        ),
        _ => ("COALESCE(done_at, run_at)", "last_result"),
    };
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT id, job_type, status, attempts, max_attempts, {result} AS last_result, {at} AS at
                 FROM {table} WHERE status IN ('Failed', 'Killed')
                 ORDER BY run_at DESC LIMIT {failed_limit}"
            ),
        ))
        .await?;
    let mut failed = Vec::new();
    for row in rows {
        let status: String = row.try_get("", "status")?;
        let attempts: i64 = row.try_get::<i32>("", "attempts").map(i64::from)?;
        let max_attempts: i64 = row.try_get::<i32>("", "max_attempts").map(i64::from)?;
        let name: String = row.try_get("", "job_type")?;
        let at: Option<i64> = row.try_get("", "at")?;
        failed.push(FailedJob {
            id: row.try_get("", "id")?,
            queue: short_queue_name(&name).to_string(),
            state: if status == "Failed" && attempts < max_attempts {
                "failed"
            } else {
                "dead"
            },
            attempts,
            max_attempts,
            last_error: row
                .try_get::<Option<String>>("", "last_result")?
                .unwrap_or_default(),
            at: at.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()),
        });
    }
    Ok(QueueReport {
        queues,
        failed,
        lists_failed: true,
        ..QueueReport::default()
    })
}

/// apalis creates its tables when the first worker starts: before that the
/// queue is simply empty.
async fn table_exists(conn: &DatabaseConnection) -> anyhow::Result<bool> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT to_regclass('apalis.jobs') IS NOT NULL AS present",
        _ => "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Jobs') AS present",
    };
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no answer to {sql}"))?;
    Ok(row.try_get::<bool>("", "present")?)
}

async fn read_redis(app: &App) -> anyhow::Result<QueueReport> {
    let url = app
        .settings
        .redis_url
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("Redis is not configured"))?;
    let client = redis::Client::open(url.expose())?;
    let mut conn = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        client.get_multiplexed_async_connection(),
    )
    .await
    .map_err(|_| anyhow::anyhow!("Redis did not answer within 2 s"))??;
    let mut queues = Vec::new();
    for name in queue_names() {
        // Key names from apalis-redis itself, so they follow its layout.
        let keys = apalis_redis::Config::default().queue(name);
        let (active, scheduled, done, dead): (u64, u64, u64, u64) = redis::pipe()
            .llen(keys.active_jobs_list())
            .zcard(keys.scheduled_jobs_set())
            .scard(keys.done_jobs_set())
            .scard(keys.dead_jobs_set())
            .query_async(&mut conn)
            .await?;
        queues.push(QueueCounts {
            queue: short_queue_name(name).to_string(),
            pending: active,
            running: None,
            // A failed attempt waits in the scheduled set for its retry.
            failed: scheduled,
            dead,
            done,
        });
    }
    Ok(QueueReport {
        queues,
        ..QueueReport::default()
    })
}
