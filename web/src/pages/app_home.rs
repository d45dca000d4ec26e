//! The signed-in home page.

use super::PageCtx;
use hisaab_service::identity;
use poem::http::StatusCode;
use poem::{Response, handler};
use serde_json::json;

#[handler]
pub async fn home(ctx: PageCtx) -> Response {
    let (session, actor) = match ctx.require_user() {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let sessions = match identity::list_sessions(&ctx.state.app, &actor, Some(session.session_id)).await {
        Ok(s) => s,
        Err(e) => return ctx.error(e),
    };
    ctx.render(
        StatusCode::OK,
        "web/app/home.html",
        "Home",
        json!({ "sessions_count": sessions.len() }),
    )
}
