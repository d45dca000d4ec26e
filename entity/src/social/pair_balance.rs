use super::{ExpenseGroupId, GroupMemberId};
use crate::TenantId;
use sea_orm::entity::prelude::*;

/// Rollup: within a group, what `low_member_id` owes `high_member_id`
/// (storage units; negative when the other way round). The member with the
/// smaller id is always `low`, so a pair has one row. See ADR 0012.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "group_pair_balances")]
pub struct Model {
    pub tenant_id: TenantId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: ExpenseGroupId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub low_member_id: GroupMemberId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub high_member_id: GroupMemberId,
    pub amount: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
