//! The apalis monitor (the `SendEmail`, `PurgeExpired`, `SendReminders` and `BuildExport` workers) and
//! [`run_until`], which runs it together with the schedules and the gauges
//! and shuts everything down gracefully.

use crate::jobs::{self, JobContext, build_export, purge_expired, send_email, send_reminders};
use crate::queue::Backend;
use crate::{schedule, worker_name};
use apalis::prelude::{BackendExt, Monitor, WorkerBuilder, WorkerBuilderExt};
use hisaab_service::jobs::{BuildExport, PurgeExpired, SendEmail, SendReminders};
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// How often an idle worker asks its queue for work. apalis 1.0 storages do
/// not poll by themselves: without a poll strategy an idle worker only looks
/// again at its next heartbeat (30 s).
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// Emails delivered at once by one process.
pub const EMAIL_CONCURRENCY: usize = 4;
/// On shutdown, how long running jobs get to finish before the process exits.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// A worker that fails (its queue unreachable, say) is restarted; each restart
/// first waits a little longer, so an outage does not become a busy loop.
fn restart_delay(restarts: usize) -> Duration {
    Duration::from_secs(1 << restarts.min(5))
}

/// Registers one apalis worker for job `$job` on `$storage` (a `Queue`
/// method building a storage from `$conn`): polled every [`POLL_EVERY`],
/// restarted after a growing delay, retried up to `$attempts`. A macro
/// because the three storages are different types and apalis's bounds make a
/// generic function far harder to read than this.
macro_rules! register_worker {
    ($monitor:expr, $ctx:expr, $storage:ident, $conn:expr,
     $job:ty, $name:literal, $concurrency:expr, $attempts:expr, $run:path) => {{
        let (ctx, conn) = ($ctx.clone(), $conn.clone());
        $monitor.register(move |restarts| {
            let storage = ctx
                .queue
                .$storage::<$job>(&conn)
                .poll_with_interval(POLL_EVERY)
                .before_start(move |_| async move {
                    if restarts > 0 {
                        tokio::time::sleep(restart_delay(restarts)).await;
                    }
                    Ok(())
                });
            WorkerBuilder::new(worker_name($name, restarts))
                .backend(storage)
                // Concurrency outside retry: a task waiting out its backoff
                // keeps its slot instead of letting another one in.
                .concurrency($concurrency)
                .retry(jobs::retry_policy($attempts))
                .data(ctx.clone())
                .build($run)
        })
    }};
}

/// Every apalis worker on one storage kind.
macro_rules! register_workers {
    ($monitor:expr, $ctx:expr, $storage:ident, $conn:expr) => {{
        let monitor = register_worker!(
            $monitor,
            $ctx,
            $storage,
            $conn,
            SendEmail,
            "send-email",
            EMAIL_CONCURRENCY,
            send_email::MAX_ATTEMPTS,
            send_email::run
        );
        let monitor = register_worker!(
            monitor,
            $ctx,
            $storage,
            $conn,
            PurgeExpired,
            "purge-expired",
            1,
            purge_expired::MAX_ATTEMPTS,
            purge_expired::run
        );
        let monitor = register_worker!(
            monitor,
            $ctx,
            $storage,
            $conn,
            SendReminders,
            "send-reminders",
            1,
            send_reminders::MAX_ATTEMPTS,
            send_reminders::run
        );
        // One export at a time per process: an export is long and
        // I/O-heavy, and its memory is bounded per export, not per process.
        register_worker!(
            monitor,
            $ctx,
            $storage,
            $conn,
            BuildExport,
            "build-export",
            1,
            build_export::MAX_ATTEMPTS,
            build_export::run
        )
    }};
}

/// The monitor with every apalis worker registered on the context's queue.
pub fn build(ctx: &JobContext) -> Monitor {
    let monitor = Monitor::new()
        .should_restart(|worker, error| {
            tracing::error!(worker = worker.name(), %error, "worker stopped; restarting");
            true
        })
        .shutdown_timeout(SHUTDOWN_TIMEOUT);
    match ctx.queue.backend().clone() {
        Backend::Sqlite(pool) => register_workers!(monitor, ctx, sqlite_storage, pool),
        Backend::Postgres(pool) => register_workers!(monitor, ctx, postgres_storage, pool),
        Backend::Redis(conn) => register_workers!(monitor, ctx, redis_storage, conn),
    }
}

/// Runs the workers, the outbox dispatcher, the purge schedule and the metric
/// gauges until `signal` completes, then stops taking work, lets running jobs
/// finish (up to [`SHUTDOWN_TIMEOUT`]) and returns.
pub async fn run_until(
    ctx: JobContext,
    signal: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop, stopped) = watch::channel(false);
    tracing::info!(queue = ctx.queue.kind(), "worker starting");
    let loops = [
        tokio::spawn(schedule::dispatch_loop(
            ctx.clone(),
            worker_name("dispatch-outbox", 0),
            stopped.clone(),
        )),
        tokio::spawn(schedule::purge_loop(ctx.clone(), stopped.clone())),
        tokio::spawn(schedule::notification_email_loop(ctx.clone(), stopped.clone())),
        tokio::spawn(ctx.metrics.clone().sample_loop(ctx.app.clone(), stopped)),
    ];
    let result = build(&ctx)
        .run_with_signal(async move {
            signal.await;
            tracing::info!("shutting down: finishing running jobs");
            let _ = stop.send(true);
            Ok(())
        })
        .await;
    // The loops saw the flag (or the sender dropping) and end after their
    // current run; waiting here keeps a claimed outbox batch from being cut off.
    for handle in loops {
        let _ = handle.await;
    }
    result.map_err(|e| anyhow::anyhow!("{e}"))
}
