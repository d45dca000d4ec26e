//! The console's user page lists a person's group expenses across all their
//! groups, newest first, in keyset pages on `(date, id)`. The table had an
//! index only by group; this one serves the whole tenant:
//!
//! - `ix_expenses_tenant_date`: one tenant's expenses by date, then id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupExpenses {
    Table,
    TenantId,
    Date,
    Id,
}

const TENANT_DATE: &str = "ix_expenses_tenant_date";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(TENANT_DATE)
                .table(GroupExpenses::Table)
                .col(GroupExpenses::TenantId)
                .col(GroupExpenses::Date)
                .col(GroupExpenses::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(TENANT_DATE)
                .table(GroupExpenses::Table)
                .to_owned(),
        )
        .await
    }
}
