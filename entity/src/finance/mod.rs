//! Personal finance tables (one module per table) and their ids.

pub mod account;
pub mod account_month_total;
pub mod category;
pub mod exchange_rate;
pub mod holding;
pub mod holding_value;
pub mod loan;
pub mod loan_payment;
pub mod setup;
pub mod transaction;
pub mod transaction_edit;
pub mod transfer;

crate::uuid_id!(
    AccountId,
    CategoryId,
    TransactionId,
    TransactionEditId,
    TransferId,
    ExchangeRateId,
    HoldingId,
    HoldingValueId,
    LoanId,
    LoanPaymentId
);

use sea_orm::entity::prelude::*;

/// Income or expense (categories and transactions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FlowKind {
    #[sea_orm(string_value = "income")]
    Income,
    #[sea_orm(string_value = "expense")]
    Expense,
}
