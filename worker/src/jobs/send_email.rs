//! `SendEmail`: render one email and deliver it. Idempotent: delivery is keyed
//! on the outbox id (or a hash of the payload), so a retry finds the `.eml`
//! file already written and writes nothing, and over SMTP sends the same
//! Message-ID.

use super::{JobContext, JobError, run_attempt};
use apalis::prelude::{Attempt, BoxDynError, Data};
use hisaab_service::jobs::SendEmail;
use hisaab_service::mail;
use sha2::{Digest, Sha256};

/// The job's name in metrics and logs.
pub const JOB: &str = "SendEmail";
/// Attempts in all before an email is given up (a minute or so of backoff).
pub const MAX_ATTEMPTS: usize = 5;

/// The apalis handler.
pub async fn run(job: SendEmail, ctx: Data<JobContext>, attempt: Attempt) -> Result<(), BoxDynError> {
    run_attempt(&ctx.metrics, JOB, &attempt, MAX_ATTEMPTS, send_email(&ctx, &job)).await
}

/// Renders and delivers `job`. A rendering error is permanent (the template
/// or its context is wrong and will stay wrong); a delivery error is not.
pub async fn send_email(ctx: &JobContext, job: &SendEmail) -> Result<(), JobError> {
    let rendered = mail::render(&ctx.templates, &job.email).map_err(JobError::Permanent)?;
    ctx.mailer
        .send(
            &ctx.app.settings.mail_from,
            &job.email,
            rendered,
            &delivery_key(job),
        )
        .await
        .map_err(JobError::Transient)
}

/// What makes two deliveries "the same email": the outbox event it came from,
/// or else its content.
pub fn delivery_key(job: &SendEmail) -> String {
    match &job.outbox_id {
        Some(id) => id.clone(),
        None => {
            let payload = serde_json::to_vec(&job.email).expect("emails serialize");
            hex::encode(Sha256::digest(&payload))
        }
    }
}
