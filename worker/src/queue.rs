//! Where jobs wait: Redis when `HISAAB_REDIS_URL` is set, else apalis's tables
//! in the ledger's PostgreSQL database, else a SQLite file of its own.
//!
//! The SQLite queue never shares the ledger's file or pool:
//! `SqliteStorage::setup` turns `synchronous` off on the connection it runs on,
//! which must never happen to the ledger (STACK gotcha 6).

use anyhow::Context;
use apalis::prelude::{TaskBuilder, TaskSink, TaskSinkError};
use apalis_postgres::{PgPool, PostgresStorage};
use apalis_redis::{ConnectionManager, RedisStorage};
use apalis_sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteStorage};
use hisaab_service::App;
use hisaab_service::jobs::QueueLocation;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// How long Redis remembers an idempotency key. apalis-redis 1.0 passes its
/// default (`None`) to `EXPIRE` as 0, which deletes the key at once: without
/// an explicit TTL, idempotency keys do nothing on Redis.
const REDIS_IDEMPOTENCY_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// apalis-postgres's unique index on `(job_type, idempotency_key)`.
const PG_IDEMPOTENCY_INDEX: &str = "idx_jobs_idempotency_key";

#[derive(Clone)]
pub enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    Redis(ConnectionManager),
}

/// A handle on the job queue: cheap to clone, used both to push jobs and to
/// build the storages the workers consume.
#[derive(Clone)]
pub struct Queue {
    backend: Backend,
    /// Prepended to every queue name. Empty in production, so queue names are
    /// the payload's Rust path like every other producer's (STACK gotcha 4);
    /// tests set a unique one so they can share a Redis.
    namespace: String,
}

/// An idle apalis SQL/Redis worker only looks for new tasks at its heartbeat
/// (30 s by default), whatever poll interval is set: emails would wait up to
/// half a minute. A short heartbeat keeps delivery within a couple of seconds;
/// the orphan timeout (heartbeat × missed) stays at 30 s.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(1);
const MISSED_HEARTBEATS: usize = 30;

impl Queue {
    /// Picks and prepares the backend the settings call for.
    pub async fn connect(app: &App) -> anyhow::Result<Self> {
        match QueueLocation::of(app) {
            QueueLocation::Redis => {
                let url = app.settings.redis_url.as_ref().expect("Redis is configured");
                Self::redis(url.expose()).await
            }
            QueueLocation::Postgres => Self::postgres(app.db.get_postgres_connection_pool().clone()).await,
            QueueLocation::Sqlite(path) => Self::sqlite(&path).await,
        }
    }

    /// A SQLite queue in its own file (created if missing).
    pub async fn sqlite(path: &Path) -> anyhow::Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            // Workers, the dispatcher and heartbeats write concurrently: wait
            // for the lock instead of failing with SQLITE_BUSY.
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the job queue {}", path.display()))?;
        SqliteStorage::setup(&pool)
            .await
            .context("setting up the SQLite job queue")?;
        Ok(Self::new(Backend::Sqlite(pool)))
    }

    /// apalis's tables (schema `apalis`) in the ledger's PostgreSQL database.
    /// Its migrations create the `pgcrypto` and `hstore` extensions.
    pub async fn postgres(pool: PgPool) -> anyhow::Result<Self> {
        PostgresStorage::setup(&pool)
            .await
            .context("setting up the PostgreSQL job queue (schema apalis)")?;
        Ok(Self::new(Backend::Postgres(pool)))
    }

    pub async fn redis(url: &str) -> anyhow::Result<Self> {
        let conn = apalis_redis::connect(url)
            .await
            .context("cannot connect to Redis (check HISAAB_REDIS_URL)")?;
        Ok(Self::new(Backend::Redis(conn)))
    }

    fn new(backend: Backend) -> Self {
        Self {
            backend,
            namespace: String::new(),
        }
    }

    /// Prefixes every queue name (tests use a unique one each).
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// `sqlite`, `postgres` or `redis`, for logs.
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
            Backend::Redis(_) => "redis",
        }
    }

    /// The queue a payload type travels on.
    pub fn queue_name<T>(&self) -> String {
        format!("{}{}", self.namespace, std::any::type_name::<T>())
    }

    pub fn sqlite_storage<T>(&self, pool: &SqlitePool) -> SqliteStorage<T> {
        let config = apalis_sqlite::Config::default()
            .queue(self.queue_name::<T>())
            .heartbeat_interval(HEARTBEAT)
            .missed_heartbeats(MISSED_HEARTBEATS);
        SqliteStorage::new(pool).with_config(config)
    }

    pub fn postgres_storage<T>(&self, pool: &PgPool) -> PostgresStorage<T> {
        let config = apalis_postgres::Config::default()
            .queue(self.queue_name::<T>())
            .heartbeat_interval(HEARTBEAT)
            .missed_heartbeats(MISSED_HEARTBEATS);
        PostgresStorage::new(pool).with_config(config)
    }

    pub fn redis_storage<T>(&self, conn: &ConnectionManager) -> RedisStorage<T> {
        let config = apalis_redis::Config::default()
            .queue(self.queue_name::<T>())
            .heartbeat_interval(HEARTBEAT)
            .missed_heartbeats(MISSED_HEARTBEATS)
            .idempotency_ttl(Some(REDIS_IDEMPOTENCY_TTL));
        RedisStorage::new(conn.clone()).with_config(config)
    }

    /// Enqueues `job` unless a job with the same `idempotency_key` is already
    /// on its queue, so pushing twice (a retried dispatch, two schedulers)
    /// yields one job. `max_attempts` bounds the backend's own re-runs.
    pub async fn push<T>(&self, job: T, idempotency_key: &str, max_attempts: usize) -> anyhow::Result<()>
    where
        T: Serialize + DeserializeOwned + Send + Sync + Unpin + 'static,
    {
        let task = TaskBuilder::new(job)
            .idempotency_key(idempotency_key)
            .max_attempts(max_attempts)
            .build();
        let name = std::any::type_name::<T>();
        match &self.backend {
            Backend::Sqlite(pool) => {
                // `ON CONFLICT (job_type, idempotency_key) DO NOTHING` in apalis-sqlite.
                let mut storage = self.sqlite_storage::<T>(pool);
                storage
                    .push_task(task)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot enqueue {name}: {e}"))
            }
            Backend::Redis(conn) => {
                // `SETNX` on the idempotency key in apalis-redis.
                let mut storage = self.redis_storage::<T>(conn);
                storage
                    .push_task(task)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot enqueue {name}: {e}"))
            }
            Backend::Postgres(pool) => {
                // apalis-postgres has a unique index but no `ON CONFLICT`: a
                // duplicate is an error, which here means "already queued".
                let mut storage = self.postgres_storage::<T>(pool);
                match storage.push_task(task).await {
                    Ok(()) => Ok(()),
                    Err(TaskSinkError::PushError(apalis_postgres::Error::Database(e)))
                        if e.as_database_error().and_then(|d| d.constraint())
                            == Some(PG_IDEMPOTENCY_INDEX) =>
                    {
                        Ok(())
                    }
                    Err(e) => Err(anyhow::anyhow!("cannot enqueue {name}: {e}")),
                }
            }
        }
    }
}
