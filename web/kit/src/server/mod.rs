//! Start-up shared by both servers: the metrics listener with its pool
//! sampler, and serving a route table until Ctrl-C / SIGTERM.

mod accept;
mod connection;
mod event_stream;
mod first_request;
mod rewind;

use crate::metrics::HttpMetrics;
use crate::stall::{STALL_LIMIT, WriteDeadline};
use hisaab_service::{App, telemetry};
use poem::endpoint::BoxEndpoint;
use poem::listener::{Listener, RustlsCertificate, RustlsConfig, TcpListener};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Serves `/metrics` on `addr` and samples the database pool every 5 s.
pub fn start_metrics(app: &App, metrics: &HttpMetrics, addr: SocketAddr) {
    let registry = metrics.registry.clone();
    tokio::spawn(async move {
        if let Err(e) = telemetry::serve_metrics(addr, registry).await {
            tracing::error!(error = %e, %addr, "metrics listener stopped");
        }
    });
    let (app, metrics) = (app.clone(), metrics.clone());
    tokio::spawn(async move {
        loop {
            metrics.sample_pool(&app);
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

/// PEM files for serving HTTPS natively.
pub struct Tls {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves `endpoint` on `addr` (over TLS when given) until a shutdown signal,
/// then lets requests in flight finish. A client that stops reading is
/// disconnected (`stall`). A new connection whose first request is a `GET`
/// of one of `event_stream_paths` is served without hyper (`event_stream`).
pub async fn serve(
    endpoint: BoxEndpoint<'static>,
    addr: SocketAddr,
    tls: Option<Tls>,
    event_stream_paths: &'static [&'static str],
) -> anyhow::Result<()> {
    let shutdown = telemetry::shutdown_signal();
    let listener = WriteDeadline::new(TcpListener::bind(addr), STALL_LIMIT);
    match tls {
        Some(tls) => {
            let cert = std::fs::read(tls.cert)?;
            let key = std::fs::read(tls.key)?;
            let listener =
                listener.rustls(RustlsConfig::new().fallback(RustlsCertificate::new().cert(cert).key(key)));
            accept::run(
                listener.into_acceptor().await?,
                endpoint,
                event_stream_paths,
                shutdown,
            )
            .await
        }
        None => {
            accept::run(
                listener.into_acceptor().await?,
                endpoint,
                event_stream_paths,
                shutdown,
            )
            .await
        }
    }
    Ok(())
}
