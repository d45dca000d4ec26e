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
//! one set per worker); the jobs listed are the dead ones (a failed attempt
//! waits in the scheduled set among delayed jobs, indistinguishable there).
//!
//! Retrying ([`retry`]) is the one write the console makes here: a failed or
//! given-up job goes back to waiting with its attempts from zero, due now.
//! The row or key is changed only while it is still failed, so a retry never
//! touches a job a worker holds.

use crate::App;
use crate::jobs::{QueueLocation, queue_names, short_queue_name};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};
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
    /// Latest failed or dead jobs, newest first (on Redis: given-up ones,
    /// in no order).
    pub failed: Vec<FailedJob>,
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

/// Jobs one "retry all" puts back at most: the rest wait for the next click,
/// so one request never rewrites an unbounded number of rows or keys.
pub const RETRY_ALL_LIMIT: u64 = 1_000;

/// Which jobs a retry is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobRetry {
    /// One job by its id (it must be failed or given up).
    One(String),
    /// Every failed and given-up job, up to [`RETRY_ALL_LIMIT`].
    AllFailed,
}

fn backend_name(location: &QueueLocation) -> &'static str {
    match location {
        QueueLocation::Redis => "redis",
        QueueLocation::Postgres => "postgres",
        QueueLocation::Sqlite(_) => "sqlite",
    }
}

/// Reads the queue the settings point at; `failed_limit` bounds the list.
pub(crate) async fn read(app: &App, failed_limit: u64) -> QueueReport {
    let location = QueueLocation::of(app);
    let backend = backend_name(&location);
    let read = match location {
        QueueLocation::Redis => read_redis(app, failed_limit).await,
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

/// Puts failed or given-up jobs back on the queue; answers the ids it moved
/// (empty when none was failed any more).
pub(crate) async fn retry(app: &App, which: &JobRetry) -> anyhow::Result<Vec<String>> {
    match QueueLocation::of(app) {
        QueueLocation::Redis => retry_redis(&redis_connection(app).await?, "", which).await,
        QueueLocation::Postgres => retry_sql(&app.db, "apalis.jobs", which).await,
        QueueLocation::Sqlite(path) => {
            if !path.exists() {
                return Ok(Vec::new());
            }
            let conn = open_sqlite_file(&path, "rw").await?;
            let retried = retry_sql(&conn, "Jobs", which).await;
            let _ = conn.close().await;
            retried
        }
    }
}

/// The worker's own SQLite file, opened for this one call (it is not the
/// ledger's pool and must never change its settings); `mode` is `ro` to
/// read, `rw` to retry. sqlx waits out the worker's write lock (5 s).
async fn open_sqlite_file(path: &std::path::Path, mode: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode={mode}", path.display()));
    options.max_connections(1).sqlx_logging(false);
    Ok(Database::connect(options).await?)
}

async fn read_sqlite_file(path: &std::path::Path, failed_limit: u64) -> anyhow::Result<QueueReport> {
    if !path.exists() {
        // No worker has run here yet: nothing was ever queued.
        return Ok(QueueReport::default());
    }
    let conn = open_sqlite_file(path, "ro").await?;
    let report = read_sql(&conn, "Jobs", failed_limit).await;
    let _ = conn.close().await;
    report
}

/// What the worker's fetch takes: waiting, unlocked, due now (the database's
/// clock, as apalis reads it), attempts from zero.
async fn retry_sql(conn: &DatabaseConnection, table: &str, which: &JobRetry) -> anyhow::Result<Vec<String>> {
    let backend = conn.get_database_backend();
    if !table_exists(conn).await? {
        return Ok(Vec::new());
    }
    let now = match backend {
        DbBackend::Postgres => "NOW()",
        _ => "CAST(strftime('%s', 'now') AS INTEGER)",
    };
    let failed = "status IN ('Failed', 'Killed')";
    let (target, values) = match which {
        JobRetry::One(id) => (
            format!("id = {} AND {failed}", placeholder(backend)),
            vec![Value::from(id.clone())],
        ),
        JobRetry::AllFailed => (
            format!(
                "id IN (SELECT id FROM {table} WHERE {failed} ORDER BY run_at DESC LIMIT {RETRY_ALL_LIMIT}) AND {failed}"
            ),
            Vec::new(),
        ),
    };
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE {table} SET status = 'Pending', attempts = 0, run_at = {now},
                   lock_by = NULL, lock_at = NULL, done_at = NULL
                 WHERE {target} RETURNING id"
            ),
            values,
        ))
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<String>("", "id")?))
        .collect()
}

