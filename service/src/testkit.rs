//! Test fixtures: a fresh, migrated database per test on SQLite or PostgreSQL
//! (chosen by `HISAAB_TEST_DATABASE=sqlite|postgres`), a fixed clock and
//! helpers to make users. Databases are copied from a migrated template, so a
//! test pays for a file copy or a `CREATE DATABASE … TEMPLATE`, not migrations.

use crate::clock::FixedClock;
use crate::identity::{self, UserView};
use crate::settings::Settings;
use crate::{Actor, App, RequestMeta};
use hisaab_entity::user::Role;
use hisaab_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;

pub const PASSWORD: &str = "correct-horse-battery-staple";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend() -> Backend {
    match std::env::var("HISAAB_TEST_DATABASE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("HISAAB_TEST_DATABASE must be sqlite or postgres, not {other}"),
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("HISAAB_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub fn redis_url() -> String {
    std::env::var("HISAAB_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A fresh, empty bucket on the test S3 server (`HISAAB_TEST_S3_URL`, moto
/// started by `bin/test`), as the settings that keep exports in it. `None`,
/// with a notice on stderr, when the variable is unset: the caller's test
/// then skips (`bin/test` always sets it, so CI always runs them).
pub async fn s3_bucket(test: &str) -> Option<crate::settings::S3Settings> {
    use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
    let Ok(endpoint) = std::env::var("HISAAB_TEST_S3_URL") else {
        eprintln!("SKIPPED {test}: HISAAB_TEST_S3_URL is not set (bin/test starts an S3 server and sets it)");
        return None;
    };
    let settings = crate::settings::S3Settings {
        endpoint: endpoint.trim_end_matches('/').to_string(),
        bucket: format!("t-{}", uuid::Uuid::new_v4().simple()),
        region: "us-east-1".into(),
        access_key_id: "hisaab-test".into(),
        secret_access_key: crate::settings::Secret::new("hisaab-test-secret"),
        prefix: "exports/".into(),
    };
    let bucket = Bucket::new(
        settings.endpoint.parse().expect("HISAAB_TEST_S3_URL is a URL"),
        UrlStyle::Path,
        settings.bucket.clone(),
        settings.region.clone(),
    )
    .expect("test bucket");
    let credentials = Credentials::new(
        settings.access_key_id.clone(),
        settings.secret_access_key.expose(),
    );
    let url = bucket
        .create_bucket(&credentials)
        .sign(std::time::Duration::from_secs(60));
    let resp = crate::exports::s3::empty(reqwest::Client::new().put(url))
        .send()
        .await
        .expect("the test S3 server answers");
    assert!(
        resp.status().is_success(),
        "creating the test bucket: {}",
        resp.status()
    );
    Some(settings)
}

/// A name that changes whenever the list of migrations changes.
fn schema_tag() -> String {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    crate::crypto::sha256_hex(names.join(",").as_bytes())[..12].to_string()
}

/// One test's database; dropped (PostgreSQL) or deleted (SQLite) afterwards.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend() {
            Backend::Sqlite => {
                let template = sqlite_template().await;
                let path = dir.path().join("test.sqlite");
                std::fs::copy(&template, &path).expect("copy template database");
                Self {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    pg_name: None,
                    _dir: dir,
                }
            }
            Backend::Postgres => {
                let template = postgres_template().await;
                let name = format!("hisaab_t_{}", uuid::Uuid::now_v7().simple());
                let admin = Database::connect(postgres_admin_url())
                    .await
                    .expect("connect to PostgreSQL");
                // Concurrent CREATE DATABASE from one template can collide; retry briefly.
                let mut attempt = 0;
                loop {
                    let res = admin
                        .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                        .await;
                    match res {
                        Ok(_) => break,
                        Err(e) if attempt < 50 => {
                            attempt += 1;
                            tracing::debug!("create test database: {e}; retrying");
                            tokio::time::sleep(std::time::Duration::from_millis(50 + attempt * 10)).await;
                        }
                        Err(e) => panic!("cannot create test database: {e}"),
                    }
                }
                let _ = admin.close().await;
                Self {
                    url: with_database(&postgres_admin_url(), &name),
                    pg_name: Some(name),
                    _dir: dir,
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop runs inside the test's runtime; a fresh thread may block.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

async fn sqlite_template() -> PathBuf {
    let dir = std::env::temp_dir().join("hisaab-test-templates");
    std::fs::create_dir_all(&dir).expect("template dir");
    let path = dir.join(format!("{}.sqlite", schema_tag()));
    if path.exists() {
        return path;
    }
    let tmp = dir.join(format!(
        "{}.{}.{}.tmp",
        schema_tag(),
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let db = Database::connect(format!("sqlite://{}?mode=rwc", tmp.display()))
        .await
        .expect("template db");
    Migrator::up(&db, None).await.expect("migrate template");
    let _ = db.close().await;
    // Another process may have won the race; either file is a valid template.
    let _ = std::fs::rename(&tmp, &path);
    let _ = std::fs::remove_file(&tmp);
    path
}

async fn postgres_template() -> String {
    let name = format!("hisaab_tpl_{}", schema_tag());
    let admin = Database::connect(postgres_admin_url()).await.expect(
        "cannot reach PostgreSQL for tests (HISAAB_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test)",
    );
    let exists = |admin: DatabaseConnection, name: String| async move {
        let row = admin
            .query_one_raw(Statement::from_string(
                admin.get_database_backend(),
                format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"),
            ))
            .await
            .expect("query pg_database");
        (admin, row.is_some())
    };
    let (admin, found) = exists(admin, name.clone()).await;
    if found {
        let _ = admin.close().await;
        return name;
    }
    // One process builds the template; the others wait on the advisory lock.
    admin
        .execute_unprepared("SELECT pg_advisory_lock(727274)")
        .await
        .expect("advisory lock");
    let (admin, found) = exists(admin, name.clone()).await;
    if !found {
        let building = format!("{name}_building");
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .await
            .expect("drop");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {building}"))
            .await
            .expect("create template");
        let db = Database::connect(with_database(&postgres_admin_url(), &building))
            .await
            .expect("connect template");
        Migrator::up(&db, None).await.expect("migrate template");
        let _ = db.close().await;
        admin
            .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .await
            .expect("rename template");
    }
    admin
        .execute_unprepared("SELECT pg_advisory_unlock(727274)")
        .await
        .expect("advisory unlock");
    let _ = admin.close().await;
    name
}

/// An `App` on a fresh database with a fixed clock.
pub struct TestApp {
    pub app: App,
    pub clock: FixedClock,
    pub data_dir: tempfile::TempDir,
    _db: TestDb,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    pub async fn with_settings(adjust: impl FnOnce(&mut Settings)) -> Self {
        let db = TestDb::new().await;
        let data_dir = tempfile::tempdir().expect("data dir");
        let mut settings = Settings::for_tests(data_dir.path().to_path_buf());
        adjust(&mut settings);
        let conn = crate::db::connect(&db.url, 5)
            .await
            .expect("connect test database");
        let clock = FixedClock::new(datetime!(2026-11-25 12:00:00 UTC));
        let bus = crate::realtime::Bus::database(&conn);
        let app = App {
            db: conn,
            settings: Arc::new(settings),
            clock: Arc::new(clock.clone()),
            limiter: crate::ratelimit::RateLimiter::in_memory(),
            views: Default::default(),
            pages: crate::view_cache::ViewCache::pages(),
            tokens: Default::default(),
            revoked: Default::default(),
            bus,
        };
        Self {
            app,
            clock,
            data_dir,
            _db: db,
        }
    }

    /// A verified user with `PASSWORD`.
    pub async fn user(&self, email: &str) -> UserView {
        self.user_with_role(email, Role::User).await
    }

    pub async fn user_with_role(&self, email: &str, role: Role) -> UserView {
        identity::admin_create_user(&self.app, email, PASSWORD, None, role, true)
            .await
            .expect("create test user")
    }

    pub fn actor(&self, user: &UserView) -> Actor {
        user.actor(meta())
    }

    /// The test database's URL, for processes started against it.
    pub fn database_url(&self) -> &str {
        &self._db.url
    }
}

pub fn meta() -> RequestMeta {
    RequestMeta {
        ip: Some("192.0.2.1".into()),
        user_agent: Some("hisaab-tests".into()),
        request_id: Some("test-request".into()),
        api_sign_in: None,
    }
}
