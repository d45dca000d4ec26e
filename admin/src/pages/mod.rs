//! Console pages. A handler takes an `AdminCtx` (web's `PageCtx` plus the
//! console's flash codes), checks for a staff session, calls one service
//! function and renders an `admin/` template.

mod auth;
mod users;

pub use auth::*;
pub use users::*;

use crate::flash::{self, Flash};
use hisaab_service::Actor;
use hisaab_service::identity::SignedInSession;
use hisaab_web::pages::PageCtx;
use poem::http::header;
use poem::{FromRequest, Request, RequestBody, Response};
use std::ops::Deref;
use time::OffsetDateTime;
use time::macros::format_description;

/// web's `PageCtx`, reused whole: rendering with the global template context
/// (the session comes from `crate::session`), partials for targeted htmx
/// requests, redirects, and errors (which render `admin/error.html`, see
/// `crate::state()`).
pub struct AdminCtx {
    page: PageCtx,
    /// Any htmx request, boosted ones included. The layout's htmx config only
    /// swaps 2xx and 422, so a form answered with an error status must say 422
    /// to htmx (`PageCtx::htmx` covers targeted requests only).
    pub hx: bool,
}

impl Deref for AdminCtx {
    type Target = PageCtx;
    fn deref(&self) -> &PageCtx {
        &self.page
    }
}

impl<'a> FromRequest<'a> for AdminCtx {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let mut page = PageCtx::from_request(req, body).await?;
        page.flash = flash::read(req, &page.state);
        let h = req.headers();
        let hx = h.contains_key("hx-request") && !h.contains_key("hx-history-restore-request");
        Ok(Self { page, hx })
    }
}

impl AdminCtx {
    /// The signed-in staff member, or a redirect to the console's sign-in.
    #[expect(
        clippy::result_large_err,
        reason = "the redirect is returned as-is by the handler, never propagated"
    )]
    pub fn staff(&self) -> Result<(&SignedInSession, Actor), Response> {
        match &self.page.session {
            Some(s) => Ok((s, s.user.actor(self.page.meta.clone()))),
            None => Err(self.page.redirect("/login")),
        }
    }

    pub fn redirect_with_flash(&self, to: &str, flash: Flash) -> Response {
        let mut resp = self.page.redirect(to);
        resp.headers_mut()
            .append(header::SET_COOKIE, flash::set_cookie(&self.page.state, flash));
        resp
    }

    /// The status for a form answered with an error: as is for a plain
    /// browser, 422 for htmx so it swaps the answer in.
    pub fn form_status(&self, status: poem::http::StatusCode) -> poem::http::StatusCode {
        if self.hx {
            poem::http::StatusCode::UNPROCESSABLE_ENTITY
        } else {
            status
        }
    }
}

/// Times as staff read them in logs: UTC, to the second.
pub fn when(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
        ))
        .unwrap_or_default()
}
