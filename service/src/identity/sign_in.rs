//! Password sign-in with lockout. Known and unknown emails behave alike: the
//! same message, the same time spent, the same lockout after five failures.

use super::{UserView, limit_auth_attempts, password};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::outbox::{Event, OutgoingEmail};
use crate::{App, RequestMeta, crypto, db};
use hisaab_entity::{sign_in_throttle, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use time::{Duration, OffsetDateTime};

const WRONG: &str = "The email or password is not right.";

/// Checks an email and password for a caller that cannot ask for a second
/// factor: an account with two-factor sign-in on is refused after a correct
/// password (its failure count is left as it is). Pages and the API use
/// [`super::sign_in_start`], which asks for the code.
pub async fn sign_in(app: &App, email: &str, password_text: &str, meta: &RequestMeta) -> Result<UserView> {
    let user = check_password(app, email, password_text, meta).await?;
    if super::two_factor::is_enabled(app, user.id).await? {
        return Err(Error::Unauthenticated(
            "This account signs in with a code from an authenticator app too.".into(),
        ));
    }
    record_success(app, user, meta, json!({})).await
}

/// The first factor: the password, with the per-IP limit and the lockout.
/// A wrong password counts a failure (and may lock); a right one changes
/// nothing yet: the failure count is reset only when the whole sign-in
/// succeeds ([`record_success`]), so a second factor cannot be guessed by
/// re-entering the password between tries.
pub(super) async fn check_password(
    app: &App,
    email: &str,
    password_text: &str,
    meta: &RequestMeta,
) -> Result<user::Model> {
    limit_auth_attempts(app, meta).await?;
    let email = email.trim().to_lowercase();
    let now = app.now();
    let lock_for = Duration::minutes(i64::from(app.settings.lockout_minutes));
    let threshold = app.settings.lockout_threshold as i32;

    // Control characters can't be in a stored address (and PostgreSQL rejects NUL).
    let user = if email.is_empty() || email.len() > 254 || email.chars().any(char::is_control) {
        None
    } else {
        user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&app.db)
            .await?
    };
    let Some(user) = user else {
        password::verify_dummy(password_text).await;
        return unknown_email_failure(app, &email, now, lock_for, threshold).await;
    };
    if let Some(until) = user.locked_until.filter(|t| *t > now) {
        password::verify_dummy(password_text).await;
        return Err(locked(until, now));
    }
    if password::verify(password_text, &user.password_hash).await {
        return Ok(user);
    }
    let now_locked = record_failure(app, user, meta, "auth.sign_in.failure").await?;
    Err(failure_error(app, now_locked))
}

/// A whole sign-in succeeded: the failure count and any expired lock are
/// cleared and the success audited (`details` says how, e.g. the second factor).
pub(super) async fn record_success(
    app: &App,
    user: user::Model,
    meta: &RequestMeta,
    details: serde_json::Value,
) -> Result<UserView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut active: user::ActiveModel = user.into();
    active.failed_login_count = Set(0);
    active.locked_until = Set(None);
    let user = active.update(&txn).await?;
    let mut effects = Effects::anonymous(meta, now);
    effects.audit_entry(subject_entry("auth.sign_in.success", &user, meta, details));
    // Signing in during a deletion's grace period cancels it (ADR 0026).
    let cancelled = super::deletion::cancel_on_sign_in(app, &txn, &user, meta, &mut effects).await?;
    txn.commit(&effects).await?;
    Ok(UserView {
        deletion_cancelled: cancelled,
        ..user.into()
    })
}

/// A failed password or code for a known account: one more failure toward
/// the lockout (the same count for both), audited as `action`. Returns
/// whether this failure locked the account.
pub(super) async fn record_failure(
    app: &App,
    user: user::Model,
    meta: &RequestMeta,
    action: &str,
) -> Result<bool> {
    let now = app.now();
    let lock_for = Duration::minutes(i64::from(app.settings.lockout_minutes));
    let threshold = app.settings.lockout_threshold as i32;
    let txn = db::begin_write(&app.db).await?;
    // An expired lock starts a fresh count.
    let previous = if user.locked_until.is_some() {
        0
    } else {
        user.failed_login_count
    };
    let failures = previous + 1;
    let mut active: user::ActiveModel = user.clone().into();
    active.failed_login_count = Set(failures);
    let now_locked = failures >= threshold;
    active.locked_until = Set(now_locked.then_some(now + lock_for));
    if now_locked {
        active.failed_login_count = Set(0);
    }
    active.update(&txn).await?;
    let mut effects = Effects::anonymous(meta, now);
    effects.audit_entry(subject_entry(
        action,
        &user,
        meta,
        json!({ "failures": failures }),
    ));
    if now_locked {
        effects
            .audit_entry(subject_entry(
                "auth.lockout",
                &user,
                meta,
                json!({ "minutes": app.settings.lockout_minutes }),
            ))
            .outbox(
                Some(user.tenant_id),
                Event::Email(OutgoingEmail {
                    to: user.email.clone(),
                    template: "account_locked".into(),
                    context: json!({
                        "display_name": user.display_name,
                        "locked_minutes": app.settings.lockout_minutes,
                        "failed_attempts": app.settings.lockout_threshold,
                        "reset_link": app.link("/password-reset"),
                        "locale": user.locale,
                    }),
                }),
            );
    }
    txn.commit(&effects).await?;
    Ok(now_locked)
}

