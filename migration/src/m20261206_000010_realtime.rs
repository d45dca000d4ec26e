//! Wake-ups instead of polling (issue 12, ADR 0021):
//!
//! - `realtime_signals`: the embedded default's bus. Without Redis or
//!   PostgreSQL there is no pub/sub, so a process publishes a signal ("these
//!   people have new notifications", "this person signed out") as a row and
//!   each web process reads the new rows with one query per interval, however
//!   many streams it serves. Rows are purged after a day.
//! - On PostgreSQL, a statement trigger on `outbox` sends `NOTIFY
//!   hisaab_outbox` when events are written: delivered at commit, it wakes
//!   the workers' dispatchers at once instead of at their next poll, whichever
//!   code path wrote the event.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RealtimeSignals {
    Table,
    Id,
    Payload,
    CreatedAt,
}

const CREATE_TRIGGER: &str = "
CREATE OR REPLACE FUNCTION hisaab_outbox_wake() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('hisaab_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER outbox_wake AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION hisaab_outbox_wake();
";

const DROP_TRIGGER: &str = "
DROP TRIGGER IF EXISTS outbox_wake ON outbox;
DROP FUNCTION IF EXISTS hisaab_outbox_wake();
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RealtimeSignals::Table)
                .col(pk_auto(RealtimeSignals::Id))
                .col(text(RealtimeSignals::Payload))
                .col(timestamp_with_time_zone(RealtimeSignals::CreatedAt))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            m.get_connection().execute_unprepared(CREATE_TRIGGER).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            m.get_connection().execute_unprepared(DROP_TRIGGER).await?;
        }
        m.drop_table(Table::drop().table(RealtimeSignals::Table).to_owned())
            .await
    }
}
