//! Errors that the shared layers answer before any handler runs (a panic, an
//! oversized body): RFC 9457 `application/problem+json` under `/api/`, a
//! plain page elsewhere. The API's own error mapping is `hisaab_web::problem`;
//! both write the same document shape.

use hisaab_service::Error;
use poem::http::{StatusCode, header};
use poem::{IntoResponse, Response};
use serde_json::json;

pub const CONTENT_TYPE: &str = "application/problem+json";
pub const TYPE_BASE: &str = "https://hisaab.example/problems/";
pub const INTERNAL_DETAIL: &str =
    "Something went wrong on our side. Quote the request id if you contact support.";

/// A problem document with the given fields.
pub fn json_problem(
    status: StatusCode,
    kind: &str,
    title: &str,
    detail: &str,
    request_id: Option<&str>,
) -> Response {
    let mut body = json!({
        "type": format!("{TYPE_BASE}{kind}"),
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    if let Some(id) = request_id {
        body["request_id"] = json!(id);
    }
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, CONTENT_TYPE)
        .body(body.to_string())
}

/// A 5xx that says nothing but the request id: JSON for the API, a page otherwise.
pub fn opaque_error(path: &str, status: StatusCode, request_id: &str) -> Response {
    if path.starts_with("/api/") {
        return json_problem(
            status,
            "internal",
            "Something went wrong",
            INTERNAL_DETAIL,
            Some(request_id),
        );
    }
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong · Hisaab</title></head>\
             <body><main><h1>Something went wrong</h1><p>Please try again. If it keeps happening, quote request id <code>{request_id}</code>.</p>\
             <p><a href=\"/\">Back to Hisaab</a></p></main></body></html>"
        ))
        .into_response()
}

/// Wraps an unexpected service error for a middleware that returns poem errors.
pub fn internal(e: Error) -> poem::Error {
    tracing::error!(error = %e, "internal error");
    poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
}
