//! One-time messages carried across a redirect in a short-lived cookie. The
//! cookie holds only a code, so it cannot be used to inject text.

use crate::middleware::cookies;
use crate::state::AppState;
use poem::Request;
use poem::http::HeaderValue;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    SignedIn,
    SignedOut,
    EmailVerified,
    PasswordReset,
    SessionRevoked,
    PasswordChanged,
}

impl Flash {
    fn code(self) -> &'static str {
        match self {
            Flash::SignedIn => "signed_in",
            Flash::SignedOut => "signed_out",
            Flash::EmailVerified => "email_verified",
            Flash::PasswordReset => "password_reset",
            Flash::SessionRevoked => "session_revoked",
            Flash::PasswordChanged => "password_changed",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        [
            Flash::SignedIn,
            Flash::SignedOut,
            Flash::EmailVerified,
            Flash::PasswordReset,
            Flash::SessionRevoked,
            Flash::PasswordChanged,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }

    fn message(self) -> &'static str {
        match self {
            Flash::SignedIn => "Welcome back.",
            Flash::SignedOut => "You are signed out.",
            Flash::EmailVerified => "Your email address is verified. Welcome to Hisaab!",
            Flash::PasswordReset => "Your password was changed. Sign in with the new one.",
            Flash::SessionRevoked => "That session was signed out.",
            Flash::PasswordChanged => "Password changed. Your other sessions were signed out.",
        }
    }
}

fn cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), "hisaab_flash")
}

pub fn set_cookie(state: &AppState, flash: Flash) -> HeaderValue {
    cookies::set(
        &cookie_name(state),
        flash.code(),
        Some(60),
        state.app.settings.secure_cookies(),
    )
    .parse()
    .expect("valid cookie")
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    cookies::clear(&cookie_name(state), state.app.settings.secure_cookies())
        .parse()
        .expect("valid cookie")
}

pub fn read(req: &Request) -> Option<Value> {
    let state = req.data::<AppState>()?;
    let flash = Flash::from_code(&cookies::get(req, &cookie_name(state))?)?;
    Some(json!({ "kind": "success", "message": flash.message() }))
}
