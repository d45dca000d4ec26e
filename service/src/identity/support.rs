//! What staff do for someone who writes in: send the verification or a
//! password-reset mail again (support staff may, it changes nothing but an
//! inbox), mark an address verified and move someone between the plans
//! (superadmins). Each takes the staff member's reason and is audited; the
//! mails are the same ones the person would get themself.

use super::users::{By, Change, require_staff, require_superadmin, update_user};
use super::{UserView, account, email_tokens, reset, role_name};
use crate::audit::{Entry, StaffReason};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::outbox::Event;
use crate::{Actor, App, db};
use hisaab_entity::UserId;
use hisaab_entity::email_token::Purpose;
use hisaab_entity::user::{self, Role};
use sea_orm::{EntityTrait, Set};
use serde_json::json;
use time::OffsetDateTime;

/// The plans a person can be on: the non-staff roles.
pub const PLANS: [Role; 2] = [Role::User, Role::Premium];

pub fn parse_plan(text: &str) -> Option<Role> {
    super::parse_role(text).filter(|r| PLANS.contains(r))
}

/// Sends a new verification link (the old one stops working); refused when
/// the address is already verified. Support staff may.
pub async fn admin_resend_verification(
    app: &App,
    actor: &Actor,
    id: UserId,
    reason: &StaffReason,
) -> Result<()> {
    require_staff(actor)?;
    send_link(app, actor, id, reason, Purpose::VerifyEmail).await
}

/// Sends a password-reset link (valid an hour, replacing any unused one).
/// Support staff may: the person still chooses the password.
pub async fn admin_send_password_reset(
    app: &App,
    actor: &Actor,
    id: UserId,
    reason: &StaffReason,
) -> Result<()> {
    require_staff(actor)?;
    send_link(app, actor, id, reason, Purpose::PasswordReset).await
}

async fn send_link(
    app: &App,
    actor: &Actor,
    id: UserId,
    reason: &StaffReason,
    purpose: Purpose,
) -> Result<()> {
    // The person's own resend limit applies too: staff cannot flood an inbox.
    let decision = app
        .limiter
        .hit(&format!("resend:{id}"), 5, 3600, app.now())
        .await?;
    if !decision.allowed {
        return Err(Error::RateLimited {
            retry_after_secs: decision.reset_secs,
            message: "Several emails went to this address in the last hour. Try again later.".into(),
        });
    }
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if purpose == Purpose::VerifyEmail && user.email_verified {
        return Err(Error::Conflict("This address is already verified.".into()));
    }
    let token = email_tokens::issue(&txn, user.id, purpose, now).await?;
    let (mail, action, template): (Event, &str, &str) = match purpose {
        Purpose::VerifyEmail => (
            account::verification_email(app, &user, &token),
            "admin.verification_resent",
            "verify_email",
        ),
        Purpose::PasswordReset => (
            reset::reset_email(app, &user, &token),
            "admin.password_reset_sent",
            "password_reset",
        ),
    };
    // A mail changes no record but the link: nothing before, the mail after.
    let details = reason.details(
        serde_json::Value::Null,
        json!({ "mail": template, "to": user.email }),
    );
    txn.commit(
        Effects::by(actor, now)
            .outbox(Some(user.tenant_id), mail)
            .audit_entry(Entry {
                action,
                tenant_id: Some(user.tenant_id),
                actor_user_id: Some(actor.user_id),
                subject_user_id: Some(user.id),
                details,
                meta: &actor.meta,
            }),
    )
    .await?;
    Ok(())
}

fn verified_snapshot(u: &user::Model, _: OffsetDateTime) -> serde_json::Value {
    json!({ "email_verified": u.email_verified })
}

fn plan_snapshot(u: &user::Model, _: OffsetDateTime) -> serde_json::Value {
    json!({ "plan": role_name(u.role) })
}

/// Marks the address verified without the link (the person proved it some
/// other way: say so in the reason). Superadmins only.
pub async fn admin_mark_verified(
    app: &App,
    actor: &Actor,
    id: UserId,
    reason: &StaffReason,
) -> Result<UserView> {
    require_superadmin(actor)?;
    let change = Change {
        action: "admin.email_verified",
        snapshot: verified_snapshot,
        check: |u: &user::Model| {
            if u.email_verified {
                Err(Error::Conflict("This address is already verified.".into()))
            } else {
                Ok(())
            }
        },
        apply: |u: &mut user::ActiveModel, now| {
            u.email_verified = Set(true);
            u.email_verified_at = Set(Some(now));
        },
    };
    update_user(app, By::Staff(actor, reason), id, change).await
}

/// Moves a person between the plans (`user` ↔ `premium`). Staff have no
/// plan: their role is changed with the role select, never here.
pub async fn admin_set_plan(
    app: &App,
    actor: &Actor,
    id: UserId,
    plan: Role,
    reason: &StaffReason,
) -> Result<UserView> {
    require_superadmin(actor)?;
    if !PLANS.contains(&plan) {
        return Err(Error::invalid("plan", "Choose the plan: user or premium."));
    }
    let change = Change {
        action: "admin.plan_changed",
        snapshot: plan_snapshot,
        check: |u: &user::Model| {
            if u.role.is_staff() {
                Err(Error::invalid(
                    "plan",
                    "Staff have no plan; change their role instead.",
                ))
            } else if u.role == plan {
                Err(Error::invalid("plan", "They are already on this plan."))
            } else {
                Ok(())
            }
        },
        apply: move |u: &mut user::ActiveModel, _| {
            u.role = Set(plan);
        },
    };
    update_user(app, By::Staff(actor, reason), id, change).await
}
