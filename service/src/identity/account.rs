//! Registering, verifying an email, changing a password, reading one's account.

use super::{UserView, email_tokens, limit_auth_attempts, password};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::input::Problems;
use crate::outbox::{Event, OutgoingEmail};
use crate::{Actor, App, RequestMeta, db};
use hisaab_entity::email_token::Purpose;
use hisaab_entity::user::{self, Role};
use hisaab_entity::{TenantId, UserId, tenant};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

#[derive(Clone, Debug, Default)]
pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub display_name: String,
}

/// Creates an account and sends the verification email. Answers the same
/// whether or not the email is taken: the owner of an existing account gets a
/// "someone tried to sign up" email instead.
/// Totals are shown in USD until the person picks a base currency.
pub async fn register(app: &App, input: RegisterInput, meta: &RequestMeta) -> Result<()> {
    register_with_base_currency(app, input, "USD", meta).await
}

/// `register`, with the base currency the person chose at sign-up (the web
/// form asks for it; finance totals are shown in it). An unknown code is a
/// problem on the `base_currency` field.
pub async fn register_with_base_currency(
    app: &App,
    input: RegisterInput,
    base_currency: &str,
    meta: &RequestMeta,
) -> Result<()> {
    let mut problems = Problems::default();
    let email = problems.email("email", &input.email);
    let display_name = problems.text("display_name", "your name", &input.display_name, 100);
    password::check_policy(
        &mut problems,
        "password",
        &input.password,
        &input.email.trim().to_lowercase(),
    );
    let currency = problems.currency("base_currency", base_currency);
    let (email, display_name, currency) = problems.finish_with((email, display_name, currency))?;
    limit_auth_attempts(app, meta).await?;

    // Hash before looking the email up, so both paths take as long.
    let password_hash = password::hash(&input.password).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    if let Some(owner) = existing {
        let email_event = Event::Email(OutgoingEmail {
            to: owner.email.clone(),
            template: "signup_attempt".into(),
            context: json!({
                "display_name": owner.display_name,
                "login_link": app.link("/login"),
                "reset_link": app.link("/password-reset"),
                "locale": owner.locale,
            }),
        });
        txn.commit(
            Effects::anonymous(meta, now)
                .outbox(Some(owner.tenant_id), email_event)
                .audit_entry(Entry {
                    action: "auth.signup_existing_email",
                    tenant_id: Some(owner.tenant_id),
                    actor_user_id: None,
                    subject_user_id: Some(owner.id),
                    details: json!({}),
                    meta,
                }),
        )
        .await?;
        return Ok(());
    }
    let mut user = create_user(&txn, &email, &display_name, password_hash, Role::User, false, now).await?;
    if user.base_currency != currency.code() {
        let mut a: user::ActiveModel = user.into();
        a.base_currency = Set(currency.code().into());
        user = a.update(&txn).await?;
    }
    let token = email_tokens::issue(&txn, user.id, Purpose::VerifyEmail, now).await?;
    txn.commit(
        Effects::anonymous(meta, now)
            .outbox(Some(user.tenant_id), verification_email(app, &user, &token))
            .audit_entry(Entry {
                action: "auth.registered",
                tenant_id: Some(user.tenant_id),
                actor_user_id: Some(user.id),
                subject_user_id: Some(user.id),
                details: json!({}),
                meta,
            }),
    )
    .await?;
    Ok(())
}

