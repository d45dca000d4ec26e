//! The schema: every migration goes down and up again on the backend under
//! test, and the binaries refuse a schema that is behind unless told to migrate.

use hisaab_migration::{Migrator, MigratorTrait};
use hisaab_service::db;
use hisaab_service::testkit::TestDb;

#[tokio::test]
async fn a_schema_that_is_behind_is_refused_unless_auto_migrating() {
    let db_handle = TestDb::new().await;
    let conn = db::connect(&db_handle.url, 2).await.unwrap();
    // The test database is fully migrated: roll the newest migration back.
    Migrator::down(&conn, Some(1)).await.unwrap();
    let err = db::ensure_schema(&conn, false).await.unwrap_err();
    let message = err.to_string();
    assert!(message.contains("hisaab-migrate up"), "{message}");
    assert!(message.contains("1 pending"), "{message}");
    db::ensure_schema(&conn, true).await.unwrap();
    db::ensure_schema(&conn, false).await.unwrap();
}

#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    let db_handle = TestDb::new().await;
    let conn = db::connect(&db_handle.url, 2).await.unwrap();
    let all = Migrator::migrations().len() as u32;
    Migrator::down(&conn, Some(all)).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&conn).await.unwrap().len() as u32,
        all
    );
    Migrator::up(&conn, None).await.unwrap();
    assert!(Migrator::get_pending_migrations(&conn).await.unwrap().is_empty());
}

/// The expand/contract rule (docs/SUPPORT.md): a release runs on the schema of
/// the next one, whose migrations it has no file for, with or without
/// auto-migration; it still refuses a schema missing one of its own.
#[tokio::test]
async fn a_schema_that_is_ahead_is_accepted() {
    use sea_orm::ConnectionTrait;
    let db_handle = TestDb::new().await;
    let conn = db::connect(&db_handle.url, 2).await.unwrap();
    conn.execute_unprepared(
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29991231_000001_from_a_newer_release', 0)",
    )
    .await
    .unwrap();
    let status = db::schema_status(&conn).await.unwrap();
    assert!(status.pending.is_empty(), "{status:?}");
    assert_eq!(status.ahead, ["m29991231_000001_from_a_newer_release"]);
    db::ensure_schema(&conn, false).await.unwrap();
    db::ensure_schema(&conn, true).await.unwrap();

    // One of its own missing (the row taken out by hand: `down` refuses a
    // table with rows it has no file for).
    let newest = Migrator::migrations().last().unwrap().name().to_string();
    conn.execute_unprepared(&format!(
        "DELETE FROM seaql_migrations WHERE version = '{newest}'"
    ))
    .await
    .unwrap();
    let err = db::ensure_schema(&conn, false).await.unwrap_err();
    assert!(err.to_string().contains("1 pending"), "{err}");
}

/// On a SQLite file, a write waits for another process's write lock (the
/// worker's) in `begin_write`'s own short steps, and goes ahead once it is
/// free, instead of failing or sleeping in SQLite's busy handler (ADR 0028).
#[tokio::test]
async fn a_sqlite_write_waits_for_another_connections_lock() {
    use hisaab_service::effects::Effects;
    use sea_orm::{ConnectionTrait, TransactionTrait};
    if !matches!(
        hisaab_service::testkit::backend(),
        hisaab_service::testkit::Backend::Sqlite
    ) {
        return;
    }
    let db_handle = TestDb::new().await;
    let app = db::connect(&db_handle.url, 2).await.unwrap();
    // Another process's connection, holding the write lock for 300 ms.
    let other = sea_orm::Database::connect(db_handle.url.clone()).await.unwrap();
    other
        .execute_unprepared("CREATE TABLE lock_probe (n INTEGER)")
        .await
        .unwrap();
    let held = other.begin().await.unwrap();
    held.execute_unprepared("INSERT INTO lock_probe (n) VALUES (1)")
        .await
        .unwrap();
    let release = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        held.commit().await.unwrap();
    });
    let started = std::time::Instant::now();
    let tx = db::begin_write(&app).await.unwrap();
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(250),
        "it waited for the lock"
    );
    tx.execute_unprepared("INSERT INTO lock_probe (n) VALUES (2)")
        .await
        .unwrap();
    tx.commit(&Effects::system(time::macros::datetime!(2026-11-25 12:00 UTC)))
        .await
        .unwrap();
    release.await.unwrap();
    let rows = app
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT n FROM lock_probe ORDER BY n",
        ))
        .await
        .unwrap();
    let ns: Vec<i32> = rows.iter().map(|r| r.try_get_by_index(0).unwrap()).collect();
    assert_eq!(ns, [1, 2]);
}

