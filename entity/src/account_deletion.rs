use crate::UserId;
use sea_orm::entity::prelude::*;

/// An account its owner asked to delete: erased by the worker after
/// `erase_after` unless they sign in before (which deletes this row).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "account_deletions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: UserId,
    pub requested_at: TimeDateTimeWithTimeZone,
    pub erase_after: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
