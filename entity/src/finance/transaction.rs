use super::{AccountId, CategoryId, FlowKind, TransactionId, TransferId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_transactions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TransactionId,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub kind: FlowKind,
    /// Kind-relative, ten-thousandths: positive for a record, negative for a reversal.
    pub amount: i64,
    /// Signed effect on the account balance, ten-thousandths.
    pub delta: i64,
    pub currency: String,
    pub date: TimeDate,
    pub description: String,
    pub payee: Option<String>,
    pub category_id: Option<CategoryId>,
    /// `|a|b|`, or empty.
    pub tags: String,
    pub notes: Option<String>,
    pub transfer_id: Option<TransferId>,
    pub reverses_id: Option<TransactionId>,
    pub reversed_by_id: Option<TransactionId>,
    pub corrects_id: Option<TransactionId>,
    pub corrected_by_id: Option<TransactionId>,
    pub reason: Option<String>,
    /// The debt, group expense or settlement that made this record (one ledger).
    pub social_id: Option<Uuid>,
    /// Money that only moved between people (a loan, a receivable, a
    /// repayment): it moves the balance but is neither income nor expense.
    pub outside_flow: bool,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
