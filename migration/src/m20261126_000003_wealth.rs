//! Wealth: assets and liabilities (one table, `side` tells which) with their
//! dated values, loans with their recorded payments. Money columns are BIGINT
//! ten-thousandths (ADR 0001); the loan's annual rate is decimal text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FinHoldings {
    Table,
    Id,
    TenantId,
    Side,
    Kind,
    Name,
    Currency,
    Notes,
    Archived,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FinHoldingValues {
    Table,
    Id,
    TenantId,
    HoldingId,
    Date,
    Value,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FinLoans {
    Table,
    Id,
    TenantId,
    Direction,
    Counterparty,
    Currency,
    Principal,
    AnnualRate,
    TermMonths,
    StartDate,
    Frequency,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FinLoanPayments {
    Table,
    Id,
    TenantId,
    LoanId,
    Date,
    Amount,
    PrincipalPart,
    InterestPart,
    TransactionId,
    CreatedBy,
    CreatedAt,
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
        m.create_table(
            Table::create()
                .table(FinHoldings::Table)
                .col(pk_uuid(FinHoldings::Id))
                .col(uuid(FinHoldings::TenantId))
                // `asset` or `liability`.
                .col(string_len(FinHoldings::Side, 16))
                .col(string_len(FinHoldings::Kind, 32))
                .col(text(FinHoldings::Name))
                .col(string_len(FinHoldings::Currency, 3))
                .col(text_null(FinHoldings::Notes))
                .col(boolean(FinHoldings::Archived))
                .col(timestamp_with_time_zone(FinHoldings::CreatedAt))
                .col(timestamp_with_time_zone(FinHoldings::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_holdings_tenant",
                    (FinHoldings::Table, FinHoldings::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_holdings_tenant",
            FinHoldings::Table,
            vec![FinHoldings::TenantId.into_iden(), FinHoldings::Side.into_iden()],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinHoldingValues::Table)
                .col(pk_uuid(FinHoldingValues::Id))
                .col(uuid(FinHoldingValues::TenantId))
                .col(uuid(FinHoldingValues::HoldingId))
                .col(date(FinHoldingValues::Date))
                .col(big_integer(FinHoldingValues::Value))
                .col(uuid(FinHoldingValues::CreatedBy))
                .col(timestamp_with_time_zone(FinHoldingValues::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_holding_values_tenant",
                    (FinHoldingValues::Table, FinHoldingValues::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_fin_holding_values_holding",
                    (FinHoldingValues::Table, FinHoldingValues::HoldingId),
                    (FinHoldings::Table, FinHoldings::Id),
                ))
                .to_owned(),
        )
        .await?;
        // One value per holding per date (recording again replaces it).
        m.create_index(
            index(
                "ux_fin_holding_values_date",
                FinHoldingValues::Table,
                vec![
                    FinHoldingValues::HoldingId.into_iden(),
                    FinHoldingValues::Date.into_iden(),
                ],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_holding_values_tenant",
            FinHoldingValues::Table,
            vec![
                FinHoldingValues::TenantId.into_iden(),
                FinHoldingValues::Date.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinLoans::Table)
                .col(pk_uuid(FinLoans::Id))
                .col(uuid(FinLoans::TenantId))
                // `borrowed` or `lent`.
                .col(string_len(FinLoans::Direction, 16))
                .col(text(FinLoans::Counterparty))
                .col(string_len(FinLoans::Currency, 3))
                .col(big_integer(FinLoans::Principal))
                .col(string_len(FinLoans::AnnualRate, 32))
                .col(integer(FinLoans::TermMonths))
                .col(date(FinLoans::StartDate))
                .col(string_len(FinLoans::Frequency, 16))
                .col(text_null(FinLoans::Notes))
                .col(timestamp_with_time_zone(FinLoans::CreatedAt))
                .col(timestamp_with_time_zone(FinLoans::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_loans_tenant",
                    (FinLoans::Table, FinLoans::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_loans_tenant",
            FinLoans::Table,
            vec![FinLoans::TenantId.into_iden()],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FinLoanPayments::Table)
                .col(pk_uuid(FinLoanPayments::Id))
                .col(uuid(FinLoanPayments::TenantId))
                .col(uuid(FinLoanPayments::LoanId))
                .col(date(FinLoanPayments::Date))
                .col(big_integer(FinLoanPayments::Amount))
                .col(big_integer(FinLoanPayments::PrincipalPart))
                .col(big_integer(FinLoanPayments::InterestPart))
                .col(uuid_null(FinLoanPayments::TransactionId))
                .col(uuid(FinLoanPayments::CreatedBy))
                .col(timestamp_with_time_zone(FinLoanPayments::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_fin_loan_payments_tenant",
                    (FinLoanPayments::Table, FinLoanPayments::TenantId),
                    (Tenants::Table, Tenants::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_fin_loan_payments_loan",
                    (FinLoanPayments::Table, FinLoanPayments::LoanId),
                    (FinLoans::Table, FinLoans::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_fin_loan_payments_loan",
            FinLoanPayments::Table,
            vec![
                FinLoanPayments::LoanId.into_iden(),
                FinLoanPayments::Date.into_iden(),
            ],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            FinLoanPayments::Table.into_iden(),
            FinLoans::Table.into_iden(),
            FinHoldingValues::Table.into_iden(),
            FinHoldings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
