//! The group expense list (issue 11): a page of summaries in one statement,
//! filtered by member, date, category and description.
//!
//! - `group_expense_lines (expense_id, member_id)` replaces the index on
//!   `expense_id` alone: the viewer's own line of each listed expense ("your
//!   share") and the member filter are one index probe per expense, however
//!   many people share it.
//! - `ix_lines_payers`, partial (`paid > 0`): the payers of a page's
//!   expenses without reading every share line of a 50-person split.
//! - `group_expenses.category_id`: the expense category chosen for your share
//!   (it was only in the stored `spec`), so the list can filter by it. Filled
//!   here from the `spec` of the expenses already recorded.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupExpenses {
    Table,
    GroupId,
    CategoryId,
}

#[derive(DeriveIden)]
enum GroupExpenseLines {
    Table,
    ExpenseId,
    MemberId,
}

/// The category as typed into the stored request (validated when it was
/// saved), as each backend stores a uuid: native on PostgreSQL, 16 bytes on SQLite.
const BACKFILL_POSTGRES: &str = "UPDATE group_expenses \
    SET category_id = CAST(NULLIF(TRIM(CAST(spec AS jsonb) ->> 'category_id'), '') AS uuid) \
    WHERE spec LIKE '%\"category_id\":\"%'";
const BACKFILL_SQLITE: &str = "UPDATE group_expenses \
    SET category_id = unhex(replace(NULLIF(TRIM(json_extract(spec, '$.category_id')), ''), '-', '')) \
    WHERE spec LIKE '%\"category_id\":\"%'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_lines_expense_member")
                .table(GroupExpenseLines::Table)
                .col(GroupExpenseLines::ExpenseId)
                .col(GroupExpenseLines::MemberId)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_lines_expense")
                .table(GroupExpenseLines::Table)
                .to_owned(),
        )
        .await?;
        // The same text on both backends (sea-query writes no partial index).
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_lines_payers ON group_expense_lines (expense_id, member_id, paid) WHERE paid > 0",
            )
            .await?;

        m.alter_table(
            Table::alter()
                .table(GroupExpenses::Table)
                .add_column(uuid_null(GroupExpenses::CategoryId))
                .to_owned(),
        )
        .await?;
        let backfill = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => BACKFILL_SQLITE,
            _ => BACKFILL_POSTGRES,
        };
        m.get_connection().execute_unprepared(backfill).await?;
        m.create_index(
            Index::create()
                .name("ix_expenses_group_category")
                .table(GroupExpenses::Table)
                .col(GroupExpenses::GroupId)
                .col(GroupExpenses::CategoryId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_expenses_group_category")
                .table(GroupExpenses::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(GroupExpenses::Table)
                .drop_column(GroupExpenses::CategoryId)
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("DROP INDEX ix_lines_payers")
            .await?;
        m.create_index(
            Index::create()
                .name("ix_lines_expense")
                .table(GroupExpenseLines::Table)
                .col(GroupExpenseLines::ExpenseId)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_lines_expense_member")
                .table(GroupExpenseLines::Table)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
