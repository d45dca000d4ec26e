//! `GET /events`: the signed-in person's event stream for pages (htmx's SSE
//! extension), the same events as `GET /api/v1/events` (`crate::live`).
//! Authenticated by the session cookie alone: a request without a live
//! session is 401, never a redirect to the sign-in page (an `EventSource`
//! would follow it and read HTML as events).

use crate::live::{self, Credential};
use hisaab_http::{PageCtx, PageError};
use poem::http::StatusCode;
use poem::{IntoResponse, Request, Response, handler};

#[handler]
pub async fn events(ctx: PageCtx, req: &Request) -> Result<Response, PageError> {
    let Some(actor) = ctx.actor() else {
        return Ok(StatusCode::UNAUTHORIZED.into_response());
    };
    let Some(session) = ctx.session.as_ref().map(|s| s.session_id) else {
        return Ok(StatusCode::UNAUTHORIZED.into_response());
    };
    let last_event_id = req.header("last-event-id");
    let events = live::open(&ctx.state, actor, Credential::Session(session), last_event_id).await?;
    Ok(live::response(events))
}
