//! `BuildExport`: write one data export (the rules live in
//! `hisaab_service::exports`). Queued by the outbox dispatcher keyed on the
//! export id; `exports::build` skips an export already finished, so a
//! repeated job does nothing. Out of attempts, the export is marked failed
//! (and its partial file deleted) so the person sees it and can ask again.

use super::{JobContext, JobError, run_attempt};
use apalis::prelude::{Attempt, BoxDynError, Data};
use hisaab_service::entity::ExportId;
use hisaab_service::exports::{self, Built};
use hisaab_service::jobs::BuildExport;

/// The job's name in metrics and logs.
pub const JOB: &str = "BuildExport";
/// Attempts before the export is marked failed.
pub const MAX_ATTEMPTS: usize = 3;

/// The apalis handler.
pub async fn run(job: BuildExport, ctx: Data<JobContext>, attempt: Attempt) -> Result<(), BoxDynError> {
    let last = attempt.current() >= MAX_ATTEMPTS;
    run_attempt(&ctx.metrics, JOB, &attempt, MAX_ATTEMPTS, async {
        let id: ExportId = job
            .export_id
            .parse()
            .map_err(|e| JobError::Permanent(anyhow::anyhow!("bad export id {:?}: {e}", job.export_id)))?;
        match build_export(&ctx, id).await {
            Ok(_) => Ok(()),
            Err(e) if last => {
                exports::fail(&ctx.app, id)
                    .await
                    .map_err(|f| JobError::Transient(f.into()))?;
                Err(JobError::Permanent(e))
            }
            Err(e) => Err(JobError::Transient(e)),
        }
    })
    .await
}

/// Builds export `id` and logs what it wrote.
pub async fn build_export(ctx: &JobContext, id: ExportId) -> anyhow::Result<Built> {
    let started = std::time::Instant::now();
    let built = exports::build(&ctx.app, id).await?;
    if let Built::Ready(bytes) = built {
        tracing::info!(export_id = %id, bytes, elapsed_ms = started.elapsed().as_millis() as u64, "export ready");
    }
    Ok(built)
}
