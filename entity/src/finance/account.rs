use super::AccountId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Kind {
    #[sea_orm(string_value = "cash")]
    Cash,
    #[sea_orm(string_value = "checking")]
    Checking,
    #[sea_orm(string_value = "savings")]
    Savings,
    #[sea_orm(string_value = "credit_card")]
    CreditCard,
    #[sea_orm(string_value = "wallet")]
    Wallet,
    #[sea_orm(string_value = "investment")]
    Investment,
    #[sea_orm(string_value = "other")]
    Other,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AccountId,
    pub tenant_id: TenantId,
    pub name: String,
    pub kind: Kind,
    pub currency: String,
    /// Ten-thousandths of the currency unit.
    pub opening_balance: i64,
    pub opening_date: TimeDate,
    pub archived: bool,
    pub notes: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
