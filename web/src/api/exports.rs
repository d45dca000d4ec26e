//! Data exports: `/me/exports` (ask for one, list them) and
//! `/me/exports/{id}/download` (the zip). The rules live in
//! `hisaab_service::exports`; the format is `docs/export-format.md`.

use super::security::BearerAuth;
use super::social::instant;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::entity::ExportId;
use hisaab_service::exports::{self, ExportView};
use poem::Body;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

#[derive(Tags)]
enum ApiTags {
    /// Your data, all of it: exports.
    Exports,
}

pub struct ExportsApi;

/// One export of everything you own and everything shared with you.
#[derive(Object)]
struct Export {
    id: uuid::Uuid,
    /// `queued`, `running`, `ready`, `failed` or `expired`.
    state: String,
    /// RFC 3339 UTC.
    created_at: String,
    /// When it was written (or failed); RFC 3339 UTC.
    finished_at: Option<String>,
    /// When the download stops working and the file is deleted; RFC 3339 UTC.
    expires_at: Option<String>,
    /// The zip's size in bytes, once ready.
    size_bytes: Option<i64>,
    /// Why it failed, when it did.
    error: Option<String>,
    /// Where to download it (with your token), while it is ready.
    download_path: Option<String>,
}

impl From<ExportView> for Export {
    fn from(v: ExportView) -> Self {
        let ready = v.state == exports::ExportState::Ready;
        Self {
            id: v.id.0,
            state: v.state.name().into(),
            created_at: instant(v.created_at),
            finished_at: v.finished_at.map(instant),
            expires_at: v.expires_at.map(instant),
            size_bytes: v.size_bytes,
            error: v.error,
            download_path: ready.then(|| format!("/api/v1/me/exports/{}/download", v.id)),
        }
    }
}

#[derive(Object)]
struct ExportList {
    /// Newest first (at most 20).
    items: Vec<Export>,
}

#[derive(ApiResponse)]
enum ExportQueued {
    /// Queued (or the one already queued or running): poll `GET /me/exports`;
    /// you are also notified and emailed when it is ready.
    #[oai(status = 202)]
    Accepted(Json<Export>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
enum ExportFile {
    /// The zip: `hisaab.json` and `csv/<kind>.csv`.
    #[oai(status = 200, content_type = "application/zip")]
    Zip(
        Binary<Body>,
        #[oai(header = "Content-Disposition")] String,
        #[oai(header = "Content-Length")] u64,
    ),
}

#[OpenApi(prefix_path = "/me/exports", tag = "ApiTags::Exports")]
impl ExportsApi {
    /// Ask for an export of all your data
    ///
    /// Queues a zip of everything you own and everything shared with you.
    /// While one of yours is queued or running, that one is returned.
    #[oai(path = "/", method = "post")]
    async fn request(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<ExportQueued, ApiError> {
        let view = exports::request(&state.app, &auth.0).await?;
        let location = format!("/api/v1/me/exports/{}", view.id);
        Ok(ExportQueued::Accepted(Json(view.into()), location))
    }

    /// List your exports
    #[oai(path = "/", method = "get")]
    async fn list(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<Json<ExportList>, ApiError> {
        let items = exports::list(&state.app, &auth.0).await?;
        Ok(Json(ExportList {
            items: items.into_iter().map(Export::from).collect(),
        }))
    }

    /// One of your exports
    #[oai(path = "/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Export>, ApiError> {
        Ok(Json(
            exports::get(&state.app, &auth.0, ExportId(id.0)).await?.into(),
        ))
    }

    /// Download a ready export
    ///
    /// 404 for an export that is not yours, not ready yet or expired.
    #[oai(path = "/:id/download", method = "get")]
    async fn download(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<ExportFile, ApiError> {
        let file = exports::download(&state.app, &auth.0, ExportId(id.0)).await?;
        let disposition = format!("attachment; filename=\"{}\"", file.filename);
        let body = Body::from_async_read(file.body);
        Ok(ExportFile::Zip(Binary(body), disposition, file.size))
    }
}
