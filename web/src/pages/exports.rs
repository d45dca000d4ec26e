//! `/settings/data`, the export part (`data.rs` puts the page together): ask
//! for an export, see yours with their state, download a ready one. The page
//! is live: the `export.ready` notification refreshes the list in place
//! (`#data-export`), and without JavaScript a reload shows the same.

use super::{PageCtx, PageResult, SignedIn, path_id};
use hisaab_service::exports::{self, ExportView};
use hisaab_service::i18n::{self, Locale};
use poem::handler;
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Body, Response};
use serde_json::{Value, json};

/// What the page swaps in when its event stream says something arrived.
const LIVE_REGIONS: &str = "#data-export";

/// `1.2 MB`, `340 KB`, `512 bytes` (the units are the same in every
/// language; "bytes" is a word).
fn size(bytes: i64, locale: Locale) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{}.{} MB", b / 1_000_000, (b % 1_000_000) / 100_000),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => {
            let mut args = i18n::Args::new();
            args.set("bytes", i18n::number(b));
            i18n::tr_args(locale, "set-size-bytes", Some(&args))
        }
    }
}

fn export_value(v: &ExportView, locale: Locale) -> Value {
    let when = |t| i18n::format::timestamp(t, locale);
    json!({
        "id": v.id.to_string(),
        "state": v.state.name(),
        "pending": v.state.pending(),
        "created_at": when(v.created_at),
        "finished_at": v.finished_at.map(when),
        "expires_at": v.expires_at.map(when),
        "size": v.size_bytes.map(|b| size(b, locale)),
        "error": v.error,
    })
}

pub(super) async fn export_context(ctx: &PageCtx, user: &SignedIn) -> Result<Value, super::PageError> {
    let list = exports::list(ctx.app(), &user.actor).await?;
    Ok(json!({
        "exports": list.iter().map(|e| export_value(e, ctx.locale)).collect::<Vec<_>>(),
        "export_pending": list.iter().any(|e| e.state.pending()),
        "retention_days": exports::retention_days(ctx.app()),
        "live": LIVE_REGIONS,
    }))
}

/// `POST /settings/data/exports`: queue an export (or keep the one already
/// queued), then show the list: the partial for htmx, else back to the page.
#[handler]
pub async fn request_export(ctx: PageCtx, user: SignedIn) -> PageResult {
    exports::request(ctx.app(), &user.actor).await?;
    if !ctx.htmx {
        return Ok(ctx.redirect("/settings/data"));
    }
    let v = export_context(&ctx, &user).await?;
    Ok(ctx.render(
        StatusCode::ACCEPTED,
        "web/settings/data_export_partial.html",
        &ctx.t("settings-nav-data"),
        v,
    ))
}

/// `GET /settings/data/exports/:id/download`: the zip, for its owner only.
#[handler]
pub async fn download_export(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let file = exports::download(ctx.app(), &user.actor, path_id(&raw)?).await?;
    Ok(Response::builder()
        .content_type("application/zip")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.filename),
        )
        .header(header::CONTENT_LENGTH, file.size)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_async_read(file.body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_people_say_them() {
        assert_eq!(size(512, Locale::En), "512 bytes");
        assert_eq!(size(1, Locale::En), "1 byte");
        assert_eq!(size(512, Locale::Hi), "512 बाइट");
        assert_eq!(size(34_567, Locale::Hi), "34 KB");
        assert_eq!(size(1_250_000, Locale::En), "1.2 MB");
    }
}
