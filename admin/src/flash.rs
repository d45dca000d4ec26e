//! One-time "done" messages after a console action, carried across the
//! redirect as a code (never text) in web's flash cookie. Sharing web's cookie
//! name means web's `PageCtx::render` clears it once shown.

use hisaab_web::AppState;
use hisaab_web::middleware::cookies;
use poem::Request;
use poem::http::HeaderValue;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    SignedIn,
    SignedOut,
    Locked,
    Unlocked,
    RoleChanged,
    SessionsRevoked,
}

const ALL: [Flash; 6] = [
    Flash::SignedIn,
    Flash::SignedOut,
    Flash::Locked,
    Flash::Unlocked,
    Flash::RoleChanged,
    Flash::SessionsRevoked,
];

impl Flash {
    /// Prefixed so the web app never mistakes a console code for one of its own.
    fn code(self) -> &'static str {
        match self {
            Flash::SignedIn => "admin_signed_in",
            Flash::SignedOut => "admin_signed_out",
            Flash::Locked => "admin_locked",
            Flash::Unlocked => "admin_unlocked",
            Flash::RoleChanged => "admin_role_changed",
            Flash::SessionsRevoked => "admin_sessions_revoked",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Flash::SignedIn => "Signed in to the admin console.",
            Flash::SignedOut => "You are signed out of the admin console.",
            Flash::Locked => "Account locked and signed out everywhere.",
            Flash::Unlocked => "Account unlocked. They can sign in again.",
            Flash::RoleChanged => "Role changed.",
            Flash::SessionsRevoked => "All their sessions were ended.",
        }
    }
}

fn cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), "hisaab_flash")
}

pub fn set_cookie(state: &AppState, flash: Flash) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    cookies::set(&cookie_name(state), flash.code(), Some(60), secure)
        .parse()
        .expect("valid cookie")
}

/// The template's `flash` value, if the request carries a console code.
pub fn read(req: &Request, state: &AppState) -> Option<Value> {
    let code = cookies::get(req, &cookie_name(state))?;
    let flash = ALL.into_iter().find(|f| f.code() == code)?;
    Some(json!({ "kind": "success", "message": flash.message() }))
}

/// An error toast for a re-rendered page (the message comes from the service).
pub fn error(message: &str) -> Value {
    json!({ "kind": "error", "message": message })
}
