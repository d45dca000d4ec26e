//! Identity: accounts, sign-in, sessions, API tokens, email verification and
//! password reset. Every function here is one use case shared by the web
//! pages and the API.

mod account;
mod bulk;
mod deletion;
mod email_tokens;
pub mod password;
mod reset;
mod revocation;
mod sessions;
mod sign_in;
mod sign_ins;
mod support;
mod tokens;
mod two_factor;
mod user_filter;
mod users;

pub use account::{
    LOCALE_INVALID, ProfileInput, RegisterInput, change_password, get_me, register,
    register_with_base_currency, resend_verification, update_profile, verify_email,
};
pub use bulk::{BULK_LIMIT, BulkAction, admin_bulk_apply, admin_bulk_count};
pub use deletion::{
    DeletionView, ERASE_BATCH, FORMER_MEMBER, account_deletion_status, erase_account, erase_due, erased_at,
    long_date, request_account_deletion,
};
pub use reset::{confirm_password_reset, request_password_reset};
pub use revocation::{RELOAD_EVERY, RevokedSignIns};
pub use sessions::{
    SessionView, SignInsEnded, SignedInSession, create_session, list_sessions, resolve_session,
    resolve_session_with_bell, revoke_all_sessions, revoke_session, session_is_live, sign_out,
};
pub use sign_in::{sign_in, sign_in_staff};
pub use sign_ins::{LISTED_PER_KIND, SignInKind, SignInView, list_sign_ins, revoke_sign_in};
pub use support::{
    PLANS, admin_mark_verified, admin_resend_verification, admin_send_password_reset, admin_set_plan,
    parse_plan,
};
pub use tokens::{
    AccessClaims, TokenPair, VerifiedTokens, access_token_expiry, access_token_is_live, authenticate,
    issue_tokens, logout_refresh_token, refresh_tokens, verify_access_token,
};
pub use two_factor::{
    Enrolment, PENDING_FOR, PendingSignIn, Purpose, RECOVERY_CODE_COUNT, SignInStep, TwoFactorStatus,
    complete_sign_in, confirm_enrolment, confirm_pending_enrolment, disable_two_factor,
    is_enabled as two_factor_enabled, pending_enrolment, pending_step, regenerate_recovery_codes,
    reset_two_factor_by_email, sign_in_start, start_enrolment, two_factor_status,
};
#[cfg(any(test, feature = "testkit"))]
pub use two_factor::{test_code, test_code_at, test_code_for_secret};
pub use user_filter::{RawUserFilter, UserFilter, clean_text};
pub use users::{
    AuditView, UserPage, admin_count_users, admin_create_user, admin_get_user, admin_list_users,
    admin_recent_audit, admin_record_export, admin_revoke_sessions, admin_set_lock, admin_set_lock_by_email,
    admin_set_role,
};
pub(crate) use users::{require_staff, require_superadmin};

use crate::error::{Error, Result};
use crate::{Actor, App, RequestMeta};
use hisaab_entity::user::{self, Role};
use hisaab_entity::{TenantId, UserId};
use time::OffsetDateTime;

/// A person's account as the rest of the app sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct UserView {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub email_verified: bool,
    pub base_currency: String,
    /// The chosen language's tag; `None`: not chosen.
    pub locale: Option<String>,
    pub locked_until: Option<OffsetDateTime>,
    pub failed_login_count: i32,
    pub created_at: OffsetDateTime,
    /// Set by a sign-in that cancelled a scheduled deletion (ADR 0026), so
    /// the page can say so; false everywhere else.
    pub deletion_cancelled: bool,
}

impl From<user::Model> for UserView {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            tenant_id: u.tenant_id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            email_verified: u.email_verified,
            base_currency: u.base_currency,
            locale: u.locale,
            locked_until: u.locked_until,
            failed_login_count: u.failed_login_count,
            created_at: u.created_at,
            deletion_cancelled: false,
        }
    }
}

impl UserView {
    pub fn actor(&self, meta: RequestMeta) -> Actor {
        Actor {
            user_id: self.id,
            tenant_id: self.tenant_id,
            role: self.role,
            meta,
        }
    }

    pub fn is_locked(&self, now: OffsetDateTime) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::User => "user",
        Role::Premium => "premium",
        Role::Support => "support",
        Role::Superadmin => "superadmin",
    }
}

pub fn parse_role(text: &str) -> Option<Role> {
    match text {
        "user" => Some(Role::User),
        "premium" => Some(Role::Premium),
        "support" => Some(Role::Support),
        "superadmin" => Some(Role::Superadmin),
        _ => None,
    }
}

/// Per-IP limit on sign-in, sign-up and password reset.
pub(crate) async fn limit_auth_attempts(app: &App, meta: &RequestMeta) -> Result<()> {
    let ip = meta.ip.as_deref().unwrap_or("unknown");
    let decision = app
        .limiter
        .hit(
            &format!("auth:{ip}"),
            app.settings.auth_rate_limit_per_minute,
            60,
            app.now(),
        )
        .await?;
    if decision.allowed {
        Ok(())
    } else {
        Err(Error::RateLimited {
            retry_after_secs: decision.reset_secs,
            message: "Too many attempts from your network. Wait a minute and try again.".into(),
        })
    }
}
