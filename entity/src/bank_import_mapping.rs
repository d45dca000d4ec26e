use crate::TenantId;
use crate::finance::AccountId;
use sea_orm::entity::prelude::*;

/// The column mapping last used to import a bank file into an account.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_import_mappings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: AccountId,
    pub tenant_id: TenantId,
    /// The mapping as JSON.
    pub mapping: String,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
