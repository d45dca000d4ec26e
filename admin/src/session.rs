//! The console's session cookie. Staff sessions are `Surface::Admin` rows:
//! a web session token opens nothing here, and `resolve_session` stops
//! honouring a session as soon as its owner is no longer staff. Reading the
//! cookie is the shared session layer's job (`hisaab_http::middleware::session`,
//! told the console's names by `crate::SURFACE`); writing it is here.

use hisaab_http::AppState;
use hisaab_http::middleware::cookies;
use poem::http::HeaderValue;

pub use hisaab_http::middleware::session::cookie_name;

/// The session cookie: HttpOnly, Secure (unless dev allows otherwise) and
/// SameSite=Strict, so no link from another site arrives signed in. No
/// Max-Age: a staff cookie ends with the browser; the server-side idle
/// timeout still applies while it lives.
pub fn set_cookie(state: &AppState, token: &str) -> HeaderValue {
    strict(state, token, None)
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    strict(state, "", Some(0))
}

fn strict(state: &AppState, value: &str, max_age: Option<i64>) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    cookies::set_same_site(&cookie_name(state), value, max_age, secure, "Strict")
        .parse()
        .expect("valid cookie")
}

/// The pending sign-in's cookie: a correct password waiting for its TOTP
/// code or enrolment. Strict like the session cookie, and gone in five
/// minutes, as the pending sign-in itself.
pub fn pending_cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), "hisaab_admin_pending")
}

pub fn set_pending_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    cookies::set_same_site(
        &pending_cookie_name(state),
        token,
        Some(max_age),
        secure,
        "Strict",
    )
    .parse()
    .expect("valid cookie")
}

pub fn clear_pending_cookie(state: &AppState) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    cookies::set_same_site(&pending_cookie_name(state), "", Some(0), secure, "Strict")
        .parse()
        .expect("valid cookie")
}
