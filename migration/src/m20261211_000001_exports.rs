//! Data exports (issue 14, ADR 0025): one row per export a person asked for.
//!
//! `state` is `queued`, `running`, `ready` or `failed` (`expired` is read
//! from `expires_at`, never stored). `file_key` names the finished zip in the
//! export store (a path under the data dir), `size_bytes` its size;
//! `expires_at` is seven days after it became ready, when the hourly
//! retention purge deletes the file and the row. Indexed by person (their
//! list) and by expiry (the purge).

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Exports {
    Table,
    Id,
    TenantId,
    UserId,
    State,
    FileKey,
    SizeBytes,
    Error,
    CreatedAt,
    StartedAt,
    FinishedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const BY_USER: &str = "ix_exports_user";
const BY_EXPIRY: &str = "ix_exports_expires_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Exports::Table)
                .col(uuid(Exports::Id).primary_key())
                .col(uuid(Exports::TenantId))
                .col(uuid(Exports::UserId))
                .col(string_len(Exports::State, 16))
                .col(text_null(Exports::FileKey))
                .col(big_integer_null(Exports::SizeBytes))
                .col(text_null(Exports::Error))
                .col(timestamp_with_time_zone(Exports::CreatedAt))
                .col(timestamp_with_time_zone_null(Exports::StartedAt))
                .col(timestamp_with_time_zone_null(Exports::FinishedAt))
                .col(timestamp_with_time_zone_null(Exports::ExpiresAt))
                .foreign_key(&mut fk_cascade(
                    "fk_exports_user",
                    (Exports::Table, Exports::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(BY_USER)
                .table(Exports::Table)
                .col(Exports::UserId)
                .col(Exports::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(BY_EXPIRY)
                .table(Exports::Table)
                .col(Exports::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Exports::Table).to_owned()).await
    }
}
