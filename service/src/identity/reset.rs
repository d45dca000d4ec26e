//! Forgotten passwords: a single-use link by email, then a new password.

use super::{email_tokens, limit_auth_attempts, password};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::outbox::{Event, OutgoingEmail};
use crate::{App, RequestMeta, db};
use hisaab_entity::email_token::Purpose;
use hisaab_entity::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Sends a reset link if the email has an account. Answers the same either way.
pub async fn request_password_reset(app: &App, email: &str, meta: &RequestMeta) -> Result<()> {
    let mut problems = Problems::default();
    let email = problems.email("email", email);
    let email = problems.finish_with(email)?;
    limit_auth_attempts(app, meta).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let Some(user) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let token = email_tokens::issue(&txn, user.id, Purpose::PasswordReset, now).await?;
    let mut effects = Effects::anonymous(meta, now);
    effects.outbox(Some(user.tenant_id), reset_email(app, &user, &token));
    effects.audit_entry(Entry {
        action: "auth.password_reset_requested",
        tenant_id: Some(user.tenant_id),
        actor_user_id: None,
        subject_user_id: Some(user.id),
        details: json!({}),
        meta,
    });
    txn.commit(&effects).await?;
    app.revoked.mark_stale();
    Ok(())
}

/// The reset mail with its single-use link (asked for by the person, or
/// sent by staff from the console).
pub(super) fn reset_email(app: &App, user: &user::Model, token: &str) -> Event {
    Event::Email(OutgoingEmail {
        to: user.email.clone(),
        template: "password_reset".into(),
        context: json!({
            "display_name": user.display_name,
            "link": app.link(&format!("/password-reset/confirm?token={token}")),
            "expires_minutes": email_tokens::RESET_TTL.whole_minutes(),
            "locale": user.locale,
        }),
    })
}

/// Sets a new password from a reset link. Proving access to the mailbox also
/// verifies the email and lifts a lockout; every session and token family ends.
pub async fn confirm_password_reset(
    app: &App,
    token: &str,
    new_password: &str,
    meta: &RequestMeta,
) -> Result<()> {
    limit_auth_attempts(app, meta).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let invalid = || {
        Error::invalid(
            "token",
            "This reset link is invalid or has expired. Ask for a new one.",
        )
    };
    // Check the password before spending the token, so a weak password can be
    // corrected with the same link.
    let Some(row) = hisaab_entity::email_token::Entity::find()
        .filter(hisaab_entity::email_token::Column::TokenHash.eq(crate::crypto::token_hash(token.trim())))
        .one(&txn)
        .await?
    else {
        return Err(invalid());
    };
    let user = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    password::validate("new_password", new_password, &user.email)?;
    if email_tokens::consume(&txn, token.trim(), Purpose::PasswordReset, now)
        .await?
        .is_none()
    {
        return Err(invalid());
    }
    let hash = password::hash(new_password).await?;
    let mut effects = Effects::anonymous(meta, now);
    let user = super::account::set_password(app, &txn, &user, hash, now, &mut effects).await?;
    let mut active: user::ActiveModel = user.clone().into();
    active.email_verified = Set(true);
    if user.email_verified_at.is_none() {
        active.email_verified_at = Set(Some(now));
    }
    active.failed_login_count = Set(0);
    active.locked_until = Set(None);
    let user = active.update(&txn).await?;
    super::sessions::revoke_all_sessions(&txn, user.id, now).await?;
    effects.audit_entry(Entry {
        action: "auth.password_reset",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(user.id),
        subject_user_id: Some(user.id),
        details: json!({}),
        meta,
    });
    txn.commit(&effects).await?;
    super::revocation::sign_ins_ended(app, user.id).await;
    Ok(())
}
