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
