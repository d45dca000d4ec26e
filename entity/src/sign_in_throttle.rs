use sea_orm::entity::prelude::*;

/// Failed sign-ins for an email that has no account, so that unknown and known
/// emails lock out alike (no user enumeration through the lockout).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_throttles")]
pub struct Model {
    /// Keyed hash of the normalized email: the address itself is not stored.
    #[sea_orm(primary_key, auto_increment = false)]
    pub email_key: String,
    pub failures: i32,
    pub window_started_at: TimeDateTimeWithTimeZone,
    pub locked_until: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
