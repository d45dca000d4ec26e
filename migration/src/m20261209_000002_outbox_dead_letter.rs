//! Dead-lettered outbox events: `outbox.dead_at` is set when an event has
//! failed `outbox::DEAD_AFTER_ATTEMPTS` times. Such an event is never claimed
//! again until staff retry it from the console (`/jobs`), which clears it.
//! No index: dead events are few, and every query that looks for them also
//! filters on `dispatched_at IS NULL` (`ix_outbox_pending`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    DeadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(timestamp_with_time_zone_null(Outbox::DeadAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .drop_column(Outbox::DeadAt)
                .to_owned(),
        )
        .await
    }
}