fn placeholder(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    }
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

pub(crate) async fn redis_connection(app: &App) -> anyhow::Result<redis::aio::MultiplexedConnection> {
    let url = app
        .settings
        .redis_url
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("Redis is not configured"))?;
    let client = redis::Client::open(url.expose())?;
    tokio::time::timeout(
        std::time::Duration::from_secs(2),
        client.get_multiplexed_async_connection(),
    )
    .await
    .map_err(|_| anyhow::anyhow!("Redis did not answer within 2 s"))?
    .map_err(Into::into)
}

/// Key names from apalis-redis itself, so they follow its layout;
/// `namespace` is the prefix the worker puts before each queue's name (none
/// in production, one per test).
fn redis_keys(namespace: &str, queue: &str) -> apalis_redis::Config {
    apalis_redis::Config::default().queue(format!("{namespace}{queue}"))
}

async fn read_redis(app: &App, failed_limit: u64) -> anyhow::Result<QueueReport> {
    let mut conn = redis_connection(app).await?;
    let mut report = read_redis_counts(&mut conn, "").await?;
    report.failed = list_redis_dead(&mut conn, "", failed_limit).await?;
    Ok(report)
}

async fn read_redis_counts(
    conn: &mut redis::aio::MultiplexedConnection,
    namespace: &str,
) -> anyhow::Result<QueueReport> {
    let mut queues = Vec::new();
    for name in queue_names() {
        let keys = redis_keys(namespace, name);
        let (active, scheduled, done, dead): (u64, u64, u64, u64) = redis::pipe()
            .llen(keys.active_jobs_list())
            .zcard(keys.scheduled_jobs_set())
            .scard(keys.done_jobs_set())
            .scard(keys.dead_jobs_set())
            .query_async(conn)
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

/// Dead jobs of every queue with their last result, at most `limit` (the
/// dead set has no order: these are some of them, not the newest).
pub(crate) async fn list_redis_dead(
    conn: &mut redis::aio::MultiplexedConnection,
    namespace: &str,
    limit: u64,
) -> anyhow::Result<Vec<FailedJob>> {
    let mut failed = Vec::new();
    for name in queue_names() {
        let left = limit.saturating_sub(failed.len() as u64);
        if left == 0 {
            break;
        }
        let keys = redis_keys(namespace, name);
        let (_, ids): (u64, Vec<String>) = redis::cmd("SSCAN")
            .arg(keys.dead_jobs_set())
            .arg(0)
            .arg("COUNT")
            .arg(left)
            .query_async(conn)
            .await?;
        if ids.is_empty() {
            continue;
        }
        let mut pipe = redis::pipe();
        for id in ids.iter().take(left as usize) {
            pipe.hgetall(format!("{}:{id}", keys.job_meta_hash()));
        }
        let metas: Vec<std::collections::HashMap<String, String>> = pipe.query_async(conn).await?;
        for (id, meta) in ids.iter().zip(metas) {
            let number = |field: &str| meta.get(field).and_then(|v| v.parse::<i64>().ok());
            failed.push(FailedJob {
                id: id.clone(),
                queue: short_queue_name(name).to_string(),
                state: "dead",
                attempts: number("attempts").unwrap_or(0),
                max_attempts: number("max_attempts").unwrap_or(0),
                last_error: meta.get("result").cloned().unwrap_or_default(),
                at: number("done_at").and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()),
            });
        }
    }
    Ok(failed)
}

/// A dead job back to the scheduled set with score 0 (due since always): the
/// worker's next fetch promotes it to the active list. Only a job still in
/// the dead set moves, so two retries never enqueue it twice.
const REDIS_RETRY: &str = r"
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[3] .. ':' .. ARGV[1], 'attempts', 0, 'status', 'Pending')
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1
";

/// Removes, per id, a finished job whose `done_at` (Unix seconds, written
/// by apalis-redis when the job ended) is at or before `ARGV[1]`: its id in
/// the done or dead set, its payload, its result and its metadata. Counts
/// without removing when `ARGV[2]` is `1`.
const REDIS_PURGE: &str = r"
local n = 0
for i = 3, #ARGV do
  local id = ARGV[i]
  local meta = KEYS[3] .. ':' .. id
  local done_at = tonumber(redis.call('HGET', meta, 'done_at'))
  if done_at and done_at <= tonumber(ARGV[1]) then
    if ARGV[2] ~= '1' then
      redis.call('SREM', KEYS[1], id)
      redis.call('HDEL', KEYS[2], id)
      redis.call('HDEL', KEYS[3] .. ':result', id)
      redis.call('DEL', meta)
    end
    n = n + 1
  end
