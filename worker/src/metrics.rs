//! The worker's Prometheus metrics, served on `HISAAB_WORKER_METRICS_ADDR`.
//!
//! The job counters carry a label named `job` (the payload type: `SendEmail`,
//! `PurgeExpired`, `SendReminders`, `DispatchOutbox`). It collides with Prometheus's own scrape
//! label, so `ops/prometheus/prometheus.yml` relabels it to `job_type`.

use hisaab_service::App;
use prometheus::{Gauge, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};
use std::time::Duration;
use tokio::sync::watch;

/// The `job` label values.
pub const JOBS: [&str; 4] = [
    crate::jobs::send_email::JOB,
    crate::jobs::purge_expired::JOB,
    crate::jobs::send_reminders::JOB,
    crate::jobs::dispatch_outbox::JOB,
];

/// How often the outbox and pool gauges are refreshed.
pub const SAMPLE_EVERY: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct Metrics {
    pub registry: Registry,
    processed: IntCounterVec,
    failed: IntCounterVec,
    retried: IntCounterVec,
    outbox_pending: IntGauge,
    outbox_lag: Gauge,
    outbox_dead: IntGauge,
    outbox_dead_lettered: IntCounter,
    pool: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let counter = |name: &str, help: &str| {
            let c = IntCounterVec::new(Opts::new(name, help), &["job"]).expect("valid metric");
            registry.register(Box::new(c.clone())).expect("register metric");
            c
        };
        let processed = counter("jobs_processed_total", "Jobs completed, by job type");
        let failed = counter("jobs_failed_total", "Jobs that failed for good, by job type");
        let retried = counter(
            "jobs_retried_total",
            "Failed attempts that will be retried, by job type",
        );
        let outbox_pending =
            IntGauge::new("outbox_pending", "Undispatched outbox rows").expect("valid metric");
        let outbox_lag = Gauge::new(
            "outbox_lag_seconds",
            "Age of the oldest undispatched outbox row (0 when none)",
        )
        .expect("valid metric");
        let outbox_dead = IntGauge::new(
            "outbox_dead",
            "Dead-lettered outbox rows waiting for staff to retry them",
        )
        .expect("valid metric");
        let outbox_dead_lettered = IntCounter::new(
            "outbox_dead_lettered_total",
            "Outbox events given up on after too many failed attempts",
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Database pool connections by state"),
            &["state"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(outbox_pending.clone()))
            .expect("register metric");
        registry
            .register(Box::new(outbox_lag.clone()))
            .expect("register metric");
        registry
            .register(Box::new(pool.clone()))
            .expect("register metric");
        registry
            .register(Box::new(outbox_dead.clone()))
            .expect("register metric");
        registry
            .register(Box::new(outbox_dead_lettered.clone()))
            .expect("register metric");
        let _ = hisaab_service::telemetry::register_build_info(&registry);
        // Export every series from the start at 0, so `rate()` and
        // `increase()` see the first event instead of a series appearing.
        for job in JOBS {
            for counter in [&processed, &failed, &retried] {
                counter.with_label_values(&[job]);
            }
        }
        Self {
            registry,
            processed,
            failed,
            retried,
            outbox_pending,
            outbox_lag,
            outbox_dead,
            outbox_dead_lettered,
            pool,
        }
    }

    pub fn processed(&self, job: &str) {
        self.processed.with_label_values(&[job]).inc();
    }

    pub fn failed(&self, job: &str) {
        self.failed.with_label_values(&[job]).inc();
    }

    pub fn retried(&self, job: &str) {
        self.retried.with_label_values(&[job]).inc();
    }

    pub fn dead_lettered(&self) {
        self.outbox_dead_lettered.inc();
    }

    /// Outbox events dead-lettered since start.
    pub fn dead_lettered_count(&self) -> u64 {
        self.outbox_dead_lettered.get()
    }

    /// Current counter values for `job`: (processed, failed, retried).
    pub fn counts(&self, job: &str) -> (u64, u64, u64) {
        (
            self.processed.with_label_values(&[job]).get(),
            self.failed.with_label_values(&[job]).get(),
            self.retried.with_label_values(&[job]).get(),
        )
    }

    /// Samples the outbox backlog and the database pool.
    pub async fn sample(&self, app: &App) {
        match hisaab_service::outbox::backlog(&app.db, app.now()).await {
            Ok((pending, lag)) => {
                self.outbox_pending
                    .set(i64::try_from(pending).unwrap_or(i64::MAX));
                self.outbox_lag.set(lag);
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the outbox backlog"),
        }
        match hisaab_service::outbox::dead_lettered(&app.db).await {
            Ok(dead) => self.outbox_dead.set(i64::try_from(dead).unwrap_or(i64::MAX)),
            Err(e) => tracing::warn!(error = %e, "cannot count dead-lettered outbox events"),
        }
        let (size, idle) = if hisaab_service::db::is_postgres(&app.db) {
            let pool = app.db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        } else {
            let pool = app.db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX);
        self.pool.with_label_values(&["idle"]).set(i64::from(idle));
        self.pool
            .with_label_values(&["in_use"])
            .set(i64::from(size.saturating_sub(idle)));
    }

    /// Refreshes the gauges every [`SAMPLE_EVERY`] until `shutdown` flips.
    pub async fn sample_loop(self, app: App, mut shutdown: watch::Receiver<bool>) {
        loop {
            self.sample(&app).await;
            tokio::select! {
                _ = tokio::time::sleep(SAMPLE_EVERY) => {}
                _ = shutdown.wait_for(|stop| *stop) => return,
            }
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
