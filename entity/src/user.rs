use crate::{TenantId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    #[sea_orm(string_value = "user")]
    User,
    #[sea_orm(string_value = "premium")]
    Premium,
    /// Staff who may look and help but change nothing (admin console).
    #[sea_orm(string_value = "support")]
    Support,
    #[sea_orm(string_value = "superadmin")]
    Superadmin,
}

impl Role {
    /// Whether this role may use the admin console at all.
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Support | Self::Superadmin)
    }
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: UserId,
    pub tenant_id: TenantId,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub email_verified: bool,
    pub email_verified_at: Option<TimeDateTimeWithTimeZone>,
    pub failed_login_count: i32,
    pub locked_until: Option<TimeDateTimeWithTimeZone>,
    pub base_currency: String,
    /// The person's language (`en`, `en-IN`, `hi`); null: not chosen, the
    /// browser's `Accept-Language` decides.
    pub locale: Option<String>,
    pub password_changed_at: TimeDateTimeWithTimeZone,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
