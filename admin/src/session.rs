//! The console's own session cookie. Staff sessions are `Surface::Admin` rows:
//! a web session token opens nothing here, and `resolve_session` stops
//! honouring a session as soon as its owner is no longer a superadmin.

use hisaab_service::entity::session::Surface;
use hisaab_service::identity;
use hisaab_web::AppState;
use hisaab_web::middleware::cookies;
use hisaab_web::middleware::session::CurrentSession;
use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

/// `__Host-hisaab_admin`, or `hisaab_admin` when dev allows insecure cookies.
pub fn cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), "hisaab_admin")
}

/// The session cookie: HttpOnly, Secure (unless dev allows otherwise) and
/// SameSite=Strict, so no link from another site arrives signed in. No
/// Max-Age: a staff cookie ends with the browser; the server-side idle
/// timeout still applies while it lives.
pub fn set_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    strict(&cookies::set_same_site(
        &cookie_name(state),
        token,
        None,
        secure,
        "Strict",
    ))
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    let secure = state.app.settings.secure_cookies();
    strict(&cookies::set_same_site(
        &cookie_name(state),
        "",
        Some(0),
        secure,
        "Strict",
    ))
}

/// The console's cookies are SameSite=Strict: nobody arrives there by a link.
fn strict(cookie: &str) -> HeaderValue {
    cookie.parse().expect("valid cookie")
}

/// Puts the signed-in staff member (if any) where web's `PageCtx` looks for
/// the session, so the console reuses its extractor.
pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let state = req.data::<AppState>().cloned().expect("AppState is attached");
    let session = match cookies::get(&req, &cookie_name(&state)) {
        Some(token) => identity::resolve_session(&state.app, &token, Surface::Admin)
            .await
            .map_err(hisaab_web::problem::internal)?,
        None => None,
    };
    req.set_data(CurrentSession(session));
    Ok(ep.call(req).await?.into_response())
}
