//! Deleting an account (issue 14):
//!
//! - `account_deletions`: one row per account whose owner asked for it to be
//!   deleted: when they asked and when the grace period ends (`erase_after`,
//!   indexed: the worker's hourly retention run looks for the due ones).
//!   Signing in during the grace period deletes the row (the deletion is
//!   cancelled). Goes with the user.
//! - `account_erasures`: the record that an account was erased: the user's
//!   id (a random UUID, which names no one once the account is pseudonymised),
//!   when it was asked for and when it was done. No personal data, and no
//!   foreign key: it outlives everything else about the account.

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccountDeletions {
    Table,
    UserId,
    RequestedAt,
    EraseAfter,
}

#[derive(DeriveIden)]
enum AccountErasures {
    Table,
    Id,
    UserId,
    RequestedAt,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const DUE: &str = "ix_account_deletions_erase_after";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AccountDeletions::Table)
                .col(uuid(AccountDeletions::UserId).primary_key())
                .col(timestamp_with_time_zone(AccountDeletions::RequestedAt))
                .col(timestamp_with_time_zone(AccountDeletions::EraseAfter))
                .foreign_key(&mut fk_cascade(
                    "fk_account_deletions_user",
                    (AccountDeletions::Table, AccountDeletions::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(DUE)
                .table(AccountDeletions::Table)
                .col(AccountDeletions::EraseAfter)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AccountErasures::Table)
                .col(uuid(AccountErasures::Id).primary_key())
                .col(uuid(AccountErasures::UserId).unique_key())
                .col(timestamp_with_time_zone(AccountErasures::RequestedAt))
                .col(timestamp_with_time_zone(AccountErasures::ErasedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AccountErasures::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AccountDeletions::Table).to_owned())
            .await
    }
}
