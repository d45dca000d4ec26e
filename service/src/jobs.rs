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
