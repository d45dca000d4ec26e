//! `SendReminders`: IOU reminders for one day (the rules and the
//! once-a-day-per-debt guarantee live in `hisaab_service::social::remind_due`).
//! Pushed every hour keyed on the hour, so a worker that was down at
//! midnight still reminds that day, and a second run finds nothing new.

use super::{JobContext, JobError, run_attempt};
use apalis::prelude::{Attempt, BoxDynError, Data};
use hisaab_service::jobs::SendReminders;
use hisaab_service::social::{self, ReminderRun};
use time::Date;
use time::macros::format_description;

/// The job's name in metrics and logs.
pub const JOB: &str = "SendReminders";
/// Attempts before giving up; the next hourly push tries again.
pub const MAX_ATTEMPTS: usize = 3;

/// The apalis handler.
pub async fn run(job: SendReminders, ctx: Data<JobContext>, attempt: Attempt) -> Result<(), BoxDynError> {
    run_attempt(&ctx.metrics, JOB, &attempt, MAX_ATTEMPTS, async {
        let day = Date::parse(&job.day, format_description!("[year]-[month]-[day]"))
            .map_err(|e| JobError::Permanent(anyhow::anyhow!("bad day {:?}: {e}", job.day)))?;
        send_reminders(&ctx, day)
            .await
            .map(|_| ())
            .map_err(JobError::Transient)
    })
    .await
}

/// Reminds about every IOU due on `day` or overdue by whole weeks, and logs the count.
pub async fn send_reminders(ctx: &JobContext, day: Date) -> anyhow::Result<ReminderRun> {
    let run = social::remind_due(&ctx.app, day).await?;
    tracing::info!(%day, due = run.due, reminded = run.reminded, "IOU reminders");
    Ok(run)
}
