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

/// Checks an email and password. On success returns the account; the caller
/// then opens a web session or issues API tokens.
pub async fn sign_in(app: &App, email: &str, password_text: &str, meta: &RequestMeta) -> Result<UserView> {
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
        password::verify_dummy(password_text);
        return unknown_email_failure(app, &email, now, lock_for, threshold).await;
    };
    if let Some(until) = user.locked_until.filter(|t| *t > now) {
        password::verify_dummy(password_text);
        return Err(locked(until, now));
    }
    if password::verify(password_text, &user.password_hash) {
        let txn = db::begin_write(&app.db).await?;
        let mut active: user::ActiveModel = user.clone().into();
        active.failed_login_count = Set(0);
        active.locked_until = Set(None);
        let user = active.update(&txn).await?;
        txn.commit(Effects::anonymous(meta, now).audit_entry(subject_entry(
            "auth.sign_in.success",
            &user,
            meta,
            json!({}),
        )))
        .await?;
        return Ok(user.into());
    }

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
        "auth.sign_in.failure",
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
                    }),
                }),
            );
    }
    txn.commit(&effects).await?;
    Err(failure_error(app, now_locked))
}

async fn unknown_email_failure(
    app: &App,
    email: &str,
    now: OffsetDateTime,
    lock_for: Duration,
    threshold: i32,
) -> Result<UserView> {
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

fn locked(until: OffsetDateTime, now: OffsetDateTime) -> Error {
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

fn subject_entry<'a>(
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

/// Admin console sign-in: as `sign_in`, but someone who is not staff is refused with
/// the wrong-password message (no hint that the account exists) and audited.
pub async fn sign_in_staff(
    app: &App,
    email: &str,
    password_text: &str,
    meta: &RequestMeta,
) -> Result<UserView> {
    let user = sign_in(app, email, password_text, meta).await?;
    if user.role.is_staff() {
        return Ok(user);
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
