//! API sign-ins (refresh-token families) become something a person can see
//! and end (ADR 0018):
//!
//! - `last_seen_at`, `ip`, `user_agent` on `refresh_token_families`, so the
//!   security settings can list API sign-ins next to web sessions. Existing
//!   families have none of them (`last_seen_at` reads as `created_at`).
//! - an index on `revoked_at`: every process reads the families revoked
//!   within the last access-token lifetime once a second, so their access
//!   tokens are refused before they expire.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RefreshTokenFamilies {
    Table,
    RevokedAt,
    LastSeenAt,
    Ip,
    UserAgent,
}

const INDEX: &str = "ix_rtf_revoked_at";

async fn add_column(m: &SchemaManager<'_>, col: ColumnDef) -> Result<(), DbErr> {
    let mut col = col;
    m.alter_table(
        Table::alter()
            .table(RefreshTokenFamilies::Table)
            .add_column(&mut col)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_column(m, timestamp_with_time_zone_null(RefreshTokenFamilies::LastSeenAt)).await?;
        add_column(m, text_null(RefreshTokenFamilies::Ip)).await?;
        add_column(m, text_null(RefreshTokenFamilies::UserAgent)).await?;
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(RefreshTokenFamilies::Table)
                .col(RefreshTokenFamilies::RevokedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(RefreshTokenFamilies::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            RefreshTokenFamilies::UserAgent,
            RefreshTokenFamilies::Ip,
            RefreshTokenFamilies::LastSeenAt,
        ] {
            m.alter_table(
                Table::alter()
                    .table(RefreshTokenFamilies::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
