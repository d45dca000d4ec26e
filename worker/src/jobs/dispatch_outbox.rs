//! `DispatchOutbox`: claim due outbox events and hand each to its consumer.
//!
//! At-least-once: an event is marked dispatched only after its consumer has
//! it. If the worker dies in between, the lease runs out and the event is
//! claimed again; the `SendEmail` job it produces carries the outbox id as its
//! idempotency key, so the queue holds it once and the mailer writes it once.

use super::{JobContext, build_export, send_email};
use hisaab_service::effects::Effects;
use hisaab_service::entity::{OutboxId, UserId};
use hisaab_service::jobs::{BuildExport, SendEmail};
use hisaab_service::outbox::{self, Claimed, Event};
use hisaab_service::realtime::Signal;
use hisaab_service::{db, mail, notifications};
use time::Duration;

/// The job's name in metrics and logs.
pub const JOB: &str = "DispatchOutbox";
/// How long a claimed batch is ours before another dispatcher may take it.
pub const LEASE: Duration = Duration::seconds(60);
/// Events claimed per run.
pub const BATCH: u64 = 50;

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dispatched {
    /// Events claimed by this run.
    pub claimed: usize,
    /// Events handed on and marked dispatched.
    pub completed: Vec<OutboxId>,
    /// Events that failed (rescheduled with backoff, or dead-lettered).
    pub failed: Vec<OutboxId>,
    /// Of `failed`, those out of attempts (`outbox::DEAD_AFTER_ATTEMPTS`).
    pub dead_lettered: Vec<OutboxId>,
}

/// Claims up to [`BATCH`] due events for `owner` and dispatches them.
/// An `Err` means the outbox itself could not be read or written (the
/// database is down); per-event failures are recorded on the event instead.
pub async fn dispatch_outbox(ctx: &JobContext, owner: &str) -> anyhow::Result<Dispatched> {
    let app = &ctx.app;
    let claimed = outbox::claim(&app.db, owner, app.now(), LEASE, BATCH).await?;
    let mut run = Dispatched {
        claimed: claimed.len(),
        ..Dispatched::default()
    };
    let (domain, rest): (Vec<_>, Vec<_>) = claimed
        .into_iter()
        .partition(|e| matches!(e.event, Ok(Event::Domain { .. })));
    // The batch's domain events in one transaction; if that fails, each on
    // its own below, so one bad event fails (and is retried) alone.
    let one_by_one = match deliver_together(ctx, &domain).await {
        Ok(()) => {
            for event in &domain {
                ctx.metrics.processed(JOB);
                run.completed.push(event.id);
            }
            Vec::new()
        }
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), events = domain.len(), "outbox batch failed; dispatching its events one by one");
            domain
        }
    };
    for event in one_by_one.into_iter().chain(rest) {
        let (id, attempts) = (event.id, event.attempts);
        let event_type = event
            .event
            .as_ref()
            .map(|e| e.type_name().to_string())
            .unwrap_or_default();
        match handle(ctx, event).await {
            Ok(completed) => {
                if !completed {
                    outbox::complete(&app.db, id, app.now()).await?;
                }
                ctx.metrics.processed(JOB);
                run.completed.push(id);
            }
            Err(e) => {
                let error = format!("{e:#}");
                match outbox::fail(&app.db, id, attempts, &error, app.now()).await? {
                    outbox::Failed::Rescheduled { retry_at } => {
                        tracing::warn!(outbox_id = %id, attempts = attempts + 1, %retry_at, %error, "outbox event failed; rescheduled");
                        ctx.metrics.retried(JOB);
                    }
                    outbox::Failed::DeadLettered => {
                        tracing::error!(
                            outbox_id = %id,
                            event_type,
                            attempts = attempts + 1,
                            %error,
                            "outbox event dead-lettered: out of attempts; retry it from the console's /jobs page"
                        );
                        ctx.metrics.failed(JOB);
                        ctx.metrics.dead_lettered();
                        run.dead_lettered.push(id);
                    }
                }
                run.failed.push(id);
            }
        }
    }
    Ok(run)
}

/// Delivers domain events (notifications, their email rows, the events
/// marked done) in one write transaction, then wakes everyone notified. The
/// notifications and the marks are one statement each for the whole batch.
///
/// On SQLite every transaction takes the file's one write lock, which the
/// web server's writers queue for; one per event made the worker take it as
/// often as the web wrote (each write records an event), and 64 web writers'
/// p99 went from 57 ms without the worker to 83–115 ms with it (ADR 0028).
async fn deliver_together(ctx: &JobContext, events: &[Claimed]) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let app = &ctx.app;
    let deliveries: Vec<notifications::Delivery> = events
        .iter()
        .filter_map(|event| match &event.event {
            Ok(Event::Domain {
                event_type,
                notify,
                data,
            }) => Some(notifications::Delivery {
                outbox_id: event.id,
                event_type,
                notify,
                data,
                created_at: event.created_at,
            }),
            _ => None,
        })
        .collect();
    let tx = db::begin_write(&app.db).await?;
    notifications::deliver_all(&tx, &deliveries).await?;
    for d in &deliveries {
        notifications::email::enqueue(&tx, d.outbox_id, d.event_type, d.notify, d.data, d.created_at).await?;
    }
    let ids: Vec<_> = deliveries.iter().map(|d| d.outbox_id).collect();
    outbox::complete_all(&tx, &ids, app.now()).await?;
    let woken: std::collections::BTreeSet<_> =
        deliveries.iter().flat_map(|d| d.notify.iter().copied()).collect();
    tx.commit(&Effects::system(app.now())).await?;
    let woken: Vec<Signal> = woken.into_iter().map(|u| Signal::Notified(UserId(u))).collect();
    app.bus.publish(&app.db, app.now(), &woken).await;
    Ok(())
}

/// Hands one event to its consumer; `true` when the event was marked
/// dispatched in the consumer's own transaction.
async fn handle(ctx: &JobContext, event: Claimed) -> anyhow::Result<bool> {
    match &event.event {
        Err(parse_error) => anyhow::bail!("unreadable outbox payload: {parse_error}"),
        Ok(Event::Email(email)) => {
            // Render now so a missing template or variable fails here, on the
            // outbox row an operator looks at, instead of as a dead job;
            // delivery problems (SMTP) are left to the job's retries.
            mail::render(&ctx.templates, email)?;
            let job = SendEmail {
                outbox_id: Some(event.id.to_string()),
                email: email.clone(),
            };
            let key = send_email::delivery_key(&job);
            ctx.queue.push(job, &key, send_email::MAX_ATTEMPTS).await?;
            Ok(false)
        }
        // The export id keys the job: a redelivered event queues it once.
        Ok(Event::Export { export_id }) => {
            let job = BuildExport {
                export_id: export_id.to_string(),
            };
            let key = format!("export:{export_id}");
            ctx.queue.push(job, &key, build_export::MAX_ATTEMPTS).await?;
            Ok(false)
        }
        // One notification row per person to tell, dated when the write
        // happened, and one email row per person who wants it by email
        // (sent in batches by `notification_emails`, ADR 0022); then their
        // web processes are woken (ADR 0021). Both ignore a redelivered
        // (outbox id, user) pair, and a repeated wake-up costs a stream one
        // query that finds nothing new. Alone, as the batch's fallback: the
        // same delivery as a batch of one.
        Ok(Event::Domain { .. }) => {
            deliver_together(ctx, std::slice::from_ref(&event)).await?;
            Ok(true)
        }
    }
}
