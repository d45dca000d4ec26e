//! "Your data, all of it": a person asks for an export ([`request`]), the
//! worker's `BuildExport` job writes one zip ([`build`]: `hisaab.json` and
//! `csv/<kind>.csv`, format in `docs/export-format.md`), tells them by
//! notification and email, and the file can be downloaded ([`download`]) by
//! that person only, for [`retention_days`] days, after which the hourly
//! retention purge deletes it ([`purge_expired`]). ADR 0025.
//!
//! How a request reaches the worker: the export row and an
//! `export.requested` outbox event are written in one transaction; the
//! dispatcher turns the event into a `BuildExport` job keyed on the export
//! id, so a redelivered event does not build twice, and `build` itself skips
//! an export already finished.
//!
//! | state | meaning |
//! |---|---|
//! | `queued` | asked for, waiting for the worker |
//! | `running` | being written |
//! | `ready` | can be downloaded until `expires_at` |
//! | `failed` | could not be written (after the job's retries) |
//! | `expired` | ready once, past `expires_at` (read, not stored) |

mod build;
pub mod s3;
pub mod store;
mod writer;

pub use build::{KINDS, Kind, PAGE};
pub use s3::S3Store;
pub use store::{ExportStore, LocalStore, Opened};

use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::outbox::{Event, OutgoingEmail};
use crate::{Actor, App, db};
use hisaab_entity::{ExportId, export, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// The version of `hisaab.json` (`docs/export.schema.json`).
pub const FORMAT_VERSION: u32 = 1;
/// How long a finished export can be downloaded: `HISAAB_RETENTION_EXPORT_DAYS`
/// (7 by default).
pub fn retention_days(app: &App) -> i64 {
    i64::from(app.settings.retention_export_days)
}
/// Exports shown in a person's list (newest first).
pub const LIST_LIMIT: u64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportState {
    Queued,
    Running,
    Ready,
    Failed,
    Expired,
}

impl ExportState {
    /// The name on the wire and in the database.
    pub fn name(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Ready => "ready",
            Self::Failed => "failed",
            Self::Expired => "expired",
        }
    }

    fn of(row: &export::Model, now: OffsetDateTime) -> Self {
        match row.state.as_str() {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "ready" if row.expires_at.is_some_and(|e| e <= now) => Self::Expired,
            "ready" => Self::Ready,
            _ => Self::Failed,
        }
    }

    /// Still to be built: the page refreshes itself while one is.
    pub fn pending(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }
}

/// An export as its owner sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportView {
    pub id: ExportId,
    pub state: ExportState,
    pub created_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    /// When the download stops working (ready exports).
    pub expires_at: Option<OffsetDateTime>,
    pub size_bytes: Option<i64>,
    /// Why it failed, in words for the person.
    pub error: Option<String>,
}

impl ExportView {
    fn of(row: export::Model, now: OffsetDateTime) -> Self {
        Self {
            id: row.id,
            state: ExportState::of(&row, now),
            created_at: row.created_at,
            finished_at: row.finished_at,
            expires_at: row.expires_at,
            size_bytes: row.size_bytes,
            error: row.error,
        }
    }
}

/// The store exports are kept in, for these settings: the bucket when
/// `HISAAB_S3_*` is set, else the data dir.
pub fn store_of(app: &App) -> Result<Arc<dyn ExportStore>> {
    let local = LocalStore::of(&app.settings);
    Ok(match &app.settings.s3 {
        Some(s3) => Arc::new(S3Store::new(s3, local).map_err(|e| Error::Internal(e.into()))?),
        None => Arc::new(local),
    })
}

/// Queues an export of everything `actor` owns and everything shared with
/// them. While one of theirs is still queued or running, that one is
/// returned instead of queueing another.
pub async fn request(app: &App, actor: &Actor) -> Result<ExportView> {
    let now = app.now();
    let tx = db::begin_write(&app.db).await?;
    let pending = export::Entity::find()
        .filter(export::Column::UserId.eq(actor.user_id))
        .filter(export::Column::State.is_in(["queued", "running"]))
        .order_by_desc(export::Column::CreatedAt)
        .one(&tx)
        .await?;
    if let Some(row) = pending {
        tx.rollback().await?;
        return Ok(ExportView::of(row, now));
    }
    let row = export::ActiveModel {
        id: Set(ExportId::new()),
        tenant_id: Set(actor.tenant_id),
        user_id: Set(actor.user_id),
        state: Set("queued".into()),
        file_key: Set(None),
        size_bytes: Set(None),
        error: Set(None),
        created_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
        expires_at: Set(None),
    }
    .insert(&tx)
    .await?;
    tx.commit(
        Effects::by(actor, now)
            .audit(
                "data.export_requested",
                json!({ "export_id": row.id.to_string() }),
            )
            .outbox(Some(actor.tenant_id), Event::Export { export_id: row.id.0 }),
    )
    .await?;
    Ok(ExportView::of(row, now))
}

