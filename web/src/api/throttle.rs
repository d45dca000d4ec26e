//! Per-user hourly throttle on the finance and social APIs, with the
//! `RateLimit-*` headers on every answer and `Retry-After` on a 429.

use crate::middleware::request_context::RequestId;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::{RequestMeta, identity, throttle};
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

/// Path prefixes (inside `/api/v1`) that are throttled.
const THROTTLED: &[&str] = &["/finance", "/social"];

pub async fn around<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    let throttled = THROTTLED
        .iter()
        .any(|p| path.starts_with(p) || path.starts_with(&format!("/api/v1{p}")));
    if !throttled {
        return Ok(ep.call(req).await?.into_response());
    }
    let state = req.data::<AppState>().cloned().expect("AppState is attached");
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    // Without a valid token the endpoint itself answers 401.
    let Some(actor) =
        token.and_then(|t| identity::verify_access_token(&state.app, &t, RequestMeta::default()).ok())
    else {
        return Ok(ep.call(req).await?.into_response());
    };
    let request_id = req.data::<RequestId>().map(|r| r.0.clone());
    let decision = throttle::api_hit(&state.app, &actor)
        .await
        .map_err(ApiError::from)?;
    let mut resp = if decision.allowed {
        ep.call(req).await?.into_response()
    } else {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
            format!(
                "You have used your {} requests for this hour. Try again in {} seconds.",
                decision.limit, decision.reset_secs
            ),
        )
        .with_detail_message(
            "prob-rate-limited-detail",
            &[
                ("limit", decision.limit.to_string()),
                ("seconds", decision.reset_secs.to_string()),
            ],
        );
        e.retry_after = Some(decision.reset_secs);
        e.problem.request_id = request_id;
        // In the person's language, as every other problem (see `edge`).
        let accept_language = req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let locale = crate::problem::actor_locale(&state.app, Some(&actor), accept_language).await;
        e.localize(locale);
        let mut resp = e.into_response();
        if let Ok(lang) = HeaderValue::from_str(locale.tag()) {
            resp.headers_mut().insert(header::CONTENT_LANGUAGE, lang);
        }
        resp
    };
    let headers = resp.headers_mut();
    headers.insert("ratelimit-limit", HeaderValue::from(decision.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(decision.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(decision.reset_secs));
    Ok(resp)
}
