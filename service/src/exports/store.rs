//! Where finished exports are kept: files under `<data_dir>/exports`
//! ([`LocalStore`]) or objects in an S3-compatible bucket
//! ([`super::s3::S3Store`], ADR 0030). Either way the zip is first written
//! to a local file (`create`, with `scratch` for its CSV parts), then
//! `finish` makes it the kept export: nothing to do on disk, an upload for a
//! bucket. The builder, the download and the purge only see this trait.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use tokio::io::AsyncRead;

/// A finished export being read: its bytes, streamed, and how many there are.
pub struct Opened {
    pub body: Pin<Box<dyn AsyncRead + Send + 'static>>,
    pub size: u64,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// A place to keep export files by key (`<user id>/<export id>.zip`).
#[async_trait::async_trait]
pub trait ExportStore: Send + Sync {
    /// A new, empty local file for `key` to write the zip to (replacing one
    /// left by a failed attempt). Blocking: call it off the runtime.
    fn create(&self, key: &str) -> io::Result<File>;
    /// A local scratch directory for `key` while it is built (the CSV parts).
    /// Blocking: call it off the runtime.
    fn scratch(&self, key: &str) -> io::Result<PathBuf>;
    /// Keeps the file written through `create(key)` as the finished export.
    /// On an error nothing is kept under `key` (the local file may stay for
    /// `remove` to clean up).
    async fn finish(&self, key: &str) -> io::Result<()>;
    /// The finished export `key`, for reading; `NotFound` if there is none.
    async fn open(&self, key: &str) -> io::Result<Opened>;
    /// Deletes `key` and anything left of building it; a missing export is
    /// not an error (the purge may repeat).
    async fn remove(&self, key: &str) -> io::Result<()>;
}

/// Files under a directory on local disk (the data dir's `exports/`).
#[derive(Clone, Debug)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store of the app's data directory.
    pub fn of(settings: &crate::Settings) -> Self {
        Self::new(settings.data_dir.join("exports"))
    }

    /// The file for `key`.
    pub(crate) fn path(&self, key: &str) -> io::Result<PathBuf> {
        check_key(key)?;
        Ok(self.root.join(key))
    }

    /// Deletes the local file of `key` and its scratch directory (blocking).
    pub(crate) fn remove_local(&self, key: &str) -> io::Result<()> {
        let path = self.path(key)?;
        let _ = std::fs::remove_dir_all(path.with_extension("parts"));
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

/// Keys are made by `exports` from two UUIDs; one with anything but
/// `[0-9a-f-]`, one `/` and `.zip` is refused, so no key leaves the store's
/// directory or prefix.
pub(crate) fn check_key(key: &str) -> io::Result<()> {
    let ok = key.split_once('/').is_some_and(|(dir, file)| {
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
        plain(dir) && file.strip_suffix(".zip").is_some_and(plain)
    });
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "bad export key"))
    }
}

/// Runs blocking file work on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| io::Error::other(format!("blocking task failed: {e}")))?
}

fn parent(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl ExportStore for LocalStore {
    fn create(&self, key: &str) -> io::Result<File> {
        let path = self.path(key)?;
        parent(&path)?;
        File::create(path)
    }

    fn scratch(&self, key: &str) -> io::Result<PathBuf> {
        let dir = self.path(key)?.with_extension("parts");
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// The file is already where it is kept.
    async fn finish(&self, key: &str) -> io::Result<()> {
        self.path(key).map(drop)
    }

    async fn open(&self, key: &str) -> io::Result<Opened> {
        let path = self.path(key)?;
        let (file, size) = blocking(move || {
            let file = File::open(path)?;
            let size = file.metadata()?.len();
            Ok((file, size))
        })
        .await?;
        Ok(Opened {
            body: Box::pin(tokio::fs::File::from_std(file)),
            size,
        })
    }

    async fn remove(&self, key: &str) -> io::Result<()> {
        let store = self.clone();
        let key = key.to_string();
        blocking(move || store.remove_local(&key)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_leave_the_store() {
        let store = LocalStore::new("/nonexistent");
        for key in [
            "../x.zip",
            "a/../../b.zip",
            "a/b",
            "/etc/passwd",
            "a/b/c.zip",
            "a/.zip",
        ] {
            assert!(store.path(key).is_err(), "{key}");
        }
        assert!(store.path("0a-1/2b-3.zip").is_ok());
    }
}
