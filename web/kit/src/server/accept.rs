//! The accept loop: a task per connection, and a graceful stop. On the
//! shutdown signal the listener closes, event streams end at once (their
//! clients reconnect to another process), other connections finish the
//! request in flight, and after [`GRACE`] whatever is left is dropped.

use super::connection;
use poem::endpoint::BoxEndpoint;
use poem::listener::Acceptor;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long requests in flight get to finish after a shutdown signal.
const GRACE: Duration = Duration::from_secs(10);
/// A failed accept (out of file descriptors, say) is retried after this,
/// rather than in a tight loop.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

pub async fn run<A: Acceptor>(
    mut acceptor: A,
    endpoint: BoxEndpoint<'static>,
    event_stream_paths: &'static [&'static str],
    shutdown: impl Future<Output = ()>,
) {
    let endpoint = Arc::new(endpoint);
    let stop = CancellationToken::new();
    let abort = CancellationToken::new();
    let connections = TaskTracker::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = acceptor.accept() => match accepted {
                Ok((io, local, remote, scheme)) => {
                    let (endpoint, stop, abort) = (endpoint.clone(), stop.clone(), abort.clone());
                    connections.spawn(async move {
                        tokio::select! {
                            () = connection::serve(io, (local, remote, scheme), &endpoint, event_stream_paths, &stop) => {}
                            () = abort.cancelled() => {}
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
        }
    }
    drop(acceptor);
    tracing::info!(
        open = connections.len(),
        "shutting down: finishing requests in flight"
    );
    stop.cancel();
    connections.close();
    if tokio::time::timeout(GRACE, connections.wait()).await.is_err() {
        tracing::warn!(
            open = connections.len(),
            "dropping connections still open after the grace period"
        );
        abort.cancel();
        connections.wait().await;
    }
}
