//! Settlements become correctable (ADR 0017): a `version` for `If-Match`, a
//! `deleted_at` tombstone that a restore clears, and `updated_at`. The finance
//! record a settlement paid through an account already points back at it
//! (`fin_transactions.social_id`), and its history is the activity log
//! (`social_activity.subject_id`, indexed), so neither needs a new table.
//! An index on (tenant, date, id) serves the settlements list, newest first.
//!
//! SQLite adds one column per `ALTER TABLE` and only with a constant default,
//! so `updated_at` starts at a fixed instant and is then set to `created_at`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Settlements {
    Table,
    TenantId,
    Date,
    Id,
    Version,
    DeletedAt,
    UpdatedAt,
}

const INDEX: &str = "ix_settlements_tenant_date";

async fn add_column(m: &SchemaManager<'_>, col: ColumnDef) -> Result<(), DbErr> {
    let mut col = col;
    m.alter_table(
        Table::alter()
            .table(Settlements::Table)
            .add_column(&mut col)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_column(m, integer(Settlements::Version).default(1).to_owned()).await?;
        add_column(m, timestamp_with_time_zone_null(Settlements::DeletedAt)).await?;
        add_column(
            m,
            timestamp_with_time_zone(Settlements::UpdatedAt)
                .default("1970-01-01 00:00:00+00:00")
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("UPDATE settlements SET updated_at = created_at")
            .await?;
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(Settlements::Table)
                .col(Settlements::TenantId)
                .col(Settlements::Date)
                .col(Settlements::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(INDEX).table(Settlements::Table).to_owned())
            .await?;
        for col in [
            Settlements::UpdatedAt,
            Settlements::DeletedAt,
            Settlements::Version,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Settlements::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
