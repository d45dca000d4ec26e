//! `SendNotificationEmails`: write the notification emails that are due
//! (a batch whose oldest item is five minutes old, or a person's daily or
//! weekly digest) to the outbox; the dispatcher turns each into a
//! `SendEmail` job. The rules live in `hisaab_service::notifications::email`.
//!
//! Like the dispatcher it is a plain loop (`schedule::notification_email_loop`),
//! not a queued job: the `notification_emails` table is its queue, and a row
//! is marked sent in the same transaction that writes its email, so two
//! workers running it at once send each batch once.

use super::JobContext;
use hisaab_service::notifications::email::{self, Sent};

/// The job's name in metrics and logs.
pub const JOB: &str = "SendNotificationEmails";

/// Writes every due notification email to the outbox.
pub async fn send_notification_emails(ctx: &JobContext) -> anyhow::Result<Sent> {
    let sent = email::send_due(&ctx.app, &ctx.templates).await?;
    if sent.emails > 0 {
        ctx.metrics.processed(JOB);
        tracing::info!(
            emails = sent.emails,
            items = sent.items,
            "notification emails written"
        );
    }
    Ok(sent)
}
