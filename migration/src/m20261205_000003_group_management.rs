//! Managing groups: a member can leave or be removed (`removed_at`; their
//! past lines stay, they are no longer offered for new expenses), and a
//! group can keep a default split (`default_split`, JSON: a list of
//! `{"member_id", "percent"}` summing to 100) that pre-fills the expense form.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ExpenseGroupMembers {
    Table,
    RemovedAt,
}

#[derive(DeriveIden)]
enum ExpenseGroups {
    Table,
    DefaultSplit,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ExpenseGroupMembers::Table)
                .add_column(timestamp_with_time_zone_null(ExpenseGroupMembers::RemovedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ExpenseGroups::Table)
                .add_column(text_null(ExpenseGroups::DefaultSplit))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ExpenseGroups::Table)
                .drop_column(ExpenseGroups::DefaultSplit)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ExpenseGroupMembers::Table)
                .drop_column(ExpenseGroupMembers::RemovedAt)
                .to_owned(),
        )
        .await
    }
}
