//! Public pages: landing, robots.txt, sitemap.xml.

use super::PageCtx;
use crate::state::AppState;
use poem::http::StatusCode;
use poem::web::Data;
use poem::{Response, handler};
use serde_json::json;

#[handler]
pub async fn landing(ctx: PageCtx) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/landing.html",
        &ctx.t("land-title"),
        json!({}),
    )
}

#[handler]
pub fn robots(state: Data<&AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /$\nAllow: /login\nAllow: /signup\nDisallow: /app\nDisallow: /settings\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
        state.app.settings.public_url
    );
    Response::builder()
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

#[handler]
pub fn sitemap(state: Data<&AppState>) -> Response {
    let base = &state.app.settings.public_url;
    let urls: String = ["/", "/signup", "/login"]
        .iter()
        .map(|p| format!("  <url><loc>{base}{p}</loc></url>\n"))
        .collect();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
    );
    Response::builder()
        .content_type("application/xml; charset=utf-8")
        .body(body)
}
