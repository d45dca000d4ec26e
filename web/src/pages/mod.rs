//! Server-rendered pages. A handler takes a `PageCtx`, calls one service
//! function and renders a template: the whole page, or only its partial when
//! htmx asks (`HX-Request`, except history restores).

mod app_home;
mod auth;
pub mod finance;
mod form;
mod public;
mod security;
pub mod social;

pub use app_home::*;
pub use auth::*;
pub use form::FormState;
pub use public::*;
pub use security::*;

use crate::middleware::csrf::CsrfToken;
use crate::middleware::request_context::RequestId;
use crate::middleware::session::CurrentSession;
use crate::state::AppState;
use hisaab_service::identity::{self, SignedInSession};
use hisaab_service::{Actor, Error, RequestMeta};
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, FromRequest, IntoResponse, Request, RequestBody, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Everything a page handler needs about the request.
pub struct PageCtx {
    pub state: AppState,
    pub meta: RequestMeta,
    pub csrf: String,
    pub session: Option<SignedInSession>,
    pub htmx: bool,
    pub path: String,
    /// Path and query to come back to after signing in.
    pub return_to: String,
    pub flash: Option<Value>,
}

/// The address the person asked for. Nested routes strip their prefix from
/// `uri()`; the original keeps it (a request built by hand, as in tests,
/// may have no original).
fn address(req: &Request) -> &poem::http::Uri {
    let (original, routed) = (req.original_uri(), req.uri());
    if original.path().ends_with(routed.path()) {
        original
    } else {
        routed
    }
}

fn return_to(req: &Request) -> String {
    let uri = address(req);
    uri.path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string())
}

impl PageCtx {
    /// For a page rendered by a layer rather than a handler (an error page):
    /// whatever the request carries so far, a full page, no flash.
    fn outside_handler(state: AppState, req: &Request) -> Self {
        Self {
            state,
            meta: req.data::<RequestMeta>().cloned().unwrap_or_default(),
            csrf: req.data::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default(),
            session: req.data::<CurrentSession>().and_then(|s| s.0.clone()),
            htmx: false,
            path: address(req).path().to_string(),
            return_to: return_to(req),
            flash: None,
        }
    }
}

impl<'a> FromRequest<'a> for PageCtx {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let state = req.data::<AppState>().cloned().expect("AppState is attached");
        // Boosted navigations and history restores need the whole page; only
        // targeted htmx requests get a partial.
        let h = req.headers();
        let htmx = h.contains_key("hx-request")
            && !h.contains_key("hx-boosted")
            && !h.contains_key("hx-history-restore-request");
        Ok(Self {
            htmx,
            flash: crate::flash::read(req),
            ..Self::outside_handler(state, req)
        })
    }
}

impl PageCtx {
    pub fn actor(&self) -> Option<Actor> {
        self.session.as_ref().map(|s| s.user.actor(self.meta.clone()))
    }

    fn base_context(&self, title: &str, noindex: bool) -> Map<String, Value> {
        let user = self.session.as_ref().map(|s| {
            json!({
                "email": s.user.email,
                "display_name": s.user.display_name,
                "email_verified": s.user.email_verified,
                "role": identity::role_name(s.user.role),
            })
        });
        let mut map = Map::new();
        map.insert("title".into(), json!(title));
        map.insert("description".into(), json!("Hisaab keeps your money, your IOUs and your shared expenses exact: accounts, net worth, udhaar with friends and group bills split every way."));
        map.insert("noindex".into(), json!(noindex || self.session.is_some()));
        map.insert("path".into(), json!(self.path));
        map.insert("public_url".into(), json!(self.state.app.settings.public_url));
        map.insert("csrf_token".into(), json!(self.csrf));
        map.insert("user".into(), user.unwrap_or(Value::Null));
        map.insert("flash".into(), self.flash.clone().unwrap_or(Value::Null));
        map
    }

    /// Renders `template` with the base context plus `extra`.
    pub fn render(&self, status: StatusCode, template: &str, title: &str, extra: Value) -> Response {
        let mut context = self.base_context(title, false);
        if let Value::Object(extra) = extra {
            context.extend(extra);
        }
        match self.state.templates.render(template, Value::Object(context)) {
            Ok(html) => {
                let mut resp = Response::builder()
                    .status(status)
                    .content_type("text/html; charset=utf-8")
                    .header(header::VARY, "HX-Request")
                    .header(header::CACHE_CONTROL, "no-store")
                    .body(html);
                if self.flash.is_some() {
                    resp.headers_mut()
                        .append(header::SET_COOKIE, crate::flash::clear_cookie(&self.state));
                }
                resp
            }
            Err(e) => self.internal(e),
        }
    }

