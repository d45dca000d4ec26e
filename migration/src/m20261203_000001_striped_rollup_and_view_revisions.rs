//! Two changes for concurrent writes (ADR 0014):
//!
//! - `fin_account_month_totals` gains a `stripe` (0–7) in its key. A write
//!   adds to one stripe chosen at random, so concurrent records in one
//!   account-month no longer queue on one row lock until each commit's fsync;
//!   readers sum the stripes. Existing rows become stripe 0.
//! - `view_revisions`: per user, striped the same way, a counter bumped in the
//!   same transaction as every write that changes what the user sees. Its sum
//!   validates the in-process cache of derived views (dashboard, net-worth
//!   history, group balances and plans).
//!
//! SQLite cannot change a primary key in place, so the rollup table is rebuilt
//! (on both backends, one code path).

use crate::util::fk_cascade;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FinAccounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FinAccountMonthTotals {
    Table,
}

#[derive(DeriveIden)]
enum FinAmtStriped {
    Table,
    TenantId,
    AccountId,
    Month,
    Stripe,
    Income,
    Expense,
    NetChange,
}

#[derive(DeriveIden)]
enum ViewRevisions {
    Table,
    UserId,
    Stripe,
    Revision,
}

const INDEX: &str = "ix_fin_amt_tenant_month";

async fn rebuild_rollup(m: &SchemaManager<'_>, striped: bool) -> Result<(), DbErr> {
    let mut key = Index::create();
    key.col(FinAmtStriped::AccountId).col(FinAmtStriped::Month);
    let mut table = Table::create();
    table
        .table(FinAmtStriped::Table)
        .col(uuid(FinAmtStriped::TenantId))
        .col(uuid(FinAmtStriped::AccountId))
        .col(integer(FinAmtStriped::Month));
    if striped {
        table.col(small_integer(FinAmtStriped::Stripe).default(0));
        key.col(FinAmtStriped::Stripe);
    }
    table
        .col(big_integer(FinAmtStriped::Income))
        .col(big_integer(FinAmtStriped::Expense))
        .col(big_integer(FinAmtStriped::NetChange))
        .primary_key(&mut key)
        .foreign_key(&mut fk_cascade(
            if striped {
                "fk_fin_amt_account_striped"
            } else {
                "fk_fin_amt_account"
            },
            (FinAmtStriped::Table, FinAmtStriped::AccountId),
            (FinAccounts::Table, FinAccounts::Id),
        ));
    m.create_table(table.to_owned()).await?;
    let copy = if striped {
        "INSERT INTO fin_amt_striped (tenant_id, account_id, month, stripe, income, expense, net_change) \
         SELECT tenant_id, account_id, month, 0, income, expense, net_change FROM fin_account_month_totals"
    } else {
        "INSERT INTO fin_amt_striped (tenant_id, account_id, month, income, expense, net_change) \
         SELECT tenant_id, account_id, month, CAST(SUM(income) AS BIGINT), CAST(SUM(expense) AS BIGINT), \
         CAST(SUM(net_change) AS BIGINT) FROM fin_account_month_totals GROUP BY tenant_id, account_id, month"
    };
    m.get_connection().execute_unprepared(copy).await?;
    m.drop_table(Table::drop().table(FinAccountMonthTotals::Table).to_owned())
        .await?;
    m.rename_table(
        Table::rename()
            .table(FinAmtStriped::Table, FinAccountMonthTotals::Table)
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name(INDEX)
            .table(FinAccountMonthTotals::Table)
            .col(FinAmtStriped::TenantId)
            .col(FinAmtStriped::Month)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on SQLite too: the rebuild's statements must run on
    /// one connection (a pooled one may still read the old schema) and all
    /// or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rebuild_rollup(m, true).await?;
        m.create_table(
            Table::create()
                .table(ViewRevisions::Table)
                .col(uuid(ViewRevisions::UserId))
                .col(small_integer(ViewRevisions::Stripe))
                .col(big_integer(ViewRevisions::Revision))
                .primary_key(
                    Index::create()
                        .col(ViewRevisions::UserId)
                        .col(ViewRevisions::Stripe),
                )
                .foreign_key(&mut fk_cascade(
                    "fk_view_revisions_user",
                    (ViewRevisions::Table, ViewRevisions::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ViewRevisions::Table).to_owned())
            .await?;
        rebuild_rollup(m, false).await
    }
}
