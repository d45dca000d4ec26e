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
