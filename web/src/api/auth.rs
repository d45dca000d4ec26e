//! Accounts and tokens: register, verify, sign in, refresh, sign out, reset.

use super::json::ApiJson;
use super::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::identity::{self, Purpose, RegisterInput, SignInStep, TokenPair};
use poem::Request;
use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use serde::Deserialize;

#[derive(Tags)]
enum ApiTags {
    /// Accounts, sign-in and tokens.
    Auth,
}

pub struct AuthApi;

/// A new account.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct RegisterRequest {
    /// The email address to sign in with; a verification link is sent there.
    email: String,
    /// 12 to 128 characters; not a common password; not containing the email's name.
    password: String,
    /// How the person is called in the app.
    display_name: String,
}

impl poem_openapi::types::Example for RegisterRequest {
    fn example() -> Self {
        RegisterRequest {
            email: "asha@example.com".into(),
            password: "tangerine-otter-87".into(),
            display_name: "Asha".into(),
        }
    }
}

/// The request was accepted; what happens next is said in `message`.
#[derive(Object)]
struct Accepted {
    /// Always `accepted`.
    status: String,
    message: String,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyEmailRequest {
    /// The `token` from the verification link.
    token: String,
}

#[derive(Object)]
struct Verified {
    email_verified: bool,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct TokenRequest {
    email: String,
    password: String,
}

impl poem_openapi::types::Example for TokenRequest {
    fn example() -> Self {
        TokenRequest {
            email: "asha@example.com".into(),
            password: "tangerine-otter-87".into(),
        }
    }
}

/// The second step of a sign-in with two-factor sign-in on.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct MfaTokenRequest {
    /// The `mfa_token` from the 401 answer of `/auth/token`.
    mfa_token: String,
    /// The 6-digit code from the authenticator app, or a recovery code (`xxxx-xxxx-xx`).
    code: String,
}

impl poem_openapi::types::Example for MfaTokenRequest {
    fn example() -> Self {
        MfaTokenRequest {
            mfa_token: "q7mVh2a3b8Xz0PqR5sT1uVwXyZ4aB6cD8eF0gH2iJ4k".into(),
            code: "492039".into(),
        }
    }
}

/// A token pair.
#[derive(Object)]
struct TokenResponse {
    /// A JWT for `Authorization: Bearer …`, valid for `expires_in` seconds.
    access_token: String,
    /// Exchange at `/auth/refresh` for a new pair; single use.
    refresh_token: String,
    /// Always `Bearer`.
    token_type: String,
    /// Seconds until the access token expires.
    expires_in: u64,
}

impl From<TokenPair> for TokenResponse {
    fn from(p: TokenPair) -> Self {
        Self {
            access_token: p.access_token,
            refresh_token: p.refresh_token,
            token_type: "Bearer".into(),
            expires_in: p.expires_in,
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshRequest {
    refresh_token: String,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetRequest {
    email: String,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetConfirmRequest {
    /// The `token` from the reset link.
    token: String,
    new_password: String,
}

#[derive(ApiResponse)]
enum AcceptedResponse {
    /// Accepted. The answer is the same whether or not the email has an account.
    #[oai(status = 202)]
    Accepted(Json<Accepted>),
}

#[derive(ApiResponse)]
enum ResendResponse {
    /// Accepted. The answer is the same whether or not the address is verified.
    #[oai(status = 202)]
    Accepted(Json<Accepted>),
}

#[derive(ApiResponse)]
enum NoContent {
    /// Done.
    #[oai(status = 204)]
    Done,
}

fn accepted(message: &str) -> AcceptedResponse {
    AcceptedResponse::Accepted(Json(Accepted {
        status: "accepted".into(),
        message: message.into(),
    }))
}

#[OpenApi(prefix_path = "/auth", tag = "ApiTags::Auth")]
impl AuthApi {
    /// Create an account
    ///
    /// Sends a verification email. Answers 202 whether or not the email is
    /// already registered (the owner of an existing account is told by email).
    #[oai(path = "/register", method = "post")]
    async fn register(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<RegisterRequest>,
    ) -> Result<AcceptedResponse, ApiError> {
        let b = body.0;
        identity::register(
            &state.app,
            RegisterInput {
                email: b.email,
                password: b.password,
                display_name: b.display_name,
            },
            &super::meta(req),
        )
        .await?;
        Ok(accepted(
            "If this address can be used, a verification link is on its way. Check your inbox.",
        ))
    }

    /// Verify an email address
    #[oai(path = "/verify-email", method = "post")]
    async fn verify_email(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<VerifyEmailRequest>,
    ) -> Result<Json<Verified>, ApiError> {
        let user = identity::verify_email(&state.app, &body.0.token, &super::meta(req)).await?;
        Ok(Json(Verified {
            email_verified: user.email_verified,
        }))
    }

    /// Send the verification email again
    ///
    /// Answers 202 the same whether or not the address is already verified.
    /// At most 5 an hour (then 429 with Retry-After), as on the web.
    #[oai(path = "/verify-email/resend", method = "post")]
    async fn resend_verification(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<ResendResponse, ApiError> {
        identity::resend_verification(&state.app, &auth.0).await?;
        Ok(ResendResponse::Accepted(Json(Accepted {
            status: "accepted".into(),
            message: "If your address still needs verifying, a new link is on its way. Check your inbox."
                .into(),
        })))
    }

    /// Sign in: exchange email and password for tokens
    ///
    /// Wrong credentials are a 401. After 5 failures for one email (whether or
    /// not it has an account) sign-in is locked for 15 minutes: 429 with Retry-After.
    /// For an account with two-factor sign-in, a right password is a 401
    /// problem of type `mfa-required` with `"mfa_required": true` and an
    /// `mfa_token` (single use, five minutes): finish at `POST /auth/token/mfa`.
    #[oai(path = "/token", method = "post")]
    async fn token(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<TokenRequest>,
    ) -> Result<Json<TokenResponse>, ApiError> {
        let meta = super::meta(req);
        let step =
            identity::sign_in_start(&state.app, &body.0.email, &body.0.password, Purpose::Api, &meta).await?;
        let user = match step {
            SignInStep::Done(user) => user,
            SignInStep::SecondFactor(pending) => return Err(ApiError::mfa_required(pending.token)),
        };
        let pair = identity::issue_tokens(&state.app, &user, &meta).await?;
        Ok(Json(pair.into()))
    }

    /// Sign in, second step: the code for an `mfa_token`
    ///
    /// `code` is the 6-digit code from the authenticator app, or one of the
    /// recovery codes (each works once). The answer is the same token pair
    /// as `/auth/token`. A wrong code is a 401 and counts toward the same
    /// lockout as a wrong password (429 with Retry-After once locked); the
    /// `mfa_token` stays usable until it expires or succeeds. An expired or
    /// already used `mfa_token` is a 401: sign in with the password again.
    #[oai(path = "/token/mfa", method = "post")]
    async fn token_mfa(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<MfaTokenRequest>,
    ) -> Result<Json<TokenResponse>, ApiError> {
        let meta = super::meta(req);
        let user =
            identity::complete_sign_in(&state.app, &body.0.mfa_token, &body.0.code, Purpose::Api, &meta)
                .await?;
        let pair = identity::issue_tokens(&state.app, &user, &meta).await?;
        Ok(Json(pair.into()))
    }

    /// Exchange a refresh token for a new pair
    ///
    /// Refresh tokens are single use. Presenting one that was already used
    /// revokes its whole family (every token descended from the same sign-in).
    #[oai(path = "/refresh", method = "post")]
    async fn refresh(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<RefreshRequest>,
    ) -> Result<Json<TokenResponse>, ApiError> {
        let pair = identity::refresh_tokens(&state.app, &body.0.refresh_token, &super::meta(req)).await?;
        Ok(Json(pair.into()))
    }

    /// Sign out: revoke a refresh token's family
    ///
    /// The refresh token stops working at once; the access tokens of the same
    /// sign-in are refused within a second on every server.
    #[oai(path = "/logout", method = "post")]
    async fn logout(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<RefreshRequest>,
    ) -> Result<NoContent, ApiError> {
        identity::logout_refresh_token(&state.app, &body.0.refresh_token, &super::meta(req)).await?;
        Ok(NoContent::Done)
    }

    /// Ask for a password reset link
    ///
    /// Always 202, whether or not the email has an account.
    #[oai(path = "/password-reset", method = "post")]
    async fn password_reset(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<ResetRequest>,
    ) -> Result<AcceptedResponse, ApiError> {
        identity::request_password_reset(&state.app, &body.0.email, &super::meta(req)).await?;
        Ok(accepted(
            "If this address has an account, a reset link is on its way.",
        ))
    }

    /// Set a new password with a reset token
    ///
    /// Signs out every session and token family of the account.
    #[oai(path = "/password-reset/confirm", method = "post")]
    async fn password_reset_confirm(
        &self,
        state: Data<&AppState>,
        req: &Request,
        body: ApiJson<ResetConfirmRequest>,
    ) -> Result<NoContent, ApiError> {
        identity::confirm_password_reset(&state.app, &body.0.token, &body.0.new_password, &super::meta(req))
            .await?;
        Ok(NoContent::Done)
    }
}
