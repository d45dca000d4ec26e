//! Liveness and readiness for load balancers and orchestrators.

use crate::state::AppState;
use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

/// The process is up.
#[handler]
pub fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Dependencies answer: the database, and Redis when configured. 503 names
/// the ones that failed.
#[handler]
pub async fn ready(state: Data<&AppState>) -> Response {
    let checks = state.app.check_ready().await;
    let failed: Vec<&str> = checks
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(name, _)| *name)
        .collect();
    for (name, result) in &checks {
        if let Err(e) = result {
            tracing::warn!(dependency = name, error = %e, "readiness check failed");
        }
    }
    let body = json!({
        "status": if failed.is_empty() { "ok" } else { "unavailable" },
        "checks": checks.iter().map(|(name, r)| (name.to_string(), json!(if r.is_ok() { "ok" } else { "failed" }))).collect::<serde_json::Map<_, _>>(),
        "failed": failed,
    });
    let status = if failed.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Json(body).with_status(status).into_response()
}
