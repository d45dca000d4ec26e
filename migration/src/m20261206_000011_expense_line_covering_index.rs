//! The expense list reads each expense's line for the person looking (what
//! they paid and owe). `ix_lines_expense_member` found the line and then read
//! the table row for `paid` and `owed`; carrying both in the index makes it an
//! index-only read (PostgreSQL `INCLUDE`; SQLite covers with key columns).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "ix_lines_expense_member";

fn create(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "CREATE INDEX ix_lines_expense_member ON group_expense_lines (expense_id, member_id) INCLUDE (paid, owed)"
        }
        _ => {
            "CREATE INDEX ix_lines_expense_member ON group_expense_lines (expense_id, member_id, paid, owed)"
        }
    }
}

/// Drop and create in one call, so both run on one pooled connection: on
/// SQLite a second connection can still hold the schema from before the drop
/// and refuse the create ("already exists").
async fn replace(m: &SchemaManager<'_>, create: &str) -> Result<(), DbErr> {
    m.get_connection()
        .execute_unprepared(&format!("DROP INDEX {OLD}; {create}"))
        .await
        .map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        replace(m, create(m.get_database_backend())).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        replace(
            m,
            "CREATE INDEX ix_lines_expense_member ON group_expense_lines (expense_id, member_id)",
        )
        .await
    }
}
