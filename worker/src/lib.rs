//! Hisaab's background worker: an apalis monitor that sends email and purges
//! expired rows, plus the loop that dispatches the transactional outbox.
//!
//! How the pieces fit:
//! - [`schedule::dispatch_loop`] claims outbox rows every 500 ms and turns
//!   each `Event::Email` into a `SendEmail` job on the queue;
//! - [`monitor::build`] runs the apalis workers that consume `SendEmail` and
//!   `PurgeExpired` (retries with backoff, graceful shutdown);
//! - [`schedule::purge_loop`] enqueues `PurgeExpired` once an hour;
//! - [`schedule::notification_email_loop`] writes due notification emails
//!   (batches and digests) to the outbox every 30 seconds;
//! - [`metrics`] exports job counters and outbox backlog gauges.
//!
//! The queue lives in Redis when configured, else in PostgreSQL when the
//! ledger is there, else in a SQLite file of its own ([`queue::Queue`]).

pub mod jobs;
pub mod metrics;
pub mod monitor;
pub mod queue;
pub mod schedule;

pub use jobs::JobContext;
pub use queue::Queue;

/// A worker name unique to this process: `{job}-{hostname}-{pid}`. apalis
/// refuses (Redis) or silently disables (SQL heartbeats) a second worker that
/// registers a name still alive, so two processes must never share one; a
/// restarted worker gets a `-r{n}` suffix for the same reason.
pub fn worker_name(job: &str, restarts: usize) -> String {
    let host = hostname::get()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "unknown-host".into());
    let base = format!("{job}-{host}-{}", std::process::id());
    if restarts == 0 {
        base
    } else {
        format!("{base}-r{restarts}")
    }
}
