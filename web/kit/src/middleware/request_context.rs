//! The outermost layer: a request id (taken from `X-Request-Id` when sane,
//! else new), a tracing span, request metrics, an access log line, and the id
//! echoed back in the response. Panics and unexpected errors become an opaque
//! 500 that names only the request id.

use crate::metrics::route_label;
use crate::state::AppState;
use hisaab_service::RequestMeta;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

fn incoming_id(req: &Request) -> Option<String> {
    let id = req.headers().get("x-request-id")?.to_str().ok()?;
    (!id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| id.to_string())
}

/// The client address: the peer, or behind a trusted proxy the last
/// `X-Forwarded-For` entry (earlier entries are whatever the client claimed).
fn client_ip(req: &Request, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(forwarded) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next().map(str::trim)
        && last.parse::<std::net::IpAddr>().is_ok()
    {
        return Some(last.to_string());
    }
    req.remote_addr().as_socket_addr().map(|a| a.ip().to_string())
}

pub fn meta_from(req: &Request, request_id: &str, trust_proxy: bool) -> RequestMeta {
    RequestMeta {
        ip: client_ip(req, trust_proxy),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
        request_id: Some(request_id.to_string()),
        api_sign_in: None,
    }
}

pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let request_id = incoming_id(&req).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let state = req.data::<AppState>().cloned();
    let trust_proxy = state.as_ref().is_some_and(|s| s.app.settings.trust_proxy);
    let meta = meta_from(&req, &request_id, trust_proxy);
    req.set_data(RequestId(request_id.clone()));
    req.set_data(meta);
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("request", request_id = %request_id, %method, %path);
    let started = Instant::now();

    let outcome = {
        let fut = ep.call(req);
        std::panic::AssertUnwindSafe(fut)
    };
    let result = futures_util::FutureExt::catch_unwind(outcome)
        .instrument(span.clone())
        .await;
    let mut response = match result {
        Ok(Ok(resp)) => resp.into_response(),
        Ok(Err(err)) => {
            let status = err.status();
            if status.is_server_error() {
                span.in_scope(|| tracing::error!(error = %err, "request failed"));
                crate::problem::opaque_error(&path, status, &request_id)
            } else {
                err.into_response()
            }
        }
        Err(_) => {
            span.in_scope(|| tracing::error!("handler panicked"));
            crate::problem::opaque_error(&path, StatusCode::INTERNAL_SERVER_ERROR, &request_id)
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    if let Some(state) = state {
        state
            .metrics
            .observe(&method, &route_label(&path, status), status, elapsed);
    }
    span.in_scope(|| tracing::info!(status, latency_ms = elapsed * 1000.0, "served"));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    Ok(response)
}