end
return n
";

/// Finished (done) and dead jobs that ended before `cutoff` (Unix seconds)
/// on the Redis queues: apalis-redis keeps them for good. Reads each set
/// `batch` ids at a time (SSCAN), at most `max_batches` pages in all, so one
/// run is bounded; a dry run counts.
pub(crate) async fn purge_redis_finished(
    conn: &redis::aio::MultiplexedConnection,
    namespace: &str,
    cutoff: i64,
    dry_run: bool,
    batch: u64,
    max_batches: u64,
) -> anyhow::Result<u64> {
    let mut conn = conn.clone();
    let script = redis::Script::new(REDIS_PURGE);
    let (mut removed, mut pages) = (0u64, 0u64);
    for name in queue_names() {
        let keys = redis_keys(namespace, name);
        for set in [keys.done_jobs_set(), keys.dead_jobs_set()] {
            let mut cursor = 0u64;
            loop {
                if pages >= max_batches {
                    return Ok(removed);
                }
                pages += 1;
                let (next, ids): (u64, Vec<String>) = redis::cmd("SSCAN")
                    .arg(&set)
                    .arg(cursor)
                    .arg("COUNT")
                    .arg(batch)
                    .query_async(&mut conn)
                    .await?;
                if !ids.is_empty() {
                    let mut call = script.prepare_invoke();
                    call.key(&set)
                        .key(keys.job_data_hash())
                        .key(keys.job_meta_hash())
                        .arg(cutoff)
                        .arg(if dry_run { "1" } else { "0" });
                    for id in &ids {
                        call.arg(id);
                    }
                    let n: u64 = call.invoke_async(&mut conn).await?;
                    removed += n;
                }
                if next == 0 {
                    break;
                }
                cursor = next;
            }
        }
    }
    Ok(removed)
}

