//! `PurgeExpired`: delete what has outlived its retention (the rules live in
//! `hisaab_service::retention`). Each step is a plain `DELETE … WHERE cutoff`,
//! so running it twice, or on two workers at once, is harmless.

use super::{JobContext, JobError, run_attempt};
use apalis::prelude::{Attempt, BoxDynError, Data};
use hisaab_service::jobs::PurgeExpired;
use hisaab_service::retention::{self, Purged};

/// The job's name in metrics and logs.
pub const JOB: &str = "PurgeExpired";
/// Attempts before giving up; the next hourly run starts afresh anyway.
pub const MAX_ATTEMPTS: usize = 3;

/// The apalis handler.
pub async fn run(_job: PurgeExpired, ctx: Data<JobContext>, attempt: Attempt) -> Result<(), BoxDynError> {
    run_attempt(&ctx.metrics, JOB, &attempt, MAX_ATTEMPTS, async {
        purge_expired(&ctx).await.map(|_| ()).map_err(JobError::Transient)
    })
    .await
}

/// Runs every retention step and logs what each deleted.
pub async fn purge_expired(ctx: &JobContext) -> anyhow::Result<Purged> {
    let purged = retention::purge_expired(&ctx.app).await?;
    tracing::info!(
        idempotency_keys = purged.idempotency_keys,
        outbox = purged.outbox,
        sessions = purged.sessions,
        email_tokens = purged.email_tokens,
        refresh_tokens = purged.refresh_tokens,
        sign_in_throttles = purged.sign_in_throttles,
        realtime_signals = purged.realtime_signals,
        debt_reminders = purged.debt_reminders,
        notifications = purged.notifications,
        notification_emails = purged.notification_emails,
        pending_sign_ins = purged.pending_sign_ins,
        exports = purged.exports,
        total = purged.total(),
        "purged expired rows"
    );
    Ok(purged)
}
