//! Data imports (issue 14, ADR 0027):
//!
//! - `imports`: one uploaded file, its preview (JSON, computed on upload)
//!   and whether it was confirmed. `file_sha256` with `account_id` makes a
//!   bank file idempotent per account: the same file for the same account
//!   answers the earlier import.
//! - `bank_import_mappings`: the column mapping last used for an account,
//!   offered again next time.

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    TenantId,
    UserId,
    Kind,
    State,
    FileSha256,
    AccountId,
    Preview,
    Result,
    CreatedAt,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum BankImportMappings {
    Table,
    AccountId,
    TenantId,
    Mapping,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FinAccounts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Imports::Table)
                .col(pk_uuid(Imports::Id))
                .col(uuid(Imports::TenantId))
                .col(uuid(Imports::UserId))
                .col(string_len(Imports::Kind, 16))
                .col(string_len(Imports::State, 16))
                .col(string_len(Imports::FileSha256, 64))
                .col(uuid_null(Imports::AccountId))
                .col(text(Imports::Preview))
                .col(text_null(Imports::Result))
                .col(timestamp_with_time_zone(Imports::CreatedAt))
                .col(timestamp_with_time_zone_null(Imports::ConfirmedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_imports_tenant",
                    (Imports::Table, Imports::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    "fk_imports_user",
                    (Imports::Table, Imports::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk_cascade(
                    "fk_imports_account",
                    (Imports::Table, Imports::AccountId),
                    (FinAccounts::Table, FinAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        // An upload looks for the same file already imported into the account.
        m.create_index(
            Index::create()
                .name("ix_imports_file")
                .table(Imports::Table)
                .col(Imports::TenantId)
                .col(Imports::FileSha256)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BankImportMappings::Table)
                .col(pk_uuid(BankImportMappings::AccountId))
                .col(uuid(BankImportMappings::TenantId))
                .col(text(BankImportMappings::Mapping))
                .col(timestamp_with_time_zone(BankImportMappings::UpdatedAt))
                .foreign_key(&mut fk_cascade(
                    "fk_bank_import_mappings_account",
                    (BankImportMappings::Table, BankImportMappings::AccountId),
                    (FinAccounts::Table, FinAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(BankImportMappings::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Imports::Table).to_owned()).await
    }
}
