use super::ContactGroupId;
use crate::TenantId;
use sea_orm::entity::prelude::*;

/// A named set of contacts (roommates, family, a trip, work, …).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ContactGroupId,
    pub tenant_id: TenantId,
    pub name: String,
    /// roommates, family, trip, work, friends or other.
    pub kind: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
