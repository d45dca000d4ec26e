//! Loads the signed-in person (if any) from the surface's session cookie.

use super::cookies;
use crate::state::AppState;
use hisaab_service::identity::{self, SignedInSession};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct CurrentSession(pub Option<SignedInSession>);

/// The session cookie's name on this surface (`__Host-` prefixed when secure).
pub fn cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), state.surface.session_cookie)
}

/// A `Set-Cookie` that removes this surface's session cookie.
pub fn clear_cookie(state: &AppState) -> poem::http::HeaderValue {
    cookies::clear(&cookie_name(state), state.app.settings.secure_cookies())
        .parse()
        .expect("valid cookie")
}

pub async fn around<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let state = req.data::<AppState>().cloned().expect("AppState is attached");
    let session = match cookies::get(&req, &cookie_name(&state)) {
        // A full page's bell comes with the session: one round trip, not two.
        Some(token) if crate::page::renders_bell(&state, &req) => {
            identity::resolve_session_with_bell(&state.app, &token, state.surface.sessions).await
        }
        Some(token) => identity::resolve_session(&state.app, &token, state.surface.sessions).await,
        None => Ok(None),
    }
    .map_err(crate::problem::internal)?;
    req.set_data(CurrentSession(session));
    Ok(ep.call(req).await?.into_response())
}
