//! Realtime delivery (issue 12, ADR 0021). Writes leave domain events in the
//! outbox; the worker turns them into notification rows (`notifications`)
//! and publishes a [`Signal`] on the [`Bus`]; each web process's one
//! subscription hands it to its [`Hub`], which wakes the open streams of the
//! person named. Streams read the rows themselves, by id, so the bus carries
//! only "look now" and an idle stream costs no query.

mod bus;
mod hub;
mod signal;

pub use bus::{Bus, POLL_EVERY, Receiver, wake_on_outbox};
pub use hub::{Hub, HubMetrics, MAX_STREAMS_PER_PERSON, Subscription, TooManyStreams, Wake};
pub use signal::Signal;

/// Every domain event type a stream can carry (the SSE `event:` names).
/// Pages listen for all of them (`live_triggers` in the layout): whatever
/// changed, the regions a page shows are fetched again.
pub const EVENT_TYPES: &[&str] = &[
    "account.created",
    "asset.created",
    "asset.valued",
    "liability.created",
    "liability.balance_recorded",
    "loan.created",
    "loan.payment_recorded",
    "transaction.recorded",
    "transaction.reversed",
    "transfer.recorded",
    "contact.created",
    "contact.changed",
    "contact.unlinked",
    "debt.recorded",
    "debt.changed",
    "debt.corrected",
    "debt.deleted",
    "debt.restored",
    "debt.reminder",
    "debt.reminder_sent",
    "expense.added",
    "expense.changed",
    "expense.deleted",
    "expense.restored",
    "group.created",
    "group.changed",
    "group.member_added",
    "group.member_left",
    "group.member_removed",
    "invitation.sent",
    "invitation.accepted",
    "invitation.declined",
    "settlement.recorded",
    "settlement.deleted",
    "settlement.restored",
];