    /// The full page, or just `partial` for an htmx request.
    pub fn page_or_partial(
        &self,
        status: StatusCode,
        page: &str,
        partial: &str,
        title: &str,
        extra: Value,
    ) -> Response {
        if self.htmx {
            self.render(status, partial, title, extra)
        } else {
            self.render(status, page, title, extra)
        }
    }

    /// Sends the browser elsewhere: `HX-Redirect` for htmx, 303 otherwise.
    pub fn redirect(&self, to: &str) -> Response {
        redirect(self.htmx, to)
    }

    pub fn redirect_with_flash(&self, to: &str, flash: crate::flash::Flash) -> Response {
        let mut resp = self.redirect(to);
        resp.headers_mut()
            .append(header::SET_COOKIE, crate::flash::set_cookie(&self.state, flash));
        resp
    }

    /// A page for an error that isn't about a form field.
    pub fn error(&self, err: Error) -> Response {
        match err {
            Error::NotFound => self.error_page(
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is nothing here, or it is not yours to see.",
            ),
            Error::Forbidden(msg) => self.error_page(StatusCode::FORBIDDEN, "Not allowed", &msg),
            Error::Unauthenticated(_) => {
                self.redirect(&format!("/login?next={}", urlencode(&self.return_to)))
            }
            Error::RateLimited {
                retry_after_secs,
                message,
            } => {
                let mut resp = self.error_page(StatusCode::TOO_MANY_REQUESTS, "Slow down", &message);
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                resp
            }
            Error::Invalid { detail, .. } => {
                self.error_page(StatusCode::UNPROCESSABLE_ENTITY, "That didn't work", &detail)
            }
            Error::Conflict(msg) => self.error_page(StatusCode::CONFLICT, "That didn't work", &msg),
            Error::PreconditionFailed => self.error_page(
                StatusCode::PRECONDITION_FAILED,
                "Changed meanwhile",
                "Someone changed this since you loaded it. Reload and try again.",
            ),
            Error::Internal(e) => self.internal(e),
        }
    }

    fn internal(&self, e: impl std::fmt::Display) -> Response {
        tracing::error!(error = %e, "page failed");
        crate::problem::opaque_error(
            &self.path,
            StatusCode::INTERNAL_SERVER_ERROR,
            self.meta.request_id.as_deref().unwrap_or("-"),
        )
    }

    pub fn error_page(&self, status: StatusCode, heading: &str, message: &str) -> Response {
        self.render(
            status,
            "shared/error.html",
            heading,
            json!({ "status": status.as_u16(), "heading": heading, "message": message, "request_id": self.meta.request_id }),
        )
    }

    /// The signed-in person, or a redirect to sign in.
    #[expect(
        clippy::result_large_err,
        reason = "the redirect is returned as-is, never propagated far"
    )]
    pub fn require_user(&self) -> Result<(&SignedInSession, Actor), Response> {
        match &self.session {
            Some(s) => Ok((s, s.user.actor(self.meta.clone()))),
            None => Err(self.redirect(&format!("/login?next={}", urlencode(&self.return_to)))),
        }
    }
}

pub fn redirect(htmx: bool, to: &str) -> Response {
    if htmx {
        Response::builder()
            .status(StatusCode::OK)
            .header("HX-Redirect", to)
            .body(())
    } else {
        Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, to)
            .body(())
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Addresses no page answers get the app's own "not found" page (with the
/// person's navigation), not the framework's plain text. Wraps the pages,
/// inside the session and CSRF layers.
pub async fn not_found<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let ctx = req
        .data::<AppState>()
        .cloned()
        .map(|state| PageCtx::outside_handler(state, &req));
    match (ep.call(req).await, ctx) {
        (Err(e), Some(ctx)) if e.is::<poem::error::NotFoundError>() => Ok(ctx.error(Error::NotFound)),
        (result, _) => result.map(IntoResponse::into_response),
    }
}

/// An error page rendered outside a handler (the CSRF layer).
pub fn standalone_error(
    state: &AppState,
    req: &Request,
    status: StatusCode,
    heading: &str,
    message: &str,
) -> Response {
    let ctx = PageCtx::outside_handler(state.clone(), req);
    let mut resp = ctx.error_page(status, heading, message);
    if let Some(id) = req.data::<RequestId>() {
        tracing::debug!(request_id = %id.0, "standalone error page");
    }
    resp.set_status(status);
    resp
}
