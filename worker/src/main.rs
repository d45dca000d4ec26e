//! `hisaab-worker`: loads settings, checks the schema, serves metrics and runs
//! the jobs until SIGINT or SIGTERM, then lets running jobs finish.

use hisaab_service::{App, Settings, telemetry};
use hisaab_worker::metrics::Metrics;
use hisaab_worker::{JobContext, Queue, monitor};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("hisaab-worker: {e}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init_tracing(&settings);
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "hisaab-worker stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    let metrics_addr = settings.worker_metrics_addr;
    let app = App::start(settings).await?;
    let queue = Queue::connect(&app).await?;
    let metrics = Metrics::new();
    let registry = metrics.registry.clone();
    tokio::spawn(async move {
        if let Err(e) = telemetry::serve_metrics(metrics_addr, registry).await {
            tracing::error!(error = %e, %metrics_addr, "metrics listener stopped");
        }
    });
    let ctx = JobContext::new(app, queue, metrics)?;
    monitor::run_until(ctx, hisaab_service::telemetry::shutdown_signal()).await
}
