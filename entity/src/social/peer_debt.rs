use super::{ContactId, PeerDebtId};
use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Direction {
    /// You lent: the contact owes you.
    #[sea_orm(string_value = "lent")]
    Lent,
    /// You borrowed: you owe the contact.
    #[sea_orm(string_value = "borrowed")]
    Borrowed,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "peer_debts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: PeerDebtId,
    pub tenant_id: TenantId,
    pub contact_id: ContactId,
    pub direction: Direction,
    /// Ten-thousandths of the currency unit.
    pub amount: i64,
    pub currency: String,
    pub date: TimeDate,
    pub reason: Option<String>,
    pub due_date: Option<TimeDate>,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    pub notes: Option<String>,
    /// 1, then +1 on every change (the ETag).
    pub version: i32,
    /// A deleted debt (a tombstone a restore clears) counts nowhere.
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: Option<TimeDateTimeWithTimeZone>,
    /// The debt this one corrects (ADR 0016).
    pub replaces_id: Option<PeerDebtId>,
    /// Set when this debt was corrected: it is reversed and counts nowhere.
    pub replaced_by_id: Option<PeerDebtId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
