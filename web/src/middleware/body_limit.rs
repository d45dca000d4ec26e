//! Refuses request bodies over the limit with 413. A declared length is
//! checked up front; a body without one is read up to the limit (poem's
//! `SizeLimit` would instead demand a Content-Length on every request).

use poem::http::{StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request, max: usize) -> poem::Result<Response> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(len) if len > max => return Err(poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE)),
        Some(_) => {}
        None if req.headers().contains_key(header::TRANSFER_ENCODING) => {
            let bytes = req
                .take_body()
                .into_bytes_limit(max)
                .await
                .map_err(|_| poem::Error::from_status(StatusCode::PAYLOAD_TOO_LARGE))?;
            req.set_body(Body::from_bytes(bytes));
        }
        None => {}
    }
    Ok(ep.call(req).await?.into_response())
}
