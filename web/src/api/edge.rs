//! The API's outermost layer: every error becomes a problem document that
//! carries the request id, a 5xx says nothing else, a 405 lists the allowed
//! methods (`Allow`, read from the OpenAPI document), and every answer but
//! the document itself is `Cache-Control: no-store` (answers are per user).

use crate::middleware::request_context::RequestId;
use crate::problem;
use crate::state::AppState;
use hisaab_service::i18n::Locale;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

/// The methods each path template of the document allows.
pub struct AllowTable {
    routes: Vec<(Vec<String>, HeaderValue)>,
}

impl AllowTable {
    /// From the document's `paths` (templates like `/finance/accounts/{id}`).
    pub fn from_spec(spec: &serde_json::Value) -> Self {
        let mut routes = Vec::new();
        for (path, ops) in spec["paths"].as_object().into_iter().flatten() {
            let mut methods: Vec<String> = ops
                .as_object()
                .into_iter()
                .flatten()
                .map(|(m, _)| m.to_ascii_uppercase())
                .collect();
            if methods.iter().any(|m| m == "GET") {
                // poem answers HEAD wherever it answers GET.
                methods.push("HEAD".into());
            }
            let segments = path.split('/').map(str::to_string).collect();
            if let Ok(value) = HeaderValue::from_str(&methods.join(", ")) {
                routes.push((segments, value));
            }
        }
        Self { routes }
    }

    /// The `Allow` value for a request path (inside `/api/v1`): of the
    /// templates that match, the one with the most literal segments.
    pub fn lookup(&self, path: &str) -> Option<&HeaderValue> {
        let parts: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments
                        .iter()
                        .zip(&parts)
                        .all(|(s, p)| s.starts_with('{') || s == p)
            })
            .max_by_key(|(segments, _)| segments.iter().filter(|s| !s.starts_with('{')).count())
            .map(|(_, allow)| allow)
    }
}

/// The path inside `/api/v1`, however the request was routed here.
fn api_path(req: &Request) -> String {
    // Inside the `/api/v1` nest poem has already taken the prefix off.
    let path = req.uri().path();
    path.strip_prefix("/api/v1").unwrap_or(path).to_string()
}

pub async fn around<E: Endpoint>(ep: Arc<E>, req: Request, allow: Arc<AllowTable>) -> poem::Result<Response> {
    let request_id = req.data::<RequestId>().map(|r| r.0.clone());
    // Problems come in the person's saved language when a bearer token
    // names them, else the client's `Accept-Language` (read on the error
    // path only, from what the request carried).
    let state = req.data::<AppState>().cloned();
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bearer = problem::bearer_token(req.headers());
    let path = api_path(&req);
    let mut resp = match ep.call(req).await {
        // A 5xx says nothing but the request id to quote to support.
        Ok(resp) => {
            let resp = resp.into_response();
            if resp.status().is_server_error() {
                problem::opaque_error("/api/", resp.status(), request_id.as_deref().unwrap_or("-"))
            } else {
                resp
            }
        }
        Err(err) => {
            let locale = match &state {
                Some(state) => {
                    problem::api_locale(&state.app, accept_language.as_deref(), bearer.as_deref()).await
                }
                None => Locale::resolve(None, accept_language.as_deref()),
            };
            problem::from_poem_error(err, request_id.as_deref(), locale)
        }
    };
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED
        && let Some(methods) = allow.lookup(&path)
    {
        resp.headers_mut().insert(header::ALLOW, methods.clone());
    }
    if path != "/openapi.json" {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_prefers_the_literal_template() {
        let spec = serde_json::json!({"paths": {
            "/things/{id}": {"get": {}, "patch": {}},
            "/things/mine": {"post": {}},
        }});
        let table = AllowTable::from_spec(&spec);
        assert_eq!(table.lookup("/things/42").unwrap(), "GET, PATCH, HEAD");
        assert_eq!(table.lookup("/things/mine").unwrap(), "POST");
        assert!(table.lookup("/other").is_none());
    }
}
