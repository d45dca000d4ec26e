//! Where finished exports are kept. One implementation today: files under
//! `<data_dir>/exports`. The trait is what the builder, the download and the
//! purge use, so another store (an S3-compatible bucket) can be added
//! without touching them.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A place to keep export files by key (`<user id>/<export id>.zip`).
pub trait ExportStore: Send + Sync {
    /// A new, empty file for `key` (replacing one left by a failed attempt).
    fn create(&self, key: &str) -> io::Result<File>;
    /// The finished file for `key`.
    fn open(&self, key: &str) -> io::Result<File>;
    /// Deletes `key`; a missing file is not an error (the purge may repeat).
    fn remove(&self, key: &str) -> io::Result<()>;
    /// A scratch directory for `key` while it is built (the CSV parts).
    fn scratch(&self, key: &str) -> io::Result<PathBuf>;
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

    /// The file for `key`. Keys are made by `exports` from two UUIDs; one
    /// with anything but `[0-9a-f-]`, one `/` and `.zip` is refused.
    fn path(&self, key: &str) -> io::Result<PathBuf> {
        let ok = key.split_once('/').is_some_and(|(dir, file)| {
            let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
            plain(dir) && file.strip_suffix(".zip").is_some_and(plain)
        });
        if !ok {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad export key"));
        }
        Ok(self.root.join(key))
    }
}

fn parent(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(())
}

impl ExportStore for LocalStore {
    fn create(&self, key: &str) -> io::Result<File> {
        let path = self.path(key)?;
        parent(&path)?;
        File::create(path)
    }

    fn open(&self, key: &str) -> io::Result<File> {
        File::open(self.path(key)?)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        let path = self.path(key)?;
        let _ = std::fs::remove_dir_all(path.with_extension("parts"));
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn scratch(&self, key: &str) -> io::Result<PathBuf> {
        let dir = self.path(key)?.with_extension("parts");
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
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
