//! The bus: one way for every process to tell the web processes "these
//! people have something new" (ADR 0021). Three transports, chosen by what
//! is deployed:
//!
//! - **Redis** pub/sub on `hisaab:signals` when `HISAAB_REDIS_URL` is set;
//! - **PostgreSQL** `LISTEN/NOTIFY` on `hisaab_signals` without Redis;
//! - **the database table** `realtime_signals` on the embedded default
//!   (SQLite, where the worker is another process and there is no pub/sub):
//!   a publisher inserts a row, each web process reads the new rows with one
//!   query per [`POLL_EVERY`] while it has streams open, and none otherwise.
//!
//! Each web process holds **one** subscription and hands what arrives to its
//! [`Receiver`] (the hub), which routes to the local streams by person.
//! Publishing is best effort after the data is committed: a lost signal
//! delays an event until the next one for that person (or a reconnect,
//! which wakes every stream), it never loses it, because streams read the
//! notifications table, not the bus.

use super::signal::{self, Signal};
use crate::db;
use futures_util::StreamExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The Redis channel.
pub const REDIS_CHANNEL: &str = "hisaab:signals";
/// The PostgreSQL channel for signals.
pub const PG_CHANNEL: &str = "hisaab_signals";
/// The PostgreSQL channel the `outbox` trigger notifies on commit
/// (migration `m20261206_000010_realtime`).
pub const PG_OUTBOX_CHANNEL: &str = "hisaab_outbox";
/// How often a web process on the embedded default looks for new signals.
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// Longest wait before resubscribing after the transport failed.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Where signals go once they arrive in a process.
pub trait Receiver: Send + Sync + 'static {
    fn signal(&self, signal: Signal);
    /// Signals may have been lost (the subscription was down): every
    /// stream looks for new rows once.
    fn resync(&self);
    /// Whether anything here listens; the table poll queries only then.
    fn is_listening(&self) -> bool;
}

#[derive(Clone)]
pub struct Bus(Arc<Transport>);

enum Transport {
    Redis {
        client: redis::Client,
        publisher: redis::aio::ConnectionManager,
    },
    Postgres,
    Table,
}

