//! Who is acting, and from where. Every use case on tenant data takes an `&Actor`.

use hisaab_entity::user::Role;
use hisaab_entity::{RefreshTokenFamilyId, TenantId, UserId};

/// Where a request came from, for the audit log.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// The API sign-in (refresh-token family) a bearer request came through;
    /// `None` for pages, whose session is passed where it matters.
    pub api_sign_in: Option<RefreshTokenFamilyId>,
}

#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub role: Role,
    pub meta: RequestMeta,
}

impl Actor {
    pub fn is_premium(&self) -> bool {
        matches!(self.role, Role::Premium | Role::Superadmin)
    }

    pub fn is_superadmin(&self) -> bool {
        self.role == Role::Superadmin
    }

    /// Support or superadmin: may use the admin console (support only reads).
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
}
