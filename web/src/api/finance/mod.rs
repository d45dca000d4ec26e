//! `/api/v1/finance`: personal finance for mobile clients and scripts. Each
//! handler parses, calls one `hisaab_service::finance` function and builds the
//! wire types defined next to it (one file per resource).

mod accounts;
mod categories;
mod holdings;
mod loans;
mod net_worth;
mod rates;
mod reports;
mod transactions;
mod transfers;

use poem_openapi::Tags;
use time::OffsetDateTime;

pub type Apis = (
    accounts::AccountsApi,
    categories::CategoriesApi,
    transactions::TransactionsApi,
    transfers::TransfersApi,
    rates::RatesApi,
    reports::ReportsApi,
    holdings::AssetsApi,
    holdings::LiabilitiesApi,
    loans::LoansApi,
    net_worth::NetWorthApi,
);

pub fn apis() -> Apis {
    (
        accounts::AccountsApi,
        categories::CategoriesApi,
        transactions::TransactionsApi,
        transfers::TransfersApi,
        rates::RatesApi,
        reports::ReportsApi,
        holdings::AssetsApi,
        holdings::LiabilitiesApi,
        loans::LoansApi,
        net_worth::NetWorthApi,
    )
}

#[derive(Tags)]
pub(crate) enum FinanceTags {
    /// Accounts and wallets with their balances.
    Accounts,
    /// Income and expense categories.
    Categories,
    /// Income and expense records: reverse, correct, edit history.
    Transactions,
    /// Moving money between your own accounts.
    Transfers,
    /// Exchange rates you record, and CSV import.
    ExchangeRates,
    /// Dashboard, cash flow and finance settings.
    Reports,
    /// Assets, liabilities, loans and net worth.
    Wealth,
}

pub(crate) fn instant(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(crate) fn location(path: &str) -> String {
    format!("/api/v1/finance{path}")
}
