//! One-time messages carried across a redirect in a short-lived cookie. The
//! cookie holds only a code, never text, so it cannot be used to inject
//! anything; each surface has its own cookie and its own codes
//! (`Surface::flash_message`).

use crate::middleware::cookies;
use crate::state::AppState;
use poem::Request;
use poem::http::HeaderValue;
use serde_json::{Value, json};

/// A surface's "done" message, identified on the wire by its code.
pub trait Flash {
    fn code(&self) -> &'static str;
}

fn cookie_name(state: &AppState) -> String {
    cookies::name(state.app.settings.secure_cookies(), state.surface.flash_cookie)
}

pub fn set_cookie(state: &AppState, flash: &dyn Flash) -> HeaderValue {
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

/// The template's `flash` value, if the request carries a code this surface knows.
pub fn read(req: &Request) -> Option<Value> {
    let state = req.data::<AppState>()?;
    let code = cookies::get(req, &cookie_name(state))?;
    let message = (state.surface.flash_message)(&code)?;
    Some(json!({ "kind": "success", "message": message }))
}

/// An error toast for a page re-rendered after a refused action.
pub fn error(message: &str) -> Value {
    json!({ "kind": "error", "message": message })
}