async fn unknown_email_failure(
    app: &App,
    email: &str,
    now: OffsetDateTime,
    lock_for: Duration,
    threshold: i32,
) -> Result<user::Model> {
    let key = crypto::b64(&crypto::keyed_hash(
        app.settings.secret_key.expose(),
        "sign-in-throttle",
        email.as_bytes(),
    ));
    let txn = db::begin_write(&app.db).await?;
    let row = sign_in_throttle::Entity::find_by_id(key.clone())
        .one(&txn)
        .await?;
    if let Some(until) = row.as_ref().and_then(|r| r.locked_until).filter(|t| *t > now) {
        return Err(locked(until, now));
    }
    let failures = match &row {
        Some(r) if r.locked_until.is_none() && now - r.window_started_at < lock_for => r.failures + 1,
        _ => 1,
    };
    let now_locked = failures >= threshold;
    let model = sign_in_throttle::ActiveModel {
        email_key: Set(key),
        failures: Set(if now_locked { 0 } else { failures }),
        window_started_at: Set(if failures == 1 {
            now
        } else {
            row.as_ref().map_or(now, |r| r.window_started_at)
        }),
        locked_until: Set(now_locked.then_some(now + lock_for)),
    };
    if row.is_some() {
        model.update(&txn).await?;
    } else {
        model.insert(&txn).await?;
    }
    txn.commit(&Effects::system(now)).await?;
    Err(failure_error(app, now_locked))
}

fn failure_error(app: &App, now_locked: bool) -> Error {
    if now_locked {
        Error::Unauthenticated(format!(
            "{WRONG} After {} failed attempts, sign-in is locked for {} minutes. Try again later or reset your password.",
            app.settings.lockout_threshold, app.settings.lockout_minutes
        ))
    } else {
        Error::Unauthenticated(WRONG.into())
    }
}

pub(super) fn locked(until: OffsetDateTime, now: OffsetDateTime) -> Error {
    let secs = (until - now).whole_seconds().max(1) as u64;
    if secs > 86_400 {
        // A lock this long was set by staff, not by failed attempts.
        return Error::RateLimited {
            retry_after_secs: 86_400,
            message: "This account is locked. Contact support to unlock it.".into(),
        };
    }
    let minutes = secs.div_ceil(60);
    Error::RateLimited {
        retry_after_secs: secs,
        message: format!(
            "Too many failed sign-ins: this account is locked for {minutes} more minute{}. Try again later or reset your password.",
            if minutes == 1 { "" } else { "s" }
        ),
    }
}

pub(super) fn subject_entry<'a>(
    action: &'a str,
    user: &user::Model,
    meta: &'a RequestMeta,
    details: serde_json::Value,
) -> Entry<'a> {
    Entry {
        action,
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(user.id),
        subject_user_id: Some(user.id),
        details,
        meta,
    }
}

/// Admin console sign-in: the password as `sign_in`, but someone who is not
/// staff is refused with the wrong-password message (no hint that the
/// account exists) and audited. Staff never get a session on a password
/// alone: the answer is a pending sign-in that asks for their TOTP code, or,
/// when they have none yet, for enrolment (`PendingSignIn::enrol`).
pub async fn sign_in_staff(
    app: &App,
    email: &str,
    password_text: &str,
    meta: &RequestMeta,
) -> Result<super::PendingSignIn> {
    let user = check_password(app, email, password_text, meta).await?;
    if user.role.is_staff() {
        return super::two_factor::begin_pending(app, &user, super::Purpose::Admin, meta).await;
    }
    let txn = db::begin_write(&app.db).await?;
    txn.commit(Effects::anonymous(meta, app.now()).audit_entry(Entry {
        action: "admin.sign_in.refused",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(user.id),
        subject_user_id: Some(user.id),
        details: json!({}),
        meta,
    }))
    .await?;
    Err(Error::Unauthenticated(WRONG.into()))
}
