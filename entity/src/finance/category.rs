use super::{CategoryId, FlowKind};
use crate::TenantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fin_categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: CategoryId,
    pub tenant_id: TenantId,
    pub name: String,
    pub kind: FlowKind,
    pub parent_id: Option<CategoryId>,
    pub color: Option<String>,
    pub icon: Option<String>,
    pub archived: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
