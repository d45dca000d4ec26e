//! One connection: its first request decides who serves it. An event
//! stream is written here (`event_stream`); everything else is hyper's, as
//! poem's own server would do it (HTTP/1 or HTTP/2, upgrades).

use super::event_stream;
use super::first_request;
use super::rewind::Rewind;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use poem::Endpoint;
use poem::endpoint::BoxEndpoint;
use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use std::convert::Infallible;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::sync::CancellationToken;

pub async fn serve<Io>(
    mut io: Io,
    addrs: (LocalAddr, RemoteAddr, Scheme),
    endpoint: &Arc<BoxEndpoint<'static>>,
    event_stream_paths: &[&str],
    stop: &CancellationToken,
) where
    Io: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let first = tokio::select! {
        first = first_request::read(&mut io, event_stream_paths) => first,
        () = stop.cancelled() => None,
    };
    let Some(first) = first else { return };
    match first.event_stream {
        Some(head) => {
            drop(first.bytes);
            event_stream::serve(io, head, addrs, &**endpoint, stop).await;
        }
        None => {
            through_hyper(
                Rewind::new(Bytes::from(first.bytes), io),
                addrs,
                endpoint.clone(),
                stop,
            )
            .await
        }
    }
}

async fn through_hyper<Io>(
    io: Io,
    (local, remote, scheme): (LocalAddr, RemoteAddr, Scheme),
    endpoint: Arc<BoxEndpoint<'static>>,
    stop: &CancellationToken,
) where
    Io: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let endpoint = endpoint.clone();
        let request: poem::Request = (req, local.clone(), remote.clone(), scheme.clone()).into();
        async move {
            let response: hyper::Response<BoxBody<Bytes, std::io::Error>> =
                endpoint.get_response(request).await.into();
            Ok::<_, Infallible>(response)
        }
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        () = stop.cancelled() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
