//! IOU corrections (ADR 0016). `peer_debts` gains:
//!
//! - `notes` (free text, editable like the reason and the due date);
//! - `version` (1, then +1 on every change: the `ETag`) and `updated_at`;
//! - `deleted_at`: a tombstone, cleared by a restore;
//! - `replaces_id` / `replaced_by_id`: a correction writes a new debt that
//!   `replaces_id` the old one and sets the old one's `replaced_by_id`. A debt
//!   with `replaced_by_id` is reversed: it no longer counts anywhere.
//!
//! The history of a debt is its `social_activity` lines (`subject_id`), which
//! already exist; no new table. SQLite cannot add a foreign key to an existing
//! table, so the two links are plain columns on both backends (one code path),
//! written only by the service in the same transaction as the debts they name.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PeerDebts {
    Table,
    Notes,
    Version,
    DeletedAt,
    UpdatedAt,
    ReplacesId,
    ReplacedById,
}

fn columns() -> Vec<ColumnDef> {
    vec![
        text_null(PeerDebts::Notes),
        integer(PeerDebts::Version).default(1).to_owned(),
        timestamp_with_time_zone_null(PeerDebts::DeletedAt),
        timestamp_with_time_zone_null(PeerDebts::UpdatedAt),
        uuid_null(PeerDebts::ReplacesId),
        uuid_null(PeerDebts::ReplacedById),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for mut col in columns() {
            m.alter_table(
                Table::alter()
                    .table(PeerDebts::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.get_connection()
            .execute_unprepared("UPDATE peer_debts SET updated_at = created_at")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            PeerDebts::ReplacedById,
            PeerDebts::ReplacesId,
            PeerDebts::UpdatedAt,
            PeerDebts::DeletedAt,
            PeerDebts::Version,
            PeerDebts::Notes,
        ] {
            m.alter_table(Table::alter().table(PeerDebts::Table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
