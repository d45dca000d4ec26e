//! Personal finance: accounts, categories, transactions (+ edit history),
//! transfers, exchange rates and the per-account monthly rollup.
//! Money columns are BIGINT ten-thousandths (ADR 0001); rates are decimal text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FinSetup {
    Table,
    TenantId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinAccounts {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    Currency,
    OpeningBalance,
    OpeningDate,
    Archived,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FinCategories {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    ParentId,
    Color,
    Icon,
    Archived,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinTransactions {
    Table,
    Id,
    TenantId,
    AccountId,
    Kind,
    Amount,
    Delta,
    Currency,
    Date,
    Description,
    Payee,
    CategoryId,
    Tags,
    Notes,
    TransferId,
    ReversesId,
    ReversedById,
    CorrectsId,
    CorrectedById,
    Reason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FinTransactionEdits {
    Table,
    Id,
    TenantId,
    TransactionId,
    UserId,
    Changes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinTransfers {
    Table,
    Id,
    TenantId,
    FromAccountId,
    ToAccountId,
    FromTransactionId,
    ToTransactionId,
    FromAmount,
    ToAmount,
    Rate,
    Date,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinExchangeRates {
    Table,
    Id,
    TenantId,
    Date,
    FromCurrency,
    ToCurrency,
    Rate,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinAccountMonthTotals {
    Table,
    TenantId,
    AccountId,
    Month,
    Income,
    Expense,
    NetChange,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One row per tenant once its default categories exist (race-safe lazy setup).
        m.create_table(
            Table::create()
                .table(FinSetup::Table)
                .col(uuid(FinSetup::TenantId).primary_key())
                .col(timestamp_with_time_zone(FinSetup::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_setup_tenant",
                    (FinSetup::Table, FinSetup::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(FinAccounts::Table)
                .col(pk_uuid(FinAccounts::Id))
                .col(uuid(FinAccounts::TenantId))
                .col(text(FinAccounts::Name))
                .col(string_len(FinAccounts::Kind, 16))
                .col(string_len(FinAccounts::Currency, 3))
                .col(big_integer(FinAccounts::OpeningBalance))
                .col(date(FinAccounts::OpeningDate))
                .col(boolean(FinAccounts::Archived))
                .col(text_null(FinAccounts::Notes))
                .col(timestamp_with_time_zone(FinAccounts::CreatedAt))
                .col(timestamp_with_time_zone(FinAccounts::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_accounts_tenant",
                    (FinAccounts::Table, FinAccounts::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_accounts_tenant",
            FinAccounts::Table,
            vec![
                FinAccounts::TenantId.into_iden(),
                FinAccounts::Archived.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinCategories::Table)
                .col(pk_uuid(FinCategories::Id))
                .col(uuid(FinCategories::TenantId))
                .col(text(FinCategories::Name))
                .col(string_len(FinCategories::Kind, 16))
                .col(uuid_null(FinCategories::ParentId))
                .col(string_len_null(FinCategories::Color, 7))
                .col(string_len_null(FinCategories::Icon, 32))
                .col(boolean(FinCategories::Archived))
                .col(timestamp_with_time_zone(FinCategories::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_categories_tenant",
                    (FinCategories::Table, FinCategories::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_categories_tenant",
            FinCategories::Table,
            vec![
                FinCategories::TenantId.into_iden(),
                FinCategories::Kind.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinTransactions::Table)
                .col(pk_uuid(FinTransactions::Id))
                .col(uuid(FinTransactions::TenantId))
                .col(uuid(FinTransactions::AccountId))
                .col(string_len(FinTransactions::Kind, 16))
                // Kind-relative amount: positive for a record, negative for its reversal.
                .col(big_integer(FinTransactions::Amount))
                // Signed effect on the account balance.
                .col(big_integer(FinTransactions::Delta))
                .col(string_len(FinTransactions::Currency, 3))
                .col(date(FinTransactions::Date))
                .col(text(FinTransactions::Description))
                .col(text_null(FinTransactions::Payee))
                .col(uuid_null(FinTransactions::CategoryId))
                // `|tag|tag|` so a tag filter is one LIKE.
                .col(text(FinTransactions::Tags))
                .col(text_null(FinTransactions::Notes))
                .col(uuid_null(FinTransactions::TransferId))
                .col(uuid_null(FinTransactions::ReversesId))
                .col(uuid_null(FinTransactions::ReversedById))
                .col(uuid_null(FinTransactions::CorrectsId))
                .col(uuid_null(FinTransactions::CorrectedById))
                .col(text_null(FinTransactions::Reason))
                .col(uuid(FinTransactions::CreatedBy))
                .col(timestamp_with_time_zone(FinTransactions::CreatedAt))
                .col(timestamp_with_time_zone(FinTransactions::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_tx_tenant",
                    (FinTransactions::Table, FinTransactions::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_fin_tx_account",
                    (FinTransactions::Table, FinTransactions::AccountId),
                    (FinAccounts::Table, FinAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        // Keyset pagination (date desc, id desc) per tenant and per account.
        m.create_index(index(
            "ix_fin_tx_tenant_date",
            FinTransactions::Table,
            vec![
                FinTransactions::TenantId.into_iden(),
                FinTransactions::Date.into_iden(),
                FinTransactions::Id.into_iden(),
            ],
        ))
        .await?;
        m.create_index(index(
            "ix_fin_tx_account_date",
            FinTransactions::Table,
            vec![
                FinTransactions::TenantId.into_iden(),
                FinTransactions::AccountId.into_iden(),
                FinTransactions::Date.into_iden(),
                FinTransactions::Id.into_iden(),
            ],
        ))
        .await?;
        m.create_index(index(
            "ix_fin_tx_category_date",
            FinTransactions::Table,
            vec![
                FinTransactions::TenantId.into_iden(),
                FinTransactions::CategoryId.into_iden(),
                FinTransactions::Date.into_iden(),
                FinTransactions::Id.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinTransactionEdits::Table)
                .col(pk_uuid(FinTransactionEdits::Id))
                .col(uuid(FinTransactionEdits::TenantId))
                .col(uuid(FinTransactionEdits::TransactionId))
                .col(uuid(FinTransactionEdits::UserId))
                .col(text(FinTransactionEdits::Changes))
                .col(timestamp_with_time_zone(FinTransactionEdits::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_edits_tx",
                    (FinTransactionEdits::Table, FinTransactionEdits::TransactionId),
                    (FinTransactions::Table, FinTransactions::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_edits_tx",
            FinTransactionEdits::Table,
            vec![
                FinTransactionEdits::TransactionId.into_iden(),
                FinTransactionEdits::CreatedAt.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinTransfers::Table)
                .col(pk_uuid(FinTransfers::Id))
                .col(uuid(FinTransfers::TenantId))
                .col(uuid(FinTransfers::FromAccountId))
                .col(uuid(FinTransfers::ToAccountId))
                .col(uuid(FinTransfers::FromTransactionId))
                .col(uuid(FinTransfers::ToTransactionId))
                .col(big_integer(FinTransfers::FromAmount))
                .col(big_integer(FinTransfers::ToAmount))
                .col(text(FinTransfers::Rate))
                .col(date(FinTransfers::Date))
                .col(text(FinTransfers::Description))
                .col(timestamp_with_time_zone(FinTransfers::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_transfers_tenant",
                    (FinTransfers::Table, FinTransfers::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_transfers_tenant",
            FinTransfers::Table,
            vec![FinTransfers::TenantId.into_iden(), FinTransfers::Date.into_iden()],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinExchangeRates::Table)
                .col(pk_uuid(FinExchangeRates::Id))
                .col(uuid(FinExchangeRates::TenantId))
                .col(date(FinExchangeRates::Date))
                .col(string_len(FinExchangeRates::FromCurrency, 3))
                .col(string_len(FinExchangeRates::ToCurrency, 3))
                .col(text(FinExchangeRates::Rate))
                .col(timestamp_with_time_zone(FinExchangeRates::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_rates_tenant",
                    (FinExchangeRates::Table, FinExchangeRates::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "ux_fin_rates_pair_date",
                FinExchangeRates::Table,
                vec![
                    FinExchangeRates::TenantId.into_iden(),
                    FinExchangeRates::FromCurrency.into_iden(),
                    FinExchangeRates::ToCurrency.into_iden(),
                    FinExchangeRates::Date.into_iden(),
                ],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        // Per account per month: updated in the same transaction as every
        // transaction write; rebuildable from the records (ADR 0004).
        m.create_table(
            Table::create()
                .table(FinAccountMonthTotals::Table)
                .col(uuid(FinAccountMonthTotals::TenantId))
                .col(uuid(FinAccountMonthTotals::AccountId))
                // yyyymm, e.g. 202611.
                .col(integer(FinAccountMonthTotals::Month))
                .col(big_integer(FinAccountMonthTotals::Income))
                .col(big_integer(FinAccountMonthTotals::Expense))
                .col(big_integer(FinAccountMonthTotals::NetChange))
                .primary_key(
                    Index::create()
                        .col(FinAccountMonthTotals::AccountId)
                        .col(FinAccountMonthTotals::Month),
                )
                .foreign_key(&mut fk(
                    "fk_fin_amt_account",
                    (FinAccountMonthTotals::Table, FinAccountMonthTotals::AccountId),
                    (FinAccounts::Table, FinAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_amt_tenant_month",
            FinAccountMonthTotals::Table,
            vec![
                FinAccountMonthTotals::TenantId.into_iden(),
                FinAccountMonthTotals::Month.into_iden(),
            ],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FinAccountMonthTotals::Table.into_iden(),
            FinExchangeRates::Table.into_iden(),
            FinTransfers::Table.into_iden(),
            FinTransactionEdits::Table.into_iden(),
            FinTransactions::Table.into_iden(),
            FinCategories::Table.into_iden(),
            FinAccounts::Table.into_iden(),
            FinSetup::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
