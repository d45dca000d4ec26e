//! The zip being written: `hisaab.json` stays open as the first entry while
//! every kind's rows stream into it, and each kind's CSV goes to a part file
//! in a scratch directory at the same time; at the end the parts are copied
//! into the zip as `csv/<kind>.csv` and deleted. The async builder hands over
//! one page of rows at a time; file work runs on the blocking pool, so
//! neither memory nor the runtime's threads grow with the account.

use super::store::ExportStore;
use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

struct Inner {
    zip: ZipWriter<BufWriter<File>>,
    parts: Vec<(&'static str, PathBuf, BufWriter<File>)>,
    scratch: PathBuf,
}

/// The export file while it is written.
pub(crate) struct ZipOut {
    inner: Option<Inner>,
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true)
}

impl ZipOut {
    /// Creates the file for `key` and a CSV part (with its header line) per kind.
    pub(crate) async fn create(
        store: std::sync::Arc<dyn ExportStore>,
        key: String,
        kinds: Vec<(&'static str, String)>,
    ) -> anyhow::Result<Self> {
        let inner = tokio::task::spawn_blocking(move || -> anyhow::Result<Inner> {
            let file = store.create(&key).context("creating the export file")?;
            let scratch = store.scratch(&key).context("creating the scratch directory")?;
            let mut parts = Vec::with_capacity(kinds.len());
            for (kind, header) in kinds {
                let path = scratch.join(format!("{kind}.csv"));
                let mut part = BufWriter::new(File::create(&path)?);
                part.write_all(header.as_bytes())?;
                parts.push((kind, path, part));
            }
            let mut zip = ZipWriter::new(BufWriter::new(file));
            zip.start_file("hisaab.json", options())?;
            Ok(Inner { zip, parts, scratch })
        })
        .await??;
        Ok(Self { inner: Some(inner) })
    }

    /// Appends `json` to `hisaab.json` and `csv` to the part of kind number `kind`.
    pub(crate) async fn write(
        &mut self,
        json: String,
        kind: Option<usize>,
        csv: String,
    ) -> anyhow::Result<()> {
        self.with(move |inner| {
            inner.zip.write_all(json.as_bytes())?;
            if let Some(k) = kind {
                inner.parts[k].2.write_all(csv.as_bytes())?;
            }
            Ok(())
        })
        .await
    }

    /// Closes `hisaab.json` with `tail`, copies the CSV parts in, finishes
    /// the zip and returns its size in bytes.
    pub(crate) async fn finish(mut self, tail: String) -> anyhow::Result<u64> {
        let inner = self.inner.take().context("export already finished")?;
        tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
            let Inner {
                mut zip,
                parts,
                scratch,
            } = inner;
            zip.write_all(tail.as_bytes())?;
            for (kind, path, mut part) in parts {
                part.flush()?;
                drop(part);
                let mut part = File::open(&path)?;
                zip.start_file(format!("csv/{kind}.csv"), options())?;
                std::io::copy(&mut part, &mut zip)?;
                std::fs::remove_file(&path)?;
            }
            let mut out = zip.finish()?.into_inner().map_err(|e| e.into_error())?;
            out.flush()?;
            out.sync_all()?;
            let size = out.metadata()?.len();
            let _ = std::fs::remove_dir(&scratch);
            Ok(size)
        })
        .await?
    }

    async fn with<F>(&mut self, work: F) -> anyhow::Result<()>
    where
        F: FnOnce(&mut Inner) -> anyhow::Result<()> + Send + 'static,
    {
        let mut inner = self.inner.take().context("export already finished")?;
        let (inner, result) = tokio::task::spawn_blocking(move || {
            let result = work(&mut inner);
            (inner, result)
        })
        .await?;
        self.inner = Some(inner);
        result
    }
}
