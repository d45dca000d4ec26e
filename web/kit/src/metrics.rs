//! Prometheus metrics for HTTP: request count and latency by route and status,
//! and database pool use. Served on the internal metrics listener only.

use hisaab_service::App;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};

#[derive(Clone)]
pub struct HttpMetrics {
    pub registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    views: IntGaugeVec,
    redis_fallbacks: IntGauge,
}

impl HttpMetrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency").buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Database pool connections by state"),
            &["state"],
        )
        .expect("valid metric");
        registry.register(Box::new(requests.clone())).expect("register");
        registry.register(Box::new(latency.clone())).expect("register");
        let views = IntGaugeVec::new(
            Opts::new(
                "view_cache_reads",
                "Reads of cached derived views since start, by cache (views or pages) and outcome (hit or miss)",
            ),
            &["cache", "outcome"],
        )
        .expect("valid metric");
        registry.register(Box::new(pool.clone())).expect("register");
        registry.register(Box::new(views.clone())).expect("register");
        let redis_fallbacks = IntGauge::new(
            "redis_fallbacks",
            "Rate-limit hits counted in this process because Redis did not answer, since start",
        )
        .expect("valid metric");
        registry
            .register(Box::new(redis_fallbacks.clone()))
            .expect("register");
        let _ = hisaab_service::telemetry::register_build_info(&registry);
        Self {
            registry,
            requests,
            latency,
            pool,
            views,
            redis_fallbacks,
        }
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
    }

    /// Samples the pool gauges; called before each scrape-sized interval.
    pub fn sample_pool(&self, app: &App) {
        let (size, idle) = if hisaab_service::db::is_postgres(&app.db) {
            let pool = app.db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        } else {
            let pool = app.db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        };
        self.pool.with_label_values(&["idle"]).set(i64::from(idle));
        self.pool
            .with_label_values(&["in_use"])
            .set(i64::from(size.saturating_sub(idle)));
        for (cache, stats) in [("views", app.views.stats()), ("pages", app.pages.stats())] {
            let (hits, misses) = stats;
            self.views.with_label_values(&[cache, "hit"]).set(hits as i64);
            self.views.with_label_values(&[cache, "miss"]).set(misses as i64);
        }
        self.redis_fallbacks.set(app.limiter.fallbacks() as i64);
    }
}

impl Default for HttpMetrics {
    fn default() -> Self {
        Self::new()
    }
}

/// A low-cardinality route label: ids become `{id}`, unknown paths one bucket.
pub fn route_label(path: &str, status: u16) -> String {
    if status == 404 {
        return "unmatched".into();
    }
    if path.starts_with("/assets/") {
        return "/assets/{path}".into();
    }
    path.split('/')
        .map(|segment| {
            let looks_like_id = segment.len() >= 16
                && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
                || (!segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()));
            if looks_like_id { "{id}" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_folded_out_of_routes() {
        assert_eq!(route_label("/api/v1/me", 200), "/api/v1/me");
        assert_eq!(
            route_label(
                "/settings/security/sessions/0190c9f0-7a2b-7c3d-8e4f-0123456789ab/revoke",
                303
            ),
            "/settings/security/sessions/{id}/revoke"
        );
        assert_eq!(route_label("/whatever/else", 404), "unmatched");
    }
}
