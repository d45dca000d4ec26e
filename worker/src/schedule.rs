//! The schedules: outbox dispatch (at once on PostgreSQL, when the
//! `outbox` trigger's `NOTIFY` arrives; every 500 ms in any case), the
//! notification emails every 30 s, and the hourly purge and IOU reminders.
//!
//! **Why dispatch is a plain loop, not a queued job.** The outbox table is
//! already a durable queue with leases (`outbox::claim`), safe for any number
//! of dispatchers at once. Pushing a `DispatchOutbox` job every second only to
//! have a worker read that queue would add a second queue in front of the
//! first: a job row per second to store and vacuum, another poll interval of
//! latency, and a "skip if the last one has not run" flag to keep them from
//! piling up. So each worker process runs [`dispatch_loop`], which calls the
//! job's own handler ([`dispatch_outbox`]) directly. Email *delivery* still
//! goes through the apalis queue, where it gets retries with backoff.
//!
//! The purge does go through the queue: once an hour each process pushes a
//! `PurgeExpired` keyed on the clock hour, so however many workers run, the
//! queue holds one purge per hour and one of them runs it (with retries).

use crate::JobContext;
use crate::jobs::dispatch_outbox::{self, BATCH, dispatch_outbox};
use crate::jobs::notification_emails::{self, send_notification_emails};
use crate::jobs::{purge_expired, send_reminders};
use hisaab_service::jobs::{PurgeExpired, SendReminders};
use hisaab_service::realtime;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::sync::watch;

/// Pause between dispatch runs when the outbox is (nearly) empty.
pub const DISPATCH_EVERY: Duration = Duration::from_millis(500);
/// The longest pause after repeated dispatch errors (database down).
pub const DISPATCH_MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How often a purge is enqueued.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);
/// How often due notification emails are looked for: a batch waits five
/// minutes anyway, so half a minute more is no one's loss.
pub const NOTIFICATION_EMAILS_EVERY: Duration = Duration::from_secs(30);

/// Writes due notification emails every [`NOTIFICATION_EMAILS_EVERY`] until
/// `shutdown` flips (a run in progress finishes).
pub async fn notification_email_loop(ctx: JobContext, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        if let Err(e) = send_notification_emails(&ctx).await {
            ctx.metrics.retried(notification_emails::JOB);
            tracing::warn!(job = notification_emails::JOB, error = %format!("{e:#}"), "notification emails failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(NOTIFICATION_EMAILS_EVERY) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

/// Dispatches the outbox until `shutdown` flips. A run in progress always
/// finishes (its claimed events are completed or failed, never abandoned).
pub async fn dispatch_loop(ctx: JobContext, owner: String, mut shutdown: watch::Receiver<bool>) {
    let mut errors: u32 = 0;
    // Committed events wake the loop at once on PostgreSQL (ADR 0021): the
    // path from a write to a person's open stream should not wait a poll.
    let woken = Arc::new(Notify::new());
    let listener = tokio::spawn(realtime::wake_on_outbox(ctx.app.db.clone(), woken.clone()));
    let _stop_listener = AbortOnDrop(listener);
    loop {
        if *shutdown.borrow() {
            return;
        }
        let pause = match dispatch_outbox(&ctx, &owner).await {
            // A full batch means more may be waiting: go again at once.
            Ok(run) if run.claimed as u64 >= BATCH => {
                errors = 0;
                continue;
            }
            Ok(_) => {
                errors = 0;
                DISPATCH_EVERY
            }
            Err(e) => {
                errors = errors.saturating_add(1);
                tracing::warn!(job = dispatch_outbox::JOB, error = %format!("{e:#}"), errors, "outbox dispatch failed");
                DISPATCH_EVERY
                    .saturating_mul(2_u32.saturating_pow(errors.min(6)))
                    .min(DISPATCH_MAX_BACKOFF)
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = woken.notified(), if errors == 0 => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

/// Stops a spawned task when the loop that started it returns.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Enqueues a purge and the day's reminders now and then every
/// [`PURGE_EVERY`] until `shutdown` flips.
pub async fn purge_loop(ctx: JobContext, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(e) = enqueue_purge(&ctx).await {
            tracing::warn!(error = %format!("{e:#}"), "cannot enqueue the hourly purge");
        }
        if let Err(e) = enqueue_reminders(&ctx).await {
            tracing::warn!(error = %format!("{e:#}"), "cannot enqueue the hourly reminders");
        }
        tokio::select! {
            _ = tokio::time::sleep(PURGE_EVERY) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

/// Pushes this hour's run of today's reminders (a no-op when pushed twice in
/// an hour; a second run in a day reminds nobody twice).
pub async fn enqueue_reminders(ctx: &JobContext) -> anyhow::Result<()> {
    let now = ctx.app.now();
    let hour = now.unix_timestamp().div_euclid(3600);
    ctx.queue
        .push(
            SendReminders {
                day: now.date().to_string(),
            },
            &format!("reminders-{hour}"),
            send_reminders::MAX_ATTEMPTS,
        )
        .await
}

/// Pushes this hour's purge; a second push in the same hour is a no-op.
pub async fn enqueue_purge(ctx: &JobContext) -> anyhow::Result<()> {
    let hour = ctx.app.now().unix_timestamp().div_euclid(3600);
    ctx.queue
        .push(
            PurgeExpired,
            &format!("purge-{hour}"),
            purge_expired::MAX_ATTEMPTS,
        )
        .await
}