/// On a SQLite file, checkpoints run beside the one writer connection and
/// the writer's own only every 8,000 pages, yet the WAL starts over and
/// stays bounded under a steady stream of writes (ADR 0028).
#[tokio::test]
async fn sqlite_checkpoints_keep_the_wal_bounded_under_steady_writes() {
    use hisaab_service::effects::Effects;
    use sea_orm::{ConnectionTrait, Statement};
    if !matches!(
        hisaab_service::testkit::backend(),
        hisaab_service::testkit::Backend::Sqlite
    ) {
        return;
    }
    let db_handle = TestDb::new().await;
    let conn = db::connect(&db_handle.url, 4).await.unwrap();
    conn.execute_unprepared("CREATE TABLE wal_probe (id INTEGER PRIMARY KEY, body BLOB)")
        .await
        .unwrap();
    let now = time::macros::datetime!(2026-11-25 12:00 UTC);
    async fn pragma(tx: &db::WriteTx, name: &str) -> i64 {
        let stmt = Statement::from_string(sea_orm::DbBackend::Sqlite, format!("PRAGMA {name}"));
        let row = tx.query_one_raw(stmt).await.unwrap().unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }
    for i in 0..5_000 {
        let tx = db::begin_write(&conn).await.unwrap();
        if i == 0 {
            assert_eq!(pragma(&tx, "wal_autocheckpoint").await, 8_000);
            assert_eq!(pragma(&tx, "busy_timeout").await, 0, "begin_write waits itself");
        }
        // Four pages a commit: 20,000 pages (80 MB) of WAL if nothing checkpointed.
        tx.execute_unprepared(&format!(
            "INSERT OR REPLACE INTO wal_probe (id, body) VALUES ({a}, randomblob(3000)), ({b}, randomblob(3000)), \
             ({c}, randomblob(3000)), ({d}, randomblob(3000))",
            a = i % 40,
            b = 40 + i % 40,
            c = 80 + i % 40,
            d = 120 + i % 40
        ))
        .await
        .unwrap();
        tx.commit(&Effects::system(now)).await.unwrap();
    }
    let file = db_handle
        .url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let wal = std::fs::metadata(format!("{file}-wal")).unwrap().len();
    assert!(wal < 40 * 1024 * 1024, "the WAL grew to {wal} bytes");
}

/// A write's effects reach the database in one round trip (one script on
/// SQLite, one statement on PostgreSQL: `db::execute_together`), each row
/// with its own values, however the statements number their placeholders.
#[tokio::test]
async fn a_writes_effects_land_together_each_with_its_own_values() {
    use hisaab_service::effects::Effects;
    use hisaab_service::outbox::Event;
    use sea_orm::{ConnectionTrait, Statement};
    let db_handle = TestDb::new().await;
    let conn = db::connect(&db_handle.url, 2).await.unwrap();
    let now = time::macros::datetime!(2026-11-25 12:00 UTC);
    let tx = db::begin_write(&conn).await.unwrap();
    let mut effects = Effects::system(now);
    effects
        .audit("probe.first", serde_json::json!({ "n": 1 }))
        .audit("probe.second", serde_json::json!({ "n": 2 }))
        .outbox(
            None,
            Event::Domain {
                event_type: "probe.third".into(),
                // Someone to notify: a revision bump, numbered placeholders, last.
                notify: vec![uuid::Uuid::now_v7()],
                data: serde_json::json!({ "n": 3 }),
            },
        )
        .audit("probe.fourth", serde_json::json!({ "n": 4 }));
    tx.commit(&effects).await.unwrap();

    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT action, details FROM audit_log WHERE action LIKE 'probe.%' ORDER BY action",
        ))
        .await
        .unwrap();
    let audit: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "action").unwrap(),
                r.try_get("", "details").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        audit,
        [
            ("probe.first".to_string(), r#"{"n":1}"#.to_string()),
            ("probe.fourth".to_string(), r#"{"n":4}"#.to_string()),
            ("probe.second".to_string(), r#"{"n":2}"#.to_string()),
        ]
    );
    let outbox = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT payload FROM outbox WHERE event_type = 'probe.third'",
        ))
        .await
        .unwrap()
        .unwrap();
    let payload: String = outbox.try_get("", "payload").unwrap();
    assert!(payload.contains(r#""n":3"#), "{payload}");
}
