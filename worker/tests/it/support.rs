//! Fixtures: a `TestApp` (SQLite or PostgreSQL by `HISAAB_TEST_DATABASE`), a
//! real job queue on it (or on the real Redis), and the running worker.

use hisaab_service::entity::{OutboxId, outbox as outbox_entity};
use hisaab_service::outbox::{self, Event, OutgoingEmail};
use hisaab_service::testkit::{self, TestApp};
use hisaab_worker::metrics::Metrics;
use hisaab_worker::{JobContext, Queue, monitor};
use sea_orm::EntityTrait;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A test app with a worker context on its queue.
pub struct Harness {
    pub t: TestApp,
    pub ctx: JobContext,
    _redis: Option<RedisNamespace>,
}

impl Harness {
    /// The SQL queue the settings imply: apalis tables in the test's own
    /// PostgreSQL database, or `jobs.sqlite` in the test's data directory.
    pub async fn sql() -> Self {
        Self::sql_with(|_| {}).await
    }

    /// [`Harness::sql`] with settings of the test's own (a bucket, say).
    pub async fn sql_with(adjust: impl FnOnce(&mut hisaab_service::Settings)) -> Self {
        let t = TestApp::with_settings(adjust).await;
        let queue = Queue::connect(&t.app).await.expect("SQL job queue");
        Self::with_queue(t, queue, None)
    }

    /// The real Redis at `testkit::redis_url()`, under a namespace of our own.
    pub async fn redis() -> Self {
        let t = TestApp::new().await;
        let namespace = RedisNamespace::new();
        let queue = Queue::redis(&testkit::redis_url())
            .await
            .expect("Redis job queue")
            .with_namespace(namespace.prefix.clone());
        Self::with_queue(t, queue, Some(namespace))
    }

    fn with_queue(t: TestApp, queue: Queue, redis: Option<RedisNamespace>) -> Self {
        let ctx = JobContext::new(t.app.clone(), queue, Metrics::new()).expect("job context");
        Self {
            t,
            ctx,
            _redis: redis,
        }
    }

    pub fn mailbox(&self) -> PathBuf {
        self.t.app.settings.mailbox_dir()
    }

    /// Enqueues a verification email the way a use case does.
    pub async fn enqueue_email(&self, to: &str, template: &str, link: &str) -> OutboxId {
        let event = Event::Email(OutgoingEmail {
            to: to.into(),
            template: template.into(),
            context: serde_json::json!({ "display_name": "Asha", "link": link }),
        });
        outbox::enqueue(&self.t.app.db, self.t.app.now(), None, &event)
            .await
            .expect("enqueue outbox event")
    }

    pub async fn outbox_row(&self, id: OutboxId) -> outbox_entity::Model {
        outbox_entity::Entity::find_by_id(id)
            .one(&self.t.app.db)
            .await
            .expect("read outbox")
            .expect("outbox row exists")
    }

    /// Starts the whole worker (monitor, dispatcher, schedules) in the background.
    pub fn start(&self) -> Running {
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(monitor::run_until(self.ctx.clone(), async move {
            let _ = stopped.await;
        }));
        Running { stop, handle }
    }
}

pub struct Running {
    stop: oneshot::Sender<()>,
    handle: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Graceful shutdown; fails the test if it takes longer than the budget.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(40), self.handle)
            .await
            .expect("worker shuts down in time")
            .expect("worker task did not panic")
            .expect("worker ran without error");
    }
}

/// The `.eml` files in `dir` (none if it does not exist yet).
pub fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Waits until `dir` holds `n` `.eml` files, or panics after `within`.
pub async fn wait_for_emails(dir: &Path, n: usize, within: Duration) -> Vec<PathBuf> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let files = eml_files(dir);
        if files.len() >= n {
            return files;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "expected {n} emails in {}, found {}",
            dir.display(),
            files.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `check` holds, or panics with `what` after `within`.
pub async fn eventually<F, Fut>(what: &str, within: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + within;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Decodes quoted-printable (lettre's choice for non-ASCII text parts) just
/// enough to search a message: soft line breaks and `=XX` escapes.
pub fn decode_qp(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A unique key prefix in the shared Redis; its keys are deleted on drop.
pub struct RedisNamespace {
    pub prefix: String,
}

impl RedisNamespace {
    fn new() -> Self {
        Self {
            prefix: format!("hisaab-test-{}:", uuid::Uuid::now_v7().simple()),
        }
    }
}

impl Drop for RedisNamespace {
    fn drop(&mut self) {
        let prefix = self.prefix.clone();
        // Drop runs inside the test's runtime; do the cleanup on a thread of its own.
        let _ = std::thread::spawn(move || {
            let Ok(client) = redis::Client::open(testkit::redis_url()) else {
                return;
            };
            let Ok(mut conn) = client.get_connection() else {
                return;
            };
            let keys: Vec<String> = redis::cmd("KEYS")
                .arg(format!("{prefix}*"))
                .query(&mut conn)
                .unwrap_or_default();
            if !keys.is_empty() {
                let _: redis::RedisResult<()> = redis::cmd("DEL").arg(&keys).query(&mut conn);
            }
            // apalis also lists every queue in one shared sorted set.
            let queues: Vec<String> = redis::cmd("ZRANGE")
                .arg("core:apalis:queues:list")
                .arg(0)
                .arg(-1)
                .query(&mut conn)
                .unwrap_or_default();
            let ours: Vec<&String> = queues.iter().filter(|q| q.starts_with(&prefix)).collect();
            if !ours.is_empty() {
                let _: redis::RedisResult<()> = redis::cmd("ZREM")
                    .arg("core:apalis:queues:list")
                    .arg(ours)
                    .query(&mut conn);
            }
        })
        .join();
    }
}
