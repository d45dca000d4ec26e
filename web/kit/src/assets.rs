//! Static files from `assets/`, embedded in release builds (read from disk in
//! debug builds), served under fingerprinted URLs that can be cached forever.

use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Response, handler};
use rust_embed::RustEmbed;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(RustEmbed)]
#[folder = "../../assets"]
struct Assets;

/// file path → short content hash, computed once.
static FINGERPRINTS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Assets::iter()
        .filter_map(|path| {
            let file = Assets::get(&path)?;
            let hash = hex_prefix(&file.metadata.sha256_hash());
            Some((path.to_string(), hash))
        })
        .collect()
});

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The URL of an asset, with its content hash so caches never serve a stale one.
pub fn url(path: &str) -> String {
    match FINGERPRINTS.get(path) {
        Some(hash) => format!("/assets/{path}?v={hash}"),
        None => format!("/assets/{path}"),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[handler]
pub fn serve(Path(path): Path<String>) -> Response {
    match Assets::get(&path) {
        Some(file) => Response::builder()
            .header(header::CONTENT_TYPE, content_type(&path))
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .body(file.data.into_owned()),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body("not found"),
    }
}