/// Inserts a tenant and its first user. Every user has a tenant of their own.
pub(crate) async fn create_user<C: ConnectionTrait>(
    db: &C,
    email: &str,
    display_name: &str,
    password_hash: String,
    role: Role,
    verified: bool,
    now: time::OffsetDateTime,
) -> Result<user::Model> {
    let tenant_id = TenantId::new();
    tenant::ActiveModel {
        id: Set(tenant_id),
        name: Set(display_name.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    let inserted = user::ActiveModel {
        id: Set(UserId::new()),
        tenant_id: Set(tenant_id),
        email: Set(email.to_string()),
        display_name: Set(display_name.to_string()),
        password_hash: Set(password_hash),
        role: Set(role),
        email_verified: Set(verified),
        email_verified_at: Set(verified.then_some(now)),
        failed_login_count: Set(0),
        locked_until: Set(None),
        base_currency: Set("USD".into()),
        locale: Set(None),
        password_changed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(model) => Ok(model),
        Err(e) if db::is_unique_violation(&e) => Err(Error::Conflict(
            "An account with this email already exists.".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The verification mail with its link (sign-up, resend, staff resend).
pub(super) fn verification_email(app: &App, user: &user::Model, token: &str) -> Event {
    Event::Email(OutgoingEmail {
        to: user.email.clone(),
        template: "verify_email".into(),
        context: json!({
            "display_name": user.display_name,
            "link": app.link(&format!("/verify-email?token={token}")),
            "locale": user.locale,
        }),
    })
}

/// Confirms an email address from the link in the verification mail and
/// returns the account (the web signs the person in).
pub async fn verify_email(app: &App, token: &str, meta: &RequestMeta) -> Result<UserView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let Some(user_id) = email_tokens::consume(&txn, token.trim(), Purpose::VerifyEmail, now).await? else {
        return Err(Error::invalid(
            "token",
            "This verification link is invalid or has expired. Sign in and ask for a new one.",
        ));
    };
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut active: user::ActiveModel = user.clone().into();
    active.email_verified = Set(true);
    active.email_verified_at = Set(Some(now));
    active.updated_at = Set(now);
    let user = active.update(&txn).await?;
    txn.commit(Effects::anonymous(meta, now).audit_entry(Entry {
        action: "auth.email_verified",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(user.id),
        subject_user_id: Some(user.id),
        details: json!({}),
        meta,
    }))
    .await?;
    Ok(user.into())
}

/// Sends a new verification email. Returns false when already verified.
pub async fn resend_verification(app: &App, actor: &Actor) -> Result<bool> {
    let decision = app
        .limiter
        .hit(&format!("resend:{}", actor.user_id), 5, 3600, app.now())
        .await?;
    if !decision.allowed {
        return Err(Error::RateLimited {
            retry_after_secs: decision.reset_secs,
            message: "We've sent several emails already. Check your spam folder, or try again later.".into(),
        });
    }
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(actor.user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if user.email_verified {
        return Ok(false);
    }
    let token = email_tokens::issue(&txn, user.id, Purpose::VerifyEmail, now).await?;
    txn.commit(Effects::by(actor, now).outbox(Some(user.tenant_id), verification_email(app, &user, &token)))
        .await?;
    Ok(true)
}

/// What a person may change about their account; a field left out keeps its value.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub display_name: Option<String>,
    /// ISO 4217 code that totals are shown in.
    pub base_currency: Option<String>,
    /// The language: `Some(Some(tag))` chooses one of [`Locale::ALL`],
    /// `Some(None)` goes back to following the browser, `None` keeps it.
    pub locale: Option<Option<String>>,
}

/// The stored form of a submitted language: a supported tag (as the app
/// spells it), or `None` for "not chosen"; anything else is refused.
fn locale_choice(p: &mut Problems, raw: Option<String>) -> Option<Option<String>> {
    match raw.as_deref() {
        None => Some(None),
        Some(tag) => match Locale::parse(tag) {
            Some(l) => Some(Some(l.tag().to_string())),
            None => {
                p.add("locale", LOCALE_INVALID);
                None
            }
        },
    }
}

/// The refusal of an unsupported language (`service.ftl` has it in every language).
pub const LOCALE_INVALID: &str = "Choose one of the languages offered: en, en-IN or hi.";

/// Changes the display name, the base currency and the language.
pub async fn update_profile(app: &App, actor: &Actor, input: ProfileInput) -> Result<UserView> {
    let mut p = Problems::default();
    let display_name = p.edit(input.display_name, |p, v| {
        p.text("display_name", "your name", &v, 100)
    });
    let base_currency = p.edit(input.base_currency, |p, v| p.currency("base_currency", &v));
    let locale = p.edit(input.locale, locale_choice);
    let (display_name, base_currency, locale) = p.finish_with((display_name, base_currency, locale))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(actor.user_id)
        .filter(user::Column::TenantId.eq(actor.tenant_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut changed = serde_json::Map::new();
    let mut active: user::ActiveModel = user.clone().into();
    if let Some(name) = display_name.filter(|n| *n != user.display_name) {
        changed.insert("display_name".into(), json!(name));
        active.display_name = Set(name);
    }
    if let Some(code) = base_currency
        .map(|c| c.to_string())
        .filter(|c| *c != user.base_currency)
    {
        changed.insert("base_currency".into(), json!(code));
        active.base_currency = Set(code);
    }
    if let Some(tag) = locale.filter(|t| *t != user.locale) {
        changed.insert("locale".into(), json!(tag));
        active.locale = Set(tag);
    }
    if changed.is_empty() {
        txn.rollback().await?;
        return Ok(user.into());
    }
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    txn.commit(Effects::by(actor, now).audit("account.profile_changed", changed.into()))
        .await?;
    Ok(updated.into())
}

pub async fn get_me(app: &App, actor: &Actor) -> Result<UserView> {
    user::Entity::find_by_id(actor.user_id)
        .filter(user::Column::TenantId.eq(actor.tenant_id))
        .one(&app.db)
        .await?
        .map(UserView::from)
        .ok_or(Error::NotFound)
}

/// Changes the password after checking the current one; signs out every other
/// sign-in: the web sessions but `keep_session` (the page's own) and the API
/// sign-ins but `actor.meta.api_sign_in` (the bearer request's own). Their
/// access tokens stop working within a second (ADR 0018).
pub async fn change_password(
    app: &App,
    actor: &Actor,
    current_password: &str,
    new_password: &str,
    keep_session: Option<hisaab_entity::SessionId>,
) -> Result<()> {
    let user = user::Entity::find_by_id(actor.user_id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let mut problems = Problems::default();
    if !password::verify(current_password, &user.password_hash).await {
        problems.add("current_password", "Your current password is not right.");
    }
    password::check_policy(&mut problems, "new_password", new_password, &user.email);
    if !problems.has("new_password") && current_password == new_password {
        problems.add(
            "new_password",
            "Choose a password different from the current one.",
        );
    }
    problems.finish()?;
    let hash = password::hash(new_password).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut effects = Effects::by(actor, now);
    set_password(app, &txn, &user, hash, now, &mut effects).await?;
    super::sessions::revoke_all_except(&txn, user.id, keep_session, now).await?;
    super::tokens::revoke_all_families(&txn, user.id, actor.meta.api_sign_in, "password_changed", now)
        .await?;
    txn.commit(effects.audit("auth.password_changed", json!({})))
        .await?;
    super::revocation::sign_ins_ended(app, user.id).await;
    Ok(())
}

/// Stores a new password hash and tells the owner by email (added to
/// `effects`), so a change they didn't make doesn't go unnoticed.
pub(crate) async fn set_password<C: ConnectionTrait>(
    app: &App,
    db: &C,
    user: &user::Model,
    hash: String,
    now: time::OffsetDateTime,
    effects: &mut Effects,
) -> Result<user::Model> {
    let mut active: user::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    let updated = active.update(db).await?;
    effects.outbox(
        Some(user.tenant_id),
        Event::Email(OutgoingEmail {
            to: user.email.clone(),
            template: "password_changed".into(),
            context: json!({
                "display_name": user.display_name,
                "reset_link": app.link("/password-reset"),
                "locale": user.locale,
            }),
        }),
    );
    Ok(updated)
}
