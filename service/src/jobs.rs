//! Job payloads, defined once here so the producer and the worker agree on
//! the queue (apalis names queues after the payload type).

use crate::outbox::OutgoingEmail;
use serde::{Deserialize, Serialize};

/// Render and deliver one email.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SendEmail {
    /// The outbox event this email came from: delivery is keyed on it so a
    /// retried dispatch does not send twice.
    pub outbox_id: Option<String>,
    pub email: OutgoingEmail,
}

/// Delete what is past its retention (idempotency keys, dispatched outbox
/// rows, expired sessions and tokens).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PurgeExpired;

/// Remind about IOUs due today or overdue (`social::remind_due`), for `day`
/// (`YYYY-MM-DD`, UTC): pushed hourly, each debt is reminded once a day.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendReminders {
    pub day: String,
}

/// Write one data export (`exports::build`): queued by the outbox
/// dispatcher for each `export.requested` event, keyed on the export id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildExport {
    /// The export's id (a UUID).
    pub export_id: String,
}

/// Where the job queue lives, by the same rule for the worker that fills and
/// drains it and the console that shows it: Redis when configured, else
/// apalis's tables in the ledger's PostgreSQL database, else a SQLite file
/// of its own beside the ledger (never the ledger's file: STACK gotcha 6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueueLocation {
    Redis,
    Postgres,
    Sqlite(std::path::PathBuf),
}

impl QueueLocation {
    pub fn of(app: &crate::App) -> Self {
        if app.settings.redis_url.is_some() {
            Self::Redis
        } else if crate::db::is_postgres(&app.db) {
            Self::Postgres
        } else {
            Self::Sqlite(app.settings.data_dir.join("jobs.sqlite"))
        }
    }
}

/// Every queue, named as apalis names it (the payload's Rust path; the
/// worker adds no prefix in production).
pub fn queue_names() -> [&'static str; 4] {
    [
        std::any::type_name::<SendEmail>(),
        std::any::type_name::<PurgeExpired>(),
        std::any::type_name::<SendReminders>(),
        std::any::type_name::<BuildExport>(),
    ]
}

/// A queue's name without its module path (`SendEmail`), for people.
pub fn short_queue_name(queue: &str) -> &str {
    queue.rsplit("::").next().unwrap_or(queue)
}