impl Bus {
    /// Redis pub/sub.
    pub async fn redis(url: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)?;
        let publisher = redis::aio::ConnectionManager::new(client.clone()).await?;
        Ok(Self(Arc::new(Transport::Redis { client, publisher })))
    }

    /// `LISTEN/NOTIFY` on PostgreSQL, the signals table elsewhere.
    pub fn database(db: &DatabaseConnection) -> Self {
        Self(Arc::new(match db.get_database_backend() {
            DbBackend::Postgres => Transport::Postgres,
            _ => Transport::Table,
        }))
    }

    /// `redis`, `postgres` or `table`: for logs and the readiness page.
    pub fn transport(&self) -> &'static str {
        match *self.0 {
            Transport::Redis { .. } => "redis",
            Transport::Postgres => "postgres",
            Transport::Table => "table",
        }
    }

    /// Sends `signals` to every web process. Failures are logged, not
    /// returned: the write they follow has committed and must not fail now.
    /// `now` dates the embedded default's rows, for their purge.
    pub async fn publish(&self, db: &DatabaseConnection, now: time::OffsetDateTime, signals: &[Signal]) {
        if signals.is_empty() {
            return;
        }
        if let Err(e) = self.try_publish(db, now, signals).await {
            tracing::warn!(transport = self.transport(), error = %format!("{e:#}"), "cannot publish realtime signals");
        }
    }

    async fn try_publish(
        &self,
        db: &DatabaseConnection,
        now: time::OffsetDateTime,
        signals: &[Signal],
    ) -> anyhow::Result<()> {
        for message in signal::encode_all(signals) {
            match &*self.0 {
                Transport::Redis { publisher, .. } => {
                    let mut con = publisher.clone();
                    let _: i64 = redis::cmd("PUBLISH")
                        .arg(REDIS_CHANNEL)
                        .arg(&message)
                        .query_async(&mut con)
                        .await?;
                }
                Transport::Postgres => {
                    db.execute_raw(db::stmt(
                        DbBackend::Postgres,
                        "SELECT pg_notify($1, $2)",
                        vec![Value::from(PG_CHANNEL), Value::from(message)],
                    ))
                    .await?;
                }
                Transport::Table => {
                    db.execute_raw(db::stmt(
                        db.get_database_backend(),
                        "INSERT INTO realtime_signals (payload, created_at) VALUES ($1, $2)",
                        vec![Value::from(message), Value::from(now)],
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// The process's one subscription: runs until the task is dropped,
    /// resubscribing (and resyncing the receiver) after any failure.
    pub async fn listen(self, db: DatabaseConnection, to: Arc<dyn Receiver>) {
        let mut backoff = Duration::from_millis(250);
        let mut watermark = None;
        loop {
            let outcome = match &*self.0 {
                Transport::Redis { client, .. } => listen_redis(client, &*to).await,
                Transport::Postgres => listen_postgres(&db, &*to).await,
                Transport::Table => poll_table(&db, &*to, &mut watermark).await,
            };
            if let Err(e) = outcome {
                tracing::warn!(transport = self.transport(), error = %format!("{e:#}"), "realtime subscription lost; retrying");
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
            to.resync();
        }
    }
}

/// Subscribes, then delivers until the connection fails.
async fn listen_redis(client: &redis::Client, to: &dyn Receiver) -> anyhow::Result<()> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(REDIS_CHANNEL).await?;
    // Anything published while we were not subscribed is looked for now.
    to.resync();
    let mut messages = pubsub.into_on_message();
    while let Some(msg) = messages.next().await {
        let payload: String = msg.get_payload()?;
        signal::decode_all(&payload)
            .into_iter()
            .for_each(|s| to.signal(s));
    }
    anyhow::bail!("the Redis subscription ended")
}

async fn listen_postgres(db: &DatabaseConnection, to: &dyn Receiver) -> anyhow::Result<()> {
    let mut listener = pg_listener(db, PG_CHANNEL).await?;
    to.resync();
    loop {
        // `None`: the connection dropped; notifications sent meanwhile are lost.
        match listener.try_recv().await? {
            Some(n) => signal::decode_all(n.payload())
                .into_iter()
                .for_each(|s| to.signal(s)),
            None => anyhow::bail!("the PostgreSQL LISTEN connection dropped"),
        }
    }
}

async fn pg_listener(
    db: &DatabaseConnection,
    channel: &str,
) -> anyhow::Result<sea_orm::sqlx::postgres::PgListener> {
    // A connection of its own, detached from the pool: it stays open as long
    // as the process, so it must not hold one of the pool's slots.
    let mut listener =
        sea_orm::sqlx::postgres::PgListener::connect_with(db.get_postgres_connection_pool()).await?;
    listener.listen(channel).await?;
    Ok(listener)
}

/// Reads the new rows of `realtime_signals` every [`POLL_EVERY`] while
/// someone listens. `watermark` survives a failure so nothing is read twice.
async fn poll_table(
    db: &DatabaseConnection,
    to: &dyn Receiver,
    watermark: &mut Option<i64>,
) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    loop {
        if to.is_listening() || watermark.is_none() {
            let last = match *watermark {
                Some(last) => last,
                None => {
                    let row = db
                        .query_one_raw(db::stmt(
                            backend,
                            "SELECT COALESCE(MAX(id), 0) AS id FROM realtime_signals",
                            vec![],
                        ))
                        .await?;
                    let last = row.map(|r| r.try_get::<i64>("", "id")).transpose()?.unwrap_or(0);
                    *watermark = Some(last);
                    last
                }
            };
            let rows = db
                .query_all_raw(db::stmt(
                    backend,
                    "SELECT id, payload FROM realtime_signals WHERE id > $1 ORDER BY id LIMIT 1000",
                    vec![Value::from(last)],
                ))
                .await?;
            for row in &rows {
                let id: i64 = row.try_get("", "id")?;
                let payload: String = row.try_get("", "payload")?;
                signal::decode_all(&payload)
                    .into_iter()
                    .for_each(|s| to.signal(s));
                *watermark = Some(id);
            }
            if rows.len() == 1000 {
                continue;
            }
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// On PostgreSQL, wakes `notify` whenever outbox events are committed (the
/// `outbox` trigger's `NOTIFY`), so the dispatcher need not wait for its next
/// poll. Elsewhere it never returns and the poll alone drives dispatch.
pub async fn wake_on_outbox(db: DatabaseConnection, notify: Arc<Notify>) {
    if db.get_database_backend() != DbBackend::Postgres {
        return std::future::pending().await;
    }
    let mut backoff = Duration::from_millis(250);
    loop {
        let outcome: anyhow::Result<()> = async {
            let mut listener = pg_listener(&db, PG_OUTBOX_CHANNEL).await?;
            notify.notify_one();
            backoff = Duration::from_millis(250);
            loop {
                match listener.try_recv().await? {
                    Some(_) => notify.notify_one(),
                    None => anyhow::bail!("the PostgreSQL LISTEN connection dropped"),
                }
            }
        }
        .await;
        if let Err(e) = outcome {
            tracing::warn!(error = %format!("{e:#}"), "outbox wake-up subscription lost; retrying");
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}
