//! Errors at the page edge, answered one way everywhere.
//!
//! Handlers return [`PageResult`] and use `?` on service calls; the
//! [`around`] layer renders whatever comes back as an error:
//!
//! | error | plain request / boosted navigation | targeted htmx request |
//! |---|---|---|
//! | signed out (401) | 303 to sign-in (`?next=` back here) | 401 + `HX-Redirect` to sign-in |
//! | 403, 404, 409, 412, 422 (not a form's), 429, 500, 503 (database out of reach) | the full error page, same status | the toast fragment, same status, `HX-Retarget: #toasts`, `HX-Reswap: innerHTML` |
//!
//! A form's own validation error never gets here: the handler absorbs it
//! into its `FormState` and re-renders the form (fragment or page) with 422.
//! The layouts' htmx config swaps 4xx/5xx answers, so the toast lands in
//! the toast region and never a full page into a fragment.

use crate::page::PageCtx;
use hisaab_service::Error;
use hisaab_service::i18n;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use serde_json::json;
use std::sync::Arc;

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

/// A page handler's failure: a service error, or a refusal the handler
/// words itself (an unreadable form).
#[derive(Debug)]
pub enum PageError {
    Service(Error),
    Refused {
        status: StatusCode,
        heading: &'static str,
        message: String,
    },
}

impl PageError {
    /// 400 for a request no form of ours sends (a missing or mangled field).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Refused {
            status: StatusCode::BAD_REQUEST,
            heading: "That didn't work",
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Refused { status, .. } => *status,
            Self::Service(e) => match e {
                Error::NotFound => StatusCode::NOT_FOUND,
                Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                Error::Forbidden(_) => StatusCode::FORBIDDEN,
                Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                Error::Conflict(_) => StatusCode::CONFLICT,
                Error::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
                Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                Error::Internal(err) if hisaab_service::db::is_unavailable(err) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// The answer for this request (see the module's table).
    pub fn render(self, ctx: &PageCtx) -> Response {
        let status = self.status();
        let (heading, message, retry_after) = match self {
            Self::Refused { heading, message, .. } => (heading, message, None),
            Self::Service(e) => match e {
                Error::Unauthenticated(_) => return ctx.sign_in_redirect(),
                // The database is out of reach: nothing changed, try again.
                Error::Internal(err) if hisaab_service::db::is_unavailable(&err) => {
                    tracing::warn!(error = %format!("{err:#}"), "database unavailable; answered 503");
                    (
                        "Temporarily unavailable",
                        "We cannot reach our database right now. Nothing was changed: try again in a moment."
                            .to_string(),
                        Some(1),
                    )
                }
                Error::Internal(err) => {
                    tracing::error!(error = %format!("{err:#}"), "page failed");
                    return internal_response(ctx);
                }
                Error::NotFound => (
                    "Page not found",
                    "There is nothing here, or it is not yours to see.".to_string(),
                    None,
                ),
                Error::Forbidden(msg) => ("Not allowed", msg, None),
                Error::Invalid { detail, .. } => ("That didn't work", detail, None),
                Error::Conflict(msg) => ("That didn't work", msg, None),
                Error::PreconditionFailed => (
                    "Changed meanwhile",
                    "Someone changed this since you loaded it. Reload and try again.".to_string(),
                    None,
                ),
                Error::RateLimited {
                    retry_after_secs,
                    message,
                } => ("Slow down", message, Some(retry_after_secs)),
            },
        };
        let mut resp = error_response(ctx, status, heading, &message);
        if let Some(secs) = retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        Self::Service(e)
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Service(e) => write!(f, "{e}"),
            Self::Refused { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for PageError {}

/// Only reached if a route forgot the [`around`] layer: the status alone.
impl poem::error::ResponseError for PageError {
    fn status(&self) -> StatusCode {
        PageError::status(self)
    }
}

/// An error as the full error page, or as the toast fragment retargeted to
/// the layout's toast region for a targeted htmx request.
///
/// The heading and message are English (the service's words, or this
/// module's); the catalogue's `svc-` messages put them in the reader's
/// language where it has them (ADR 0031).
pub fn error_response(ctx: &PageCtx, status: StatusCode, heading: &str, message: &str) -> Response {
    let heading = i18n::translate_service_message(ctx.locale, heading);
    let message = i18n::translate_service_message(ctx.locale, message);
    let context = json!({
        "status": status.as_u16(),
        "heading": heading,
        "message": message,
        "request_id": ctx.meta.request_id,
    });
    let template = if ctx.htmx {
        "shared/toast_partial.html"
    } else {
        ctx.state.surface.error_template
    };
    let mut resp = ctx.render(status, template, &heading, context);
    if ctx.htmx {
        let headers = resp.headers_mut();
        headers.insert("hx-retarget", HeaderValue::from_static("#toasts"));
        headers.insert("hx-reswap", HeaderValue::from_static("innerHTML"));
    }
    resp.set_status(status);
    resp
}

/// A 500 that names only the request id: the toast for htmx, else a page
/// that needs no template (the templates may be what failed).
pub fn internal_response(ctx: &PageCtx) -> Response {
    let request_id = ctx.meta.request_id.as_deref().unwrap_or("-");
    if ctx.htmx {
        let mut args = i18n::Args::new();
        args.set("id", request_id.to_string());
        let message = i18n::tr_args(ctx.locale, "land-internal-toast", Some(&args));
        let mut resp = Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .content_type("text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-store")
            .header("hx-retarget", "#toasts")
            .header("hx-reswap", "innerHTML")
            .body(format!(
                "<div class=\"toast toast--error\"><p>{}</p></div>",
                escape(&message)
            ));
        resp.set_status(StatusCode::INTERNAL_SERVER_ERROR);
        return resp;
    }
    crate::problem::opaque_error(&ctx.path, StatusCode::INTERNAL_SERVER_ERROR, request_id)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders what page handlers return as errors: a `PageError`, a path no
/// page answers (404), a form poem could not read (400). Responses an
/// extractor built itself (the sign-in redirect) pass through. Wraps the
/// pages, inside the session and CSRF layers.
pub async fn around<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let ctx = PageCtx::from_parts(&req);
    let err = match ep.call(req).await {
        Ok(resp) => return Ok(resp.into_response()),
        Err(err) => err,
    };
    let Some(ctx) = ctx else { return Err(err) };
    if err.is_from_response() {
        return Ok(err.into_response());
    }
    if err.is::<poem::error::NotFoundError>() {
        return Ok(PageError::Service(Error::NotFound).render(&ctx));
    }
    match err.downcast::<PageError>() {
        Ok(page_error) => Ok(page_error.render(&ctx)),
        Err(err) if err.status().is_client_error() => {
            let status = err.status();
            tracing::debug!(error = %err, %status, "page request refused");
            Ok(error_response(
                &ctx,
                status,
                "That didn't work",
                "The request could not be read. Go back, reload the page and try again.",
            ))
        }
        Err(err) => {
            tracing::error!(error = %err, "page failed");
            Ok(internal_response(&ctx))
        }
    }
}
