//! Refuses request bodies over the limit with 413. A declared length is
//! checked up front; a body without one (chunked, or HTTP/2) is read up to the
//! limit. poem's `SizeLimit` would instead demand a Content-Length on every request.

use poem::http::{StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

fn too_large(req: &Request, max: usize) -> Response {
    let mib = max.div_ceil(1024 * 1024).max(1);
    let path = req.uri().path();
    if path.starts_with("/api/") {
        let request_id = req
            .data::<super::request_context::RequestId>()
            .map(|r| r.0.as_str());
        return crate::problem::json_problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request too large",
            &format!("The request body must be at most {mib} MiB."),
            request_id,
        );
    }
    Response::builder()
        .status(StatusCode::PAYLOAD_TOO_LARGE)
        .content_type("text/plain; charset=utf-8")
        .body(format!("The request is too large (at most {mib} MiB)."))
}

pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request, max: usize) -> poem::Result<Response> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(len) if len > max => return Ok(too_large(&req, max)),
        Some(_) => {}
        None => match req.take_body().into_bytes_limit(max).await {
            Ok(bytes) => req.set_body(Body::from_bytes(bytes)),
            Err(_) => return Ok(too_large(&req, max)),
        },
    }
    Ok(ep.call(req).await?.into_response())
}
