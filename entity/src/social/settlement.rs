use super::{ExpenseGroupId, GroupMemberId, PeerDebtId, SettlementId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Method {
    #[sea_orm(string_value = "cash")]
    Cash,
    #[sea_orm(string_value = "bank_transfer")]
    BankTransfer,
    #[sea_orm(string_value = "upi")]
    Upi,
    #[sea_orm(string_value = "card")]
    Card,
    #[sea_orm(string_value = "other")]
    Other,
}

/// A payment between people: against a peer debt, or between two members of a group.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "settlements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: SettlementId,
    pub tenant_id: TenantId,
    pub group_id: Option<ExpenseGroupId>,
    pub peer_debt_id: Option<PeerDebtId>,
    pub from_member_id: Option<GroupMemberId>,
    pub to_member_id: Option<GroupMemberId>,
    pub amount: i64,
    pub currency: String,
    pub method: Method,
    pub date: TimeDate,
    pub notes: Option<String>,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    /// Increases with every change (delete, restore); the ETag.
    pub version: i32,
    /// A deleted settlement counts nowhere until it is restored.
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
