//! The signed-in person.

use super::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::identity::{self, UserView};
use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

#[derive(Tags)]
enum ApiTags {
    /// The signed-in person.
    Me,
}

pub struct MeApi;

/// The signed-in person's account.
#[derive(Object)]
pub struct Me {
    pub id: uuid::Uuid,
    pub email: String,
    pub display_name: String,
    /// `user`, `premium` or `superadmin`.
    pub role: String,
    pub email_verified: bool,
    /// ISO 4217 code that totals are shown in.
    pub base_currency: String,
}

impl From<UserView> for Me {
    fn from(u: UserView) -> Self {
        Self {
            id: u.id.0,
            email: u.email,
            display_name: u.display_name,
            role: identity::role_name(u.role).into(),
            email_verified: u.email_verified,
            base_currency: u.base_currency,
        }
    }
}

#[OpenApi(tag = "ApiTags::Me")]
impl MeApi {
    /// Who am I
    #[oai(path = "/me", method = "get")]
    async fn me(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<Json<Me>, ApiError> {
        Ok(Json(identity::get_me(&state.app, &auth.0).await?.into()))
    }
}