pub(crate) async fn retry_redis(
    conn: &redis::aio::MultiplexedConnection,
    namespace: &str,
    which: &JobRetry,
) -> anyhow::Result<Vec<String>> {
    let mut conn = conn.clone();
    let script = redis::Script::new(REDIS_RETRY);
    let mut retried = Vec::new();
    for name in queue_names() {
        let keys = redis_keys(namespace, name);
        let ids: Vec<String> = match which {
            JobRetry::One(id) => vec![id.clone()],
            JobRetry::AllFailed => {
                let left = RETRY_ALL_LIMIT.saturating_sub(retried.len() as u64);
                if left == 0 {
                    break;
                }
                let (_, ids): (u64, Vec<String>) = redis::cmd("SSCAN")
                    .arg(keys.dead_jobs_set())
                    .arg(0)
                    .arg("COUNT")
                    .arg(left)
                    .query_async(&mut conn)
                    .await?;
                ids.into_iter().take(left as usize).collect()
            }
        };
        for id in ids {
            let moved: i64 = script
                .key(keys.dead_jobs_set())
                .key(keys.scheduled_jobs_set())
                .key(keys.job_meta_hash())
                .arg(&id)
                .invoke_async(&mut conn)
                .await?;
            if moved == 1 {
                retried.push(id);
            }
        }
    }
    Ok(retried)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::SendEmail;

    /// A job apalis-redis gave up on, as its result script leaves it.
    async fn dead_job(conn: &mut redis::aio::MultiplexedConnection, keys: &apalis_redis::Config, id: &str) {
        let _: () = redis::pipe()
            .sadd(keys.dead_jobs_set(), id)
            .hset_multiple(
                format!("{}:{id}", keys.job_meta_hash()),
                &[
                    ("attempts", "5"),
                    ("status", "Killed"),
                    ("result", "smtp refused"),
                    ("done_at", "1764979200"),
                ],
            )
            .query_async(conn)
            .await
            .unwrap();
    }

    /// Retention: finished and dead jobs that ended before the cutoff go
    /// with everything apalis keeps about them; newer ones and waiting ones
    /// stay; a dry run counts; twice removes nothing more.
    #[tokio::test]
    async fn finished_redis_jobs_past_the_cutoff_are_purged() {
        let client = redis::Client::open(crate::testkit::redis_url()).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let namespace = format!("test-{}:", uuid::Uuid::now_v7());
        let keys = redis_keys(&namespace, std::any::type_name::<SendEmail>());
        let cutoff = 1_764_979_200_i64;
        dead_job(&mut conn, &keys, "old-dead").await;
        for (id, done_at) in [("old-done", cutoff - 10), ("new-done", cutoff + 10)] {
            let _: () = redis::pipe()
                .sadd(keys.done_jobs_set(), id)
                .hset(keys.job_data_hash(), id, "payload")
                .hset_multiple(
                    format!("{}:{id}", keys.job_meta_hash()),
                    &[("status", "Done".to_string()), ("done_at", done_at.to_string())],
                )
                .query_async(&mut conn)
                .await
                .unwrap();
        }
        let _: () = redis::pipe()
            .zadd(keys.scheduled_jobs_set(), "waiting", 0)
            .hset(keys.job_data_hash(), "waiting", "payload")
            .query_async(&mut conn)
            .await
            .unwrap();

        let dry = purge_redis_finished(&conn, &namespace, cutoff, true, 1, 100)
            .await
            .unwrap();
        assert_eq!(dry, 2);
        let done: u64 = redis::cmd("SCARD")
            .arg(keys.done_jobs_set())
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(done, 2, "a dry run removes nothing");

        assert_eq!(
            purge_redis_finished(&conn, &namespace, cutoff, false, 1, 100)
                .await
                .unwrap(),
            2
        );
        let left: Vec<String> = redis::cmd("HKEYS")
            .arg(keys.job_data_hash())
            .query_async(&mut conn)
            .await
            .unwrap();
        let mut left = left;
        left.sort();
        assert_eq!(left, ["new-done", "waiting"]);
        let done: Vec<String> = redis::cmd("SMEMBERS")
            .arg(keys.done_jobs_set())
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(done, ["new-done"]);
        let dead: u64 = redis::cmd("SCARD")
            .arg(keys.dead_jobs_set())
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(dead, 0);
        let meta: u64 = redis::cmd("EXISTS")
            .arg(format!("{}:old-done", keys.job_meta_hash()))
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(meta, 0);
        assert_eq!(
            purge_redis_finished(&conn, &namespace, cutoff, false, 1, 100)
                .await
                .unwrap(),
            0
        );

        let _: () = redis::pipe()
            .del(keys.done_jobs_set())
            .del(keys.scheduled_jobs_set())
            .del(keys.job_data_hash())
            .del(format!("{}:new-done", keys.job_meta_hash()))
            .query_async(&mut conn)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_dead_redis_job_is_listed_and_retried_once() {
        let client = redis::Client::open(crate::testkit::redis_url()).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let namespace = format!("test-{}:", uuid::Uuid::now_v7());
        let keys = redis_keys(&namespace, std::any::type_name::<SendEmail>());
        dead_job(&mut conn, &keys, "job-1").await;
        dead_job(&mut conn, &keys, "job-2").await;

        let listed = list_redis_dead(&mut conn, &namespace, 10).await.unwrap();
        assert_eq!(listed.len(), 2);
        let one = listed.iter().find(|j| j.id == "job-1").unwrap();
        assert_eq!(
            (one.queue.as_str(), one.state, one.attempts),
            ("SendEmail", "dead", 5)
        );
        assert_eq!(one.last_error, "smtp refused");

        let retried = retry_redis(&conn, &namespace, &JobRetry::One("job-1".into()))
            .await
            .unwrap();
        assert_eq!(retried, vec!["job-1".to_string()]);
        let score: Option<f64> = redis::cmd("ZSCORE")
            .arg(keys.scheduled_jobs_set())
            .arg("job-1")
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(score, Some(0.0), "due at once");
        let attempts: String = redis::cmd("HGET")
            .arg(format!("{}:job-1", keys.job_meta_hash()))
            .arg("attempts")
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(attempts, "0");
        // Twice is once: it is no longer dead.
        let again = retry_redis(&conn, &namespace, &JobRetry::One("job-1".into()))
            .await
            .unwrap();
        assert!(again.is_empty());

        let rest = retry_redis(&conn, &namespace, &JobRetry::AllFailed)
            .await
            .unwrap();
        assert_eq!(rest, vec!["job-2".to_string()]);
        assert!(
            list_redis_dead(&mut conn, &namespace, 10)
                .await
                .unwrap()
                .is_empty()
        );

        let _: () = redis::pipe()
            .del(keys.dead_jobs_set())
            .del(keys.scheduled_jobs_set())
            .del(format!("{}:job-1", keys.job_meta_hash()))
            .del(format!("{}:job-2", keys.job_meta_hash()))
            .query_async(&mut conn)
            .await
            .unwrap();
    }
}
