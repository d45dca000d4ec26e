//! The jobs, one module each, and what they share.
//!
//! Every job is idempotent: it may run twice (a retry after a lost ack, a
//! crash between work and acknowledgement) without doing its work twice.

pub mod build_export;
pub mod dispatch_outbox;
pub mod notification_emails;
pub mod purge_expired;
pub mod send_email;
pub mod send_reminders;

use crate::Queue;
use crate::metrics::Metrics;
use apalis::prelude::{AbortError, Attempt, BoxDynError};
use hisaab_service::App;
use hisaab_service::mail::Mailer;
use hisaab_service::templating::Templates;
use std::future::Future;
use std::sync::Arc;

/// What every job handler gets (as apalis `Data`): cheap to clone.
#[derive(Clone)]
pub struct JobContext {
    pub app: App,
    pub templates: Templates,
    pub mailer: Arc<Mailer>,
    pub queue: Queue,
    pub metrics: Metrics,
}

impl JobContext {
    /// Builds the context: templates load once here, the mailer follows the
    /// settings (SMTP or `.eml` files).
    pub fn new(app: App, queue: Queue, metrics: Metrics) -> anyhow::Result<Self> {
        let mailer = Mailer::from_settings(&app.settings)?;
        Ok(Self {
            app,
            templates: Templates::new(|_| {}),
            mailer: Arc::new(mailer),
            queue,
            metrics,
        })
    }
}

/// Why an attempt failed: worth retrying, or certain to fail again.
#[derive(Debug)]
pub enum JobError {
    Transient(anyhow::Error),
    Permanent(anyhow::Error),
}

impl From<anyhow::Error> for JobError {
    fn from(e: anyhow::Error) -> Self {
        Self::Transient(e)
    }
}

/// Runs one attempt of an apalis job and counts it. Past `max_attempts`, or on
/// a permanent error, it answers with `AbortError`, which apalis records as
/// `Killed` and never retries. The explicit cap matters on Redis: apalis-redis
/// 1.0 reschedules failed tasks up to a hard-coded 25 attempts, ignoring the
/// task's own `max_attempts`.
pub(crate) async fn run_attempt<F>(
    metrics: &Metrics,
    job: &'static str,
    attempt: &Attempt,
    max_attempts: usize,
    work: F,
) -> Result<(), BoxDynError>
where
    F: Future<Output = Result<(), JobError>>,
{
    let n = attempt.current();
    if n > max_attempts {
        tracing::warn!(job, attempt = n, "giving up: out of attempts");
        return Err(AbortError::new(format!("{job}: out of attempts")).into());
    }
    match work.await {
        Ok(()) => {
            metrics.processed(job);
            Ok(())
        }
        Err(JobError::Transient(e)) if n < max_attempts => {
            metrics.retried(job);
            tracing::warn!(job, attempt = n, error = %format!("{e:#}"), "attempt failed; will retry");
            Err(e.into())
        }
        Err(JobError::Transient(e) | JobError::Permanent(e)) => {
            metrics.failed(job);
            tracing::error!(job, attempt = n, error = %format!("{e:#}"), "job failed for good");
            Err(AbortError::new(e).into())
        }
    }
}

/// The in-process retry policy for apalis workers: `max_attempts` attempts in
/// all, waiting 1 s, 2 s, 4 s, … (with jitter, at most a minute) between them.
pub fn retry_policy(
    max_attempts: usize,
) -> apalis::prelude::BackoffRetryPolicy<apalis::layers::retry::backoff::ExponentialBackoff> {
    use apalis::layers::retry::HasherRng;
    use apalis::layers::retry::backoff::{ExponentialBackoffMaker, MakeBackoff};
    use std::time::Duration;
    let backoff = ExponentialBackoffMaker::new(
        Duration::from_secs(1),
        Duration::from_secs(60),
        0.5,
        HasherRng::default(),
    )
    .expect("valid backoff")
    .make_backoff();
    // `retries` counts re-runs after the first attempt.
    apalis::prelude::RetryPolicy::retries(max_attempts.saturating_sub(1)).with_backoff(backoff)
}
