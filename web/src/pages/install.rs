//! Installing Hisaab as an app on a phone or a desktop: the web app manifest,
//! the service worker (cached static assets and an offline page; see
//! `service_worker.js` for what it never caches) and the offline page itself.

use hisaab_http::{PageCtx, assets};
use hisaab_service::crypto;
use poem::http::{StatusCode, header};
use poem::{Response, handler};
use serde_json::json;
use std::sync::LazyLock;

/// Assets the service worker caches when it installs: what the offline page
/// and the first screen after it need.
const PRECACHE: [&str; 7] = [
    "css/app.css",
    "js/htmx-2.0.11.min.js",
    "js/htmx-ext-sse-2.2.4.min.js",
    "js/live.js",
    "js/install.js",
    "icons/favicon.svg",
    "icons/icon-192.png",
];

const SOURCE: &str = include_str!("service_worker.js");

/// The worker's script with this build's asset URLs. Its cache is named after
/// them, so a release that changes any asset installs a new worker that drops
/// the old cache.
static SERVICE_WORKER: LazyLock<String> = LazyLock::new(|| {
    let urls: Vec<String> = PRECACHE.iter().map(|p| assets::url(p)).collect();
    let cache = format!("hisaab-{}", &crypto::sha256_hex(urls.join("\n").as_bytes())[..12]);
    SOURCE
        .replace("__CACHE__", &json!(cache).to_string())
        .replace("__PRECACHE__", &json!(urls).to_string())
});

/// `GET /manifest.webmanifest`
#[handler]
pub fn manifest() -> Response {
    let icon = |path: &str, size: &str, purpose: &str| json!({ "src": assets::url(path), "sizes": size, "type": "image/png", "purpose": purpose });
    let body = json!({
        "id": "/app",
        "name": "Hisaab",
        "short_name": "Hisaab",
        "description": "Your accounts, the money you lend and borrow, and group expenses split exactly.",
        "start_url": "/app",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f7f8",
        "theme_color": "#0f6e68",
        "icons": [
            icon("icons/icon-192.png", "192x192", "any"),
            icon("icons/icon-512.png", "512x512", "any"),
            icon("icons/maskable-192.png", "192x192", "maskable"),
            icon("icons/maskable-512.png", "512x512", "maskable"),
            { "src": assets::url("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
        ],
    });
    Response::builder()
        .content_type("application/manifest+json")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(body.to_string())
}

/// `GET /sw.js`: revalidated on every check, so a release reaches installed
/// apps at their next visit.
#[handler]
pub fn service_worker() -> Response {
    Response::builder()
        .content_type("text/javascript; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(SERVICE_WORKER.as_str())
}

/// `GET /offline`: what an installed app shows without a network.
#[handler]
pub async fn offline(ctx: PageCtx) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/offline.html",
        &ctx.t("land-offline-title"),
        json!({}),
    )
}
