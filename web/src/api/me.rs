//! The signed-in person: the account, the password and where they are signed in.

use super::json::ApiJson;
use super::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::identity::{self, ProfileInput, SignInView, UserView};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use serde::Deserialize;

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
    /// `user`, `premium`, `support` or `superadmin`.
    pub role: String,
    pub email_verified: bool,
    /// ISO 4217 code that totals are shown in.
    pub base_currency: String,
    /// The person's language: `en`, `en-IN` or `hi`; `null` when not chosen
    /// (pages then follow the browser's `Accept-Language`). Pages and
    /// emails come in it.
    pub locale: Option<String>,
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
            locale: u.locale,
        }
    }
}

/// Changes to the account; fields left out stay as they are.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct UpdateMe {
    /// How the person is called in the app: 1–100 characters.
    display_name: Option<String>,
    /// ISO 4217 code that totals are shown in.
    base_currency: Option<String>,
    /// `en`, `en-IN` or `hi` (anything else is a 422 naming `locale`);
    /// `null` goes back to following the browser.
    #[oai(nullable)]
    #[serde(default)]
    locale: MaybeUndefined<String>,
}

impl poem_openapi::types::Example for UpdateMe {
    fn example() -> Self {
        UpdateMe {
            display_name: Some("Asha Rao".into()),
            base_currency: Some("INR".into()),
            locale: MaybeUndefined::Value("hi".into()),
        }
    }
}

/// A new password, with the current one as proof.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct ChangePassword {
    current_password: String,
    /// 12 to 128 characters; not a common password; not containing the email's name.
    new_password: String,
}

impl poem_openapi::types::Example for ChangePassword {
    fn example() -> Self {
        ChangePassword {
            current_password: "tangerine-otter-87".into(),
            new_password: "quiet-harbour-lantern-42".into(),
        }
    }
}

/// Somewhere the person is signed in.
#[derive(Object)]
struct SignIn {
    /// Pass to `DELETE /me/sessions/{id}` to end it.
    id: uuid::Uuid,
    /// `web` (a browser session) or `api` (a sign-in at `POST /auth/token`
    /// and the tokens refreshed from it).
    kind: String,
    /// The sign-in this request came through.
    current: bool,
    /// RFC 3339 UTC.
    created_at: String,
    /// RFC 3339 UTC. A web session's last request (to the minute); an API
    /// sign-in's last token refresh.
    last_seen_at: String,
    /// The user agent at sign-in, when it sent one.
    user_agent: Option<String>,
    /// The address at sign-in.
    ip: Option<String>,
}

impl From<SignInView> for SignIn {
    fn from(s: SignInView) -> Self {
        Self {
            id: s.id,
            kind: s.kind.name().into(),
            current: s.current,
            created_at: super::social::instant(s.created_at),
            last_seen_at: super::social::instant(s.last_seen_at),
            user_agent: s.user_agent,
            ip: s.ip,
        }
    }
}

/// Every live sign-in, most recently seen first (at most 100 of each kind).
#[derive(Object)]
struct SignInList {
    items: Vec<SignIn>,
}

#[derive(ApiResponse)]
enum Done {
    /// Done.
    #[oai(status = 204)]
    Done,
}

#[OpenApi(tag = "ApiTags::Me")]
impl MeApi {
    /// Who am I
    #[oai(path = "/me", method = "get")]
    async fn me(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<Json<Me>, ApiError> {
        Ok(Json(identity::get_me(&state.app, &auth.0).await?.into()))
    }

    /// Change the display name, the base currency or the language
    #[oai(path = "/me", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<UpdateMe>,
    ) -> Result<Json<Me>, ApiError> {
        let b = body.0;
        let input = ProfileInput {
            display_name: b.display_name,
            base_currency: b.base_currency,
            locale: match b.locale {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(tag) => Some(Some(tag)),
            },
        };
        Ok(Json(
            identity::update_profile(&state.app, &auth.0, input).await?.into(),
        ))
    }

    /// Delete my account
    ///
    /// Needs the password, and `code` when two-factor sign-in is on (a wrong
    /// or missing one is a 422 naming the field). Ends every web session and
    /// API sign-in, this one included, and emails the owner. After the grace
    /// period (14 days by default) the account is erased: private records
    /// go; groups and debts shared with others stay correct for them, with
    /// the person shown as "Former member". Signing in before
    /// `deletion_scheduled_at` cancels it. Asking again while one is
    /// scheduled answers the same date.
    #[oai(path = "/me", method = "delete")]
    async fn delete_me(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<super::account_deletion::DeleteMe>,
    ) -> Result<super::account_deletion::Scheduled, ApiError> {
        super::account_deletion::delete_me(state, auth, body).await
    }

    /// Change the password
    ///
    /// A wrong current password is a 422 naming `current_password`. Ends
    /// every other sign-in: all web sessions and every API sign-in but the
    /// one this request came through (their access tokens are refused within
    /// a second). The owner is told by email.
    #[oai(path = "/me/password", method = "post")]
    async fn change_password(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<ChangePassword>,
    ) -> Result<Done, ApiError> {
        let b = body.0;
        identity::change_password(&state.app, &auth.0, &b.current_password, &b.new_password, None).await?;
        Ok(Done::Done)
    }

    /// Where am I signed in
    ///
    /// Web sessions and API sign-ins in one list; `current` marks this request's.
    #[oai(path = "/me/sessions", method = "get")]
    async fn sessions(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<Json<SignInList>, ApiError> {
        let items = identity::list_sign_ins(&state.app, &auth.0, None)
            .await?
            .into_iter()
            .map(SignIn::from)
            .collect();
        Ok(Json(SignInList { items }))
    }

    /// End a sign-in
    ///
    /// A web session is signed out; an API sign-in's refresh token stops
    /// working at once and its access tokens within a second. Ending the
    /// current one signs this client out. Someone else's id is a 404.
    #[oai(path = "/me/sessions/:id", method = "delete")]
    async fn end_session(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Done, ApiError> {
        identity::revoke_sign_in(&state.app, &auth.0, id.0).await?;
        Ok(Done::Done)
    }
}
