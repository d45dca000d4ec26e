use super::{LoanId, LoanPaymentId, TransactionId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_loan_payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: LoanPaymentId,
    pub tenant_id: TenantId,
    pub loan_id: LoanId,
    pub date: TimeDate,
    /// Ten-thousandths: `principal_part + interest_part`.
    pub amount: i64,
    pub principal_part: i64,
    pub interest_part: i64,
    /// The account transaction recorded with the payment, if any.
    pub transaction_id: Option<TransactionId>,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
