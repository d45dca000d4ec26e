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
    let areas = json!([
        { "name": "Finance", "href": "/app/finance", "description": "Accounts, income and expenses, transfers and cash flow." },
        { "name": "Groups and IOUs", "href": "/social/groups", "description": "Split bills with friends, record who lent what, and settle up exactly." },
        { "name": "Balances", "href": "/social", "description": "Who owes you and whom you owe, per person and currency." },
        { "name": "Security", "href": "/settings/security", "description": "Password and signed-in devices." },
        { "name": "API", "href": "/api/docs", "description": "Connect a mobile app or script to your account." },
    ]);
    ctx.render(
        StatusCode::OK,
        "web/app/home.html",
        "Home",
        json!({ "sessions_count": sessions.len(), "areas": areas }),
    )
}
