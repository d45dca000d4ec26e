//! The bearer scheme every protected endpoint declares.

use crate::middleware::request_context::RequestId;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::{Actor, RequestMeta, identity};
use poem::Request;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;

/// `Authorization: Bearer <access token>` from `POST /api/v1/auth/token`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT", checker = "check")]
pub struct BearerAuth(pub Actor);

async fn check(req: &Request, bearer: Bearer) -> poem::Result<Actor> {
    let state = req.data::<AppState>().expect("AppState is attached");
    let meta = req.data::<RequestMeta>().cloned().unwrap_or_else(|| RequestMeta {
        request_id: req.data::<RequestId>().map(|r| r.0.clone()),
        ..Default::default()
    });
    // A revoked sign-in's tokens are refused within a second (ADR 0018).
    identity::authenticate(&state.app, &bearer.token, meta)
        .await
        .map_err(|e| ApiError::from(e).into())
}