/// `actor`'s exports, newest first (at most [`LIST_LIMIT`]).
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<ExportView>> {
    let now = app.now();
    Ok(export::Entity::find()
        .filter(export::Column::UserId.eq(actor.user_id))
        .order_by_desc(export::Column::CreatedAt)
        .order_by_desc(export::Column::Id)
        .limit(LIST_LIMIT)
        .all(&app.db)
        .await?
        .into_iter()
        .map(|r| ExportView::of(r, now))
        .collect())
}

/// One of `actor`'s exports; anyone else's is `NotFound`.
pub async fn get(app: &App, actor: &Actor, id: ExportId) -> Result<ExportView> {
    own(app, actor, id).await.map(|r| ExportView::of(r, app.now()))
}

async fn own(app: &App, actor: &Actor, id: ExportId) -> Result<export::Model> {
    export::Entity::find_by_id(id)
        .filter(export::Column::UserId.eq(actor.user_id))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)
}

/// A finished export, opened for reading (streamed: from disk or the bucket).
pub struct Download {
    pub body: std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send + 'static>>,
    pub size: u64,
    /// `hisaab-export-YYYY-MM-DD.zip`.
    pub filename: String,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("size", &self.size)
            .field("filename", &self.filename)
            .finish_non_exhaustive()
    }
}

/// Opens `actor`'s ready export `id`. Someone else's, one not ready yet and
/// one past its expiry are all `NotFound`. The download is audited.
pub async fn download(app: &App, actor: &Actor, id: ExportId) -> Result<Download> {
    let row = own(app, actor, id).await?;
    let now = app.now();
    let key = match (ExportState::of(&row, now), &row.file_key) {
        (ExportState::Ready, Some(key)) => key.clone(),
        _ => return Err(Error::NotFound),
    };
    let opened = store_of(app)?.open(&key).await.map_err(|e| {
        Error::Internal(anyhow::anyhow!(
            "export {id} is ready but its file cannot be read: {e}"
        ))
    })?;
    let tx = db::begin_write(&app.db).await?;
    tx.commit(
        Effects::by(actor, now).audit("data.export_downloaded", json!({ "export_id": id.to_string() })),
    )
    .await?;
    let day = row.finished_at.unwrap_or(row.created_at).date();
    Ok(Download {
        body: opened.body,
        size: opened.size,
        filename: format!("hisaab-export-{day}.zip"),
    })
}

/// What [`build`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Built {
    /// Written and announced; the zip's size in bytes.
    Ready(u64),
    /// Nothing to do: unknown, or already finished (a repeated job).
    Skipped,
}

