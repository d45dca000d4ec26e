//! `DELETE /me`: deleting the account (issue 14, ADR 0026). The operation
//! is declared in `me.rs` (one `OpenApi` impl per path) and answered here.

use super::json::ApiJson;
use super::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::identity;
use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use serde::Deserialize;

/// Proof that the owner is asking: the password, and a code when
/// two-factor sign-in is on.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub(super) struct DeleteMe {
    password: String,
    /// The current 6-digit code from the authenticator app, or a recovery
    /// code; required when two-factor sign-in is on, ignored otherwise.
    code: Option<String>,
}

impl poem_openapi::types::Example for DeleteMe {
    fn example() -> Self {
        DeleteMe {
            password: "tangerine-otter-87".into(),
            code: Some("123456".into()),
        }
    }
}

/// The account's deletion is scheduled.
#[derive(Object)]
pub(super) struct DeletionScheduled {
    /// RFC 3339 UTC: when the grace period ends and the account is erased.
    /// Signing in before then cancels it.
    deletion_scheduled_at: String,
}

#[derive(ApiResponse)]
pub(super) enum Scheduled {
    /// Scheduled: every sign-in (this one too) has ended.
    #[oai(status = 202)]
    Accepted(Json<DeletionScheduled>),
}

/// `DELETE /me`: schedules the deletion of the bearer's account.
pub(super) async fn delete_me(
    state: Data<&AppState>,
    auth: BearerAuth,
    body: ApiJson<DeleteMe>,
) -> Result<Scheduled, ApiError> {
    let b = body.0;
    let view =
        identity::request_account_deletion(&state.app, &auth.0, &b.password, b.code.as_deref()).await?;
    Ok(Scheduled::Accepted(Json(DeletionScheduled {
        deletion_scheduled_at: super::social::instant(view.deletion_scheduled_at),
    })))
}
