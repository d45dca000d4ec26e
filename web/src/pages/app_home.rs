//! The signed-in home page.

use super::{PageCtx, PageResult, SignedIn};
use hisaab_service::identity;
use poem::handler;
use poem::http::StatusCode;
use serde_json::json;

#[handler]
pub async fn home(ctx: PageCtx, user: SignedIn) -> PageResult {
    let sessions = identity::list_sessions(ctx.app(), &user.actor, Some(user.session.session_id)).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/app/home.html",
        &ctx.t("title-home"),
        json!({ "sessions_count": sessions.len() }),
    ))
}