/// Writes export `id` (the worker's `BuildExport`), then marks it ready and
/// tells its owner by notification and email in one transaction. A failed
/// attempt leaves it `running` for the job to retry; [`fail`] ends it.
pub async fn build(app: &App, id: ExportId) -> Result<Built> {
    let Some(row) = export::Entity::find_by_id(id).one(&app.db).await? else {
        return Ok(Built::Skipped);
    };
    if !matches!(row.state.as_str(), "queued" | "running") {
        return Ok(Built::Skipped);
    }
    let person = user::Entity::find_by_id(row.user_id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let started = app.now();
    let mut running: export::ActiveModel = row.clone().into();
    running.state = Set("running".into());
    running.started_at = Set(Some(started));
    running.update(&app.db).await?;

    let key = format!("{}/{}.zip", person.id, id);
    let size = build::write(&app.db, store_of(app)?, &person, &key, started).await?;

    let now = app.now();
    let expires = now + Duration::days(retention_days(app));
    let tx = db::begin_write(&app.db).await?;
    let mut ready: export::ActiveModel = row.into();
    ready.state = Set("ready".into());
    ready.file_key = Set(Some(key));
    ready.size_bytes = Set(Some(i64::try_from(size).unwrap_or(i64::MAX)));
    ready.started_at = Set(Some(started));
    ready.finished_at = Set(Some(now));
    ready.expires_at = Set(Some(expires));
    ready.update(&tx).await?;
    let data = json!({ "export_id": id.to_string(), "size_bytes": size });
    let link = app.link(&format!("/settings/data/exports/{id}/download"));
    tx.commit(
        Effects::system(now)
            .outbox(
                Some(person.tenant_id),
                Event::Domain {
                    event_type: "export.ready".into(),
                    notify: vec![person.id.0],
                    data,
                },
            )
            .outbox(
                Some(person.tenant_id),
                Event::Email(OutgoingEmail {
                    to: person.email.clone(),
                    template: "export_ready".into(),
                    context: json!({
                        "display_name": person.display_name,
                        "download_link": link,
                        "page_link": app.link("/settings/data"),
                        "days": retention_days(app),
                        "locale": person.locale,
                    }),
                }),
            ),
    )
    .await?;
    Ok(Built::Ready(size))
}

/// Marks export `id` failed (the job is out of attempts) and deletes any
/// partial file. The person sees the state and can ask again.
pub async fn fail(app: &App, id: ExportId) -> Result<()> {
    let Some(row) = export::Entity::find_by_id(id).one(&app.db).await? else {
        return Ok(());
    };
    if row.state == "ready" {
        return Ok(());
    }
    let key = format!("{}/{}.zip", row.user_id, id);
    if let Err(e) = store_of(app)?.remove(&key).await {
        tracing::warn!(error = %e, export_id = %id, "could not remove a failed export's file");
    }
    let now = app.now();
    let mut failed: export::ActiveModel = row.into();
    failed.state = Set("failed".into());
    failed.error = Set(Some("The export could not be written. Please try again.".into()));
    failed.finished_at = Set(Some(now));
    failed.expires_at = Set(Some(now + Duration::days(retention_days(app))));
    failed.update(&app.db).await?;
    Ok(())
}

/// The store keys of every export of `user_id` (for erasing an account:
/// read inside its transaction, removed after it commits).
pub(crate) async fn file_keys_of<C: sea_orm::ConnectionTrait>(
    conn: &C,
    user_id: hisaab_entity::UserId,
) -> Result<Vec<String>> {
    Ok(export::Entity::find()
        .filter(export::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .iter()
        .map(|r| format!("{}/{}.zip", r.user_id, r.id))
        .collect())
}

/// Removes export files; a file already gone is not an error.
pub(crate) async fn remove_files(app: &App, keys: Vec<String>) -> Result<()> {
    remove_all(app, &keys).await
}

async fn remove_all(app: &App, keys: &[String]) -> Result<()> {
    let store = store_of(app)?;
    for key in keys {
        store.remove(key).await.map_err(|e| Error::Internal(e.into()))?;
    }
    Ok(())
}

/// Exports deleted per retention run, so one run stays short.
pub const PURGE_BATCH: u64 = 500;

/// Deletes the files and rows of exports past `expires_at` (ready ones
/// after their retention days, failed ones as long after failing). A file is
/// deleted before its row, so a crash in between leaves a row that the
/// next run finishes. A dry run counts what would go.
pub async fn purge_expired(app: &App, now: OffsetDateTime, dry_run: bool) -> Result<u64> {
    if dry_run {
        return Ok(export::Entity::find()
            .filter(export::Column::ExpiresAt.lt(now))
            .count(&app.db)
            .await?
            .min(PURGE_BATCH));
    }
    let rows = export::Entity::find()
        .filter(export::Column::ExpiresAt.lt(now))
        .order_by_asc(export::Column::ExpiresAt)
        .limit(PURGE_BATCH)
        .all(&app.db)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let keys: Vec<String> = rows
        .iter()
        .map(|r| format!("{}/{}.zip", r.user_id, r.id))
        .collect();
    remove_all(app, &keys).await?;
    let ids: Vec<ExportId> = rows.iter().map(|r| r.id).collect();
    let deleted = export::Entity::delete_many()
        .filter(export::Column::Id.is_in(ids))
        .exec(&app.db)
        .await?;
    Ok(deleted.rows_affected)
}
