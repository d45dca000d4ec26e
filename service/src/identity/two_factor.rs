//! Two-factor sign-in (ADR 0023): TOTP (RFC 6238 through `totp-rs`: SHA-1,
//! 6 digits, 30-second steps, one step of skew either way) and ten
//! single-use recovery codes.
//!
//! | what | stored as |
//! |---|---|
//! | the TOTP secret (20 random bytes) | AES-256-GCM under `derive_key(secret_key, "totp-secret")`, the user id as associated data, nonce first, base64 |
//! | the last accepted time step | `user_totp.last_step`: a code is accepted only for a later step (a conditional update, so two requests racing with one code cannot both win) |
//! | a recovery code (10 base32 characters, 50 bits) | HMAC-SHA256 under `derive_key(secret_key, "recovery-code")` of the user id and the code; spent by a conditional update of `used_at` |
//! | a correct password waiting for its code | `pending_sign_ins`: the SHA-256 of an opaque 256-bit token, the person, where it began (`web`, `admin`, `api`), five minutes, single use |
//!
//! Enrolment has two steps: `start_enrolment` stores a pending secret (shown
//! as a QR code and as text); TOTP is on only once `confirm_enrolment` has
//! seen a valid code from it. A wrong code at sign-in counts toward the same
//! lockout as a wrong password, under the same per-IP limit.

use super::sign_in::{locked, record_failure, record_success, subject_entry};
use super::{UserView, limit_auth_attempts, password};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::FieldError;
use crate::error::{Error, Result};
use crate::{Actor, App, RequestMeta, crypto, db};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hisaab_entity::{UserId, pending_sign_in, recovery_code, user, user_totp};
use rand::RngCore;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use totp_rs::{Algorithm, Builder, Totp};

/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// How long a correct password waits for its second factor.
pub const PENDING_FOR: Duration = Duration::minutes(5);
const ISSUER: &str = "Hisaab";
/// RFC 4648 base32, lower case: no 0/1/8/9, so no o/0 or l/1 mix-ups.
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const WRONG_CODE: &str =
    "That code is not right. Enter the current code from your authenticator app, or a recovery code.";
const EXPIRED: &str = "This sign-in has expired. Enter your email and password again.";

/// Where a pending sign-in began; it completes only there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Web,
    Admin,
    Api,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Admin => "admin",
            Self::Api => "api",
        }
    }
}

/// A correct password waiting for its second factor.
#[derive(Clone, Debug)]
pub struct PendingSignIn {
    /// The opaque token (a cookie on the web, `mfa_token` in the API).
    pub token: String,
    pub expires_in_secs: u64,
    /// Staff without TOTP: the next step is enrolment, not a code.
    pub enrol: bool,
}

/// What a password sign-in leads to.
#[derive(Clone, Debug)]
pub enum SignInStep {
    /// No second factor: signed in.
    Done(UserView),
    /// Ask for the code.
    SecondFactor(PendingSignIn),
}

/// A pending TOTP secret, to show once to the person enrolling.
#[derive(Clone, Debug)]
pub struct Enrolment {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub uri: String,
    /// The QR code as an SVG element (no XML prolog), `aria-hidden`: the page labels it.
    pub qr_svg: String,
}

/// The person's two-factor state, for the settings page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    pub recovery_codes_left: u64,
}

// ---------------------------------------------------------------- secrets

fn cipher(app: &App) -> Aes256Gcm {
    Aes256Gcm::new_from_slice(&crypto::derive_key(
        app.settings.secret_key.expose(),
        "totp-secret",
    ))
    .expect("a 32-byte key")
}

fn seal(app: &App, user_id: UserId, secret: &[u8]) -> Result<String> {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher(app)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: user_id.0.as_bytes(),
            },
        )
        .map_err(|_| Error::Internal(anyhow::anyhow!("could not encrypt a TOTP secret")))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(crypto::b64(&out))
}

fn open(app: &App, user_id: UserId, stored: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(stored)
        .map_err(|_| Error::Internal(anyhow::anyhow!("a stored TOTP secret is not base64")))?;
    if bytes.len() < 12 {
        return Err(Error::Internal(anyhow::anyhow!(
            "a stored TOTP secret is too short"
        )));
    }
    let (nonce, sealed) = bytes.split_at(12);
    cipher(app)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: user_id.0.as_bytes(),
            },
        )
        .map_err(|_| {
            Error::Internal(anyhow::anyhow!(
                "a stored TOTP secret does not decrypt (was secret_key changed?)"
            ))
        })
}

fn totp(secret: Vec<u8>, account: &str) -> Result<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| Error::Internal(anyhow::anyhow!("TOTP setup failed: {e}")))
}

fn unix(now: OffsetDateTime) -> u64 {
    u64::try_from(now.unix_timestamp()).unwrap_or(0)
}

/// The QR code of `uri` as an SVG element.
fn qr_svg(uri: &str) -> Result<String> {
    let code =
        qrcode::QrCode::new(uri.as_bytes()).map_err(|e| Error::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg").unwrap_or(0);
    Ok(svg[start..].replacen(
        "<svg ",
        r#"<svg aria-hidden="true" focusable="false" class="qr-code" "#,
        1,
    ))
}

// ---------------------------------------------------------------- codes

/// What a typed code looks like: six digits, or a recovery code.
enum Typed {
    Totp(String),
    Recovery(String),
}

fn classify(code: &str) -> Option<Typed> {
    let clean: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    if clean.len() == 6 && clean.chars().all(|c| c.is_ascii_digit()) {
        return Some(Typed::Totp(clean));
    }
    if clean.len() == 10 && clean.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Some(Typed::Recovery(clean));
    }
    None
}

fn recovery_hash(app: &App, user_id: UserId, normalized: &str) -> String {
    let mut message = user_id.0.as_bytes().to_vec();
    message.extend_from_slice(normalized.as_bytes());
    hex::encode(crypto::keyed_hash(
        app.settings.secret_key.expose(),
        "recovery-code",
        &message,
    ))
}

/// A fresh recovery code, `xxxx-xxxx-xx` (10 base32 characters, 50 bits).
fn new_recovery_code() -> String {
    let mut bytes = [0u8; 10];
    rand::rng().fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[usize::from(b & 31)] as char)
        .collect();
    format!("{}-{}-{}", &chars[..4], &chars[4..8], &chars[8..])
}

/// Replaces the person's recovery codes with ten new ones; returns them (shown once).
async fn replace_recovery_codes<C: ConnectionTrait>(
    app: &App,
    db: &C,
    user_id: UserId,
    now: OffsetDateTime,
) -> Result<Vec<String>, DbErr> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect();
    let rows = codes.iter().map(|code| recovery_code::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(user_id),
        code_hash: Set(recovery_hash(app, user_id, &code.replace('-', ""))),
        used_at: Set(None),
        created_at: Set(now),
    });
    recovery_code::Entity::insert_many(rows).exec(db).await?;
    Ok(codes)
}

/// How a second factor was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Used {
    Totp,
    Recovery,
}

impl Used {
    fn name(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Recovery => "recovery_code",
        }
    }
}

/// Checks a code against a confirmed (or, for enrolment, pending) secret and
/// spends it: a TOTP step is accepted once, a recovery code once. `None`:
/// wrong, reused, or not a code.
async fn spend_code<C: ConnectionTrait>(
    app: &App,
    db: &C,
    row: &user_totp::Model,
    account: &str,
    code: &str,
    allow_recovery: bool,
) -> Result<Option<Used>> {
    let now = app.now();
    match classify(code) {
        Some(Typed::Totp(digits)) => {
            let secret = open(app, row.user_id, &row.secret_enc)?;
            let Some(step) = totp(secret, account)?.check(&digits, unix(now)) else {
                return Ok(None);
            };
            let step = step as i64;
            let res = user_totp::Entity::update_many()
                .col_expr(user_totp::Column::LastStep, Expr::value(step))
                .filter(user_totp::Column::UserId.eq(row.user_id))
                .filter(
                    Expr::col(user_totp::Column::LastStep)
                        .is_null()
                        .or(Expr::col(user_totp::Column::LastStep).lt(step)),
                )
                .exec(db)
                .await?;
            Ok((res.rows_affected == 1).then_some(Used::Totp))
        }
        Some(Typed::Recovery(clean)) if allow_recovery => {
            let res = recovery_code::Entity::update_many()
                .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
                .filter(recovery_code::Column::UserId.eq(row.user_id))
                .filter(recovery_code::Column::CodeHash.eq(recovery_hash(app, row.user_id, &clean)))
                .filter(recovery_code::Column::UsedAt.is_null())
                .exec(db)
                .await?;
            Ok((res.rows_affected == 1).then_some(Used::Recovery))
        }
        _ => Ok(None),
    }
}

async fn confirmed_row<C: ConnectionTrait>(db: &C, user_id: UserId) -> Result<Option<user_totp::Model>> {
    Ok(user_totp::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|r| r.confirmed_at.is_some()))
}

// ---------------------------------------------------------------- state

/// Whether the person signs in with a second factor.
pub async fn is_enabled(app: &App, user_id: UserId) -> Result<bool> {
    Ok(confirmed_row(&app.db, user_id).await?.is_some())
}

/// The person's two-factor state.
pub async fn two_factor_status(app: &App, actor: &Actor) -> Result<TwoFactorStatus> {
    let enabled = is_enabled(app, actor.user_id).await?;
    let recovery_codes_left = if enabled {
        use sea_orm::PaginatorTrait;
        recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(actor.user_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(&app.db)
            .await?
    } else {
        0
    };
    Ok(TwoFactorStatus {
        enabled,
        recovery_codes_left,
    })
}

// ---------------------------------------------------------------- enrolment

async fn enrolment_for(app: &App, user: &user::Model) -> Result<Enrolment> {
    let existing = user_totp::Entity::find_by_id(user.id).one(&app.db).await?;
    if existing.as_ref().is_some_and(|r| r.confirmed_at.is_some()) {
        return Err(Error::Conflict(
            "Two-factor sign-in is already on. Turn it off first to set up another app.".into(),
        ));
    }
    // A pending secret is kept until confirmed, so reloading the page shows
    // the same QR code as the one already scanned.
    let secret = match existing {
        Some(row) => open(app, user.id, &row.secret_enc)?,
        None => {
            let mut secret = vec![0u8; 20];
            rand::rng().fill_bytes(&mut secret);
            let txn = db::begin_write(&app.db).await?;
            user_totp::ActiveModel {
                user_id: Set(user.id),
                secret_enc: Set(seal(app, user.id, &secret)?),
                confirmed_at: Set(None),
                last_step: Set(None),
                created_at: Set(app.now()),
            }
            .insert(&txn)
            .await?;
            txn.commit(&Effects::system(app.now())).await?;
            secret
        }
    };
    let totp = totp(secret, &user.email)?;
    let uri = totp
        .to_url()
        .map_err(|e| Error::Internal(anyhow::anyhow!("otpauth URI: {e}")))?;
    Ok(Enrolment {
        secret: totp.secret().to_base32(),
        qr_svg: qr_svg(&uri)?,
        uri,
    })
}

/// Confirms a pending secret with a code from it: TOTP is on and ten
/// recovery codes are made (returned, to show once).
async fn confirm_for(
    app: &App,
    user: &user::Model,
    code: &str,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<Vec<String>> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let Some(row) = user_totp::Entity::find_by_id(user.id).one(&txn).await? else {
        return Err(Error::Conflict(
            "Start setting up two-factor sign-in first: the page shows a QR code to scan.".into(),
        ));
    };
    if row.confirmed_at.is_some() {
        return Err(Error::Conflict("Two-factor sign-in is already on.".into()));
    }
    if spend_code(app, &txn, &row, &user.email, code, false).await? != Some(Used::Totp) {
        return Err(field_error(
            "code",
            "That code is not right. Enter the 6-digit code your authenticator app shows now.",
        ));
    }
    user_totp::Entity::update_many()
        .col_expr(user_totp::Column::ConfirmedAt, Expr::value(now))
        .filter(user_totp::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    let codes = replace_recovery_codes(app, &txn, user.id, now).await?;
    let mut effects = match actor {
        Some(actor) => Effects::by(actor, now),
        None => Effects::anonymous(meta, now),
    };
    effects.audit_entry(subject_entry("auth.totp.enabled", user, meta, json!({})));
    txn.commit(&effects).await?;
    Ok(codes)
}

/// One field's message, as a form shows it.
fn field_error(field: &str, message: &str) -> Error {
    Error::Invalid {
        detail: message.into(),
        errors: vec![FieldError::new(field, message)],
    }
}

async fn load_user(app: &App, id: UserId) -> Result<user::Model> {
    user::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)
}

/// Step one of turning TOTP on: a pending secret, its QR code and its text.
pub async fn start_enrolment(app: &App, actor: &Actor) -> Result<Enrolment> {
    let user = load_user(app, actor.user_id).await?;
    enrolment_for(app, &user).await
}

/// Step two: a valid code from the pending secret turns TOTP on. Returns the
/// ten recovery codes, to show once.
pub async fn confirm_enrolment(app: &App, actor: &Actor, code: &str) -> Result<Vec<String>> {
    let user = load_user(app, actor.user_id).await?;
    confirm_for(app, &user, code, &actor.meta, Some(actor)).await
}

/// Checks the password (when asked) and a code (TOTP or recovery) for a
/// signed-in person changing their own two-factor settings, and spends the
/// code in the returned transaction. Field errors name `password` and
/// `code`; the per-IP limit applies.
async fn reauthenticate(
    app: &App,
    actor: &Actor,
    password_text: Option<&str>,
    code: &str,
) -> Result<(user::Model, db::WriteTx, Used)> {
    limit_auth_attempts(app, &actor.meta).await?;
    let user = load_user(app, actor.user_id).await?;
    let Some(row) = confirmed_row(&app.db, user.id).await? else {
        return Err(Error::Conflict("Two-factor sign-in is not on.".into()));
    };
    if let Some(pw) = password_text
        && !password::verify(pw, &user.password_hash).await
    {
        return Err(field_error("password", "Your password is not right."));
    }
    let txn = db::begin_write(&app.db).await?;
    match spend_code(app, &txn, &row, &user.email, code, true).await? {
        Some(used) => Ok((user, txn, used)),
        None => Err(field_error("code", WRONG_CODE)),
    }
}

/// Checks that the signed-in person is who they say before something
/// irreversible (deleting the account): the password always, and a code
/// (TOTP or recovery) when two-factor sign-in is on, spent in the returned
/// transaction. Every problem is a field error (`password`, `code`); the
/// per-IP limit applies.
pub(crate) async fn confirm_identity(
    app: &App,
    actor: &Actor,
    password_text: &str,
    code: Option<&str>,
) -> Result<(user::Model, db::WriteTx)> {
    limit_auth_attempts(app, &actor.meta).await?;
    let user = load_user(app, actor.user_id).await?;
    let row = confirmed_row(&app.db, user.id).await?;
    let mut errors = Vec::new();
    if !password::verify(password_text, &user.password_hash).await {
        errors.push(FieldError::new("password", "Your password is not right."));
    }
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    if row.is_some() && code.is_none() {
        errors.push(FieldError::new(
            "code",
            "Enter the 6-digit code your authenticator app shows now, or a recovery code.",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid {
            detail: format!(
                "{} need attention.",
                errors
                    .iter()
                    .map(|e| e.field.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            errors,
        });
    }
    let txn = db::begin_write(&app.db).await?;
    if let (Some(row), Some(code)) = (row, code)
        && spend_code(app, &txn, &row, &user.email, code, true)
            .await?
            .is_none()
    {
        return Err(field_error("code", WRONG_CODE));
    }
    Ok((user, txn))
}

/// Turns TOTP off: needs the password and a current code (or a recovery
/// code). The secret and the recovery codes are deleted.
pub async fn disable_two_factor(app: &App, actor: &Actor, password_text: &str, code: &str) -> Result<()> {
    let (user, txn, used) = reauthenticate(app, actor, Some(password_text), code).await?;
    delete_two_factor(&txn, user.id).await?;
    txn.commit(Effects::by(actor, app.now()).audit("auth.totp.disabled", json!({ "with": used.name() })))
        .await?;
    Ok(())
}

/// Ten new recovery codes (the old ones stop working); needs a current code.
pub async fn regenerate_recovery_codes(app: &App, actor: &Actor, code: &str) -> Result<Vec<String>> {
    let (user, txn, used) = reauthenticate(app, actor, None, code).await?;
    let codes = replace_recovery_codes(app, &txn, user.id, app.now()).await?;
    txn.commit(Effects::by(actor, app.now()).audit(
        "auth.totp.recovery_codes_replaced",
        json!({ "with": used.name() }),
    ))
    .await?;
    Ok(codes)
}

async fn delete_two_factor<C: ConnectionTrait>(db: &C, user_id: UserId) -> Result<(), DbErr> {
    user_totp::Entity::delete_many()
        .filter(user_totp::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    pending_sign_in::Entity::delete_many()
        .filter(pending_sign_in::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// `hisaab-admin user reset-totp EMAIL`: removes the person's TOTP and
/// recovery codes and ends every session and API sign-in, audited as the
/// operator's. Staff then enrol again at their next console sign-in.
pub async fn reset_two_factor_by_email(app: &App, email: &str) -> Result<UserView> {
    let operator = RequestMeta {
        request_id: Some("cli".into()),
        ..Default::default()
    };
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let had = user_totp::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .is_some_and(|r| r.confirmed_at.is_some());
    delete_two_factor(&txn, user.id).await?;
    let sessions_ended = super::sessions::revoke_all_sessions(&txn, user.id, now).await?;
    txn.commit(Effects::anonymous(&operator, now).audit_entry(Entry {
        action: "admin.totp_reset",
        tenant_id: Some(user.tenant_id),
        actor_user_id: None,
        subject_user_id: Some(user.id),
        details: json!({ "via": "cli", "had_totp": had, "sessions_ended": sessions_ended }),
        meta: &operator,
    }))
    .await?;
    super::revocation::sign_ins_ended(app, user.id).await;
    Ok(user.into())
}

// ---------------------------------------------------------------- sign-in

/// A correct password, to finish with a second factor (or, for staff
/// without TOTP, with enrolment).
pub(super) async fn begin_pending(
    app: &App,
    user: &user::Model,
    purpose: Purpose,
    meta: &RequestMeta,
) -> Result<PendingSignIn> {
    let enrol = !is_enabled(app, user.id).await?;
    let now = app.now();
    let token = crypto::random_token();
    let txn = db::begin_write(&app.db).await?;
    // Expired rows of this person go as a new one comes: the table stays small.
    pending_sign_in::Entity::delete_many()
        .filter(pending_sign_in::Column::UserId.eq(user.id))
        .filter(pending_sign_in::Column::ExpiresAt.lte(now))
        .exec(&txn)
        .await?;
    pending_sign_in::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        token_hash: Set(crypto::token_hash(&token)),
        user_id: Set(user.id),
        purpose: Set(purpose.as_str().into()),
        created_at: Set(now),
        expires_at: Set(now + PENDING_FOR),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit(Effects::anonymous(meta, now).audit_entry(subject_entry(
        "auth.sign_in.password_ok",
        user,
        meta,
        json!({ "next": if enrol { "enrol" } else { "code" }, "surface": purpose.as_str() }),
    )))
    .await?;
    Ok(PendingSignIn {
        token,
        expires_in_secs: PENDING_FOR.whole_seconds() as u64,
        enrol,
    })
}

/// Sign-in with email and password. Someone without a second factor is
/// signed in (`Done`); someone with one gets a pending sign-in to finish
/// with [`complete_sign_in`]. A wrong password gives the same answer either
/// way, so the answer to a wrong password never says whether TOTP is on.
pub async fn sign_in_start(
    app: &App,
    email: &str,
    password_text: &str,
    purpose: Purpose,
    meta: &RequestMeta,
) -> Result<SignInStep> {
    let user = super::sign_in::check_password(app, email, password_text, meta).await?;
    if is_enabled(app, user.id).await? {
        return Ok(SignInStep::SecondFactor(
            begin_pending(app, &user, purpose, meta).await?,
        ));
    }
    Ok(SignInStep::Done(
        record_success(app, user, meta, json!({})).await?,
    ))
}

/// The live pending sign-in behind a token, if any.
async fn pending(app: &App, token: &str, purpose: Purpose) -> Result<Option<pending_sign_in::Model>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    Ok(pending_sign_in::Entity::find()
        .filter(pending_sign_in::Column::TokenHash.eq(crypto::token_hash(token)))
        .one(&app.db)
        .await?
        .filter(|p| p.purpose == purpose.as_str() && p.used_at.is_none() && p.expires_at > app.now()))
}

/// Whether a pending sign-in is live, and whether it waits for enrolment
/// (`Some(true)`) or a code (`Some(false)`).
pub async fn pending_step(app: &App, token: &str, purpose: Purpose) -> Result<Option<bool>> {
    match pending(app, token, purpose).await? {
        Some(p) => Ok(Some(!is_enabled(app, p.user_id).await?)),
        None => Ok(None),
    }
}

/// Marks a pending sign-in used; false when another request did first.
async fn use_pending<C: ConnectionTrait>(db: &C, id: uuid::Uuid, now: OffsetDateTime) -> Result<bool, DbErr> {
    let res = pending_sign_in::Entity::update_many()
        .col_expr(pending_sign_in::Column::UsedAt, Expr::value(now))
        .filter(pending_sign_in::Column::Id.eq(id))
        .filter(pending_sign_in::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The second step: a TOTP code or a recovery code for a pending sign-in.
/// Right: the pending sign-in is spent and the person is signed in (the
/// caller opens the session or issues the tokens). Wrong: one failure
/// toward the lockout, as a wrong password. An expired, used or unknown
/// token is a 401 that says to sign in again.
pub async fn complete_sign_in(
    app: &App,
    token: &str,
    code: &str,
    purpose: Purpose,
    meta: &RequestMeta,
) -> Result<UserView> {
    limit_auth_attempts(app, meta).await?;
    let now = app.now();
    let Some(p) = pending(app, token, purpose).await? else {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    };
    let user = load_user(app, p.user_id).await?;
    if let Some(until) = user.locked_until.filter(|t| *t > now) {
        return Err(locked(until, now));
    }
    let txn = db::begin_write(&app.db).await?;
    let Some(row) = confirmed_row(&txn, user.id).await? else {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    };
    let used = spend_code(app, &txn, &row, &user.email, code, true).await?;
    let Some(used) = used else {
        drop(txn);
        let now_locked = record_failure(app, user, meta, "auth.second_factor.failure").await?;
        return Err(wrong_code(app, now_locked));
    };
    if !use_pending(&txn, p.id, now).await? {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    }
    let mut effects = Effects::anonymous(meta, now);
    if used == Used::Recovery {
        effects.audit_entry(subject_entry(
            "auth.totp.recovery_code_used",
            &user,
            meta,
            json!({}),
        ));
    }
    txn.commit(&effects).await?;
    record_success(app, user, meta, json!({ "second_factor": used.name() })).await
}

/// A wrong code's answer, with the lockout's words when it locked.
fn wrong_code(app: &App, now_locked: bool) -> Error {
    if now_locked {
        return Error::Unauthenticated(format!(
            "{WRONG_CODE} After {} failed attempts, sign-in is locked for {} minutes.",
            app.settings.lockout_threshold, app.settings.lockout_minutes
        ));
    }
    Error::Unauthenticated(WRONG_CODE.into())
}

/// For staff who signed in with a password but have no TOTP yet: the
/// pending secret to scan (made on first call).
pub async fn pending_enrolment(app: &App, token: &str, purpose: Purpose) -> Result<Enrolment> {
    let Some(p) = pending(app, token, purpose).await? else {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    };
    let user = load_user(app, p.user_id).await?;
    enrolment_for(app, &user).await
}

/// Enrolment during sign-in: a valid code turns TOTP on, spends the pending
/// sign-in and signs the person in. Returns the person and their recovery
/// codes (to show once).
pub async fn confirm_pending_enrolment(
    app: &App,
    token: &str,
    code: &str,
    purpose: Purpose,
    meta: &RequestMeta,
) -> Result<(UserView, Vec<String>)> {
    limit_auth_attempts(app, meta).await?;
    let Some(p) = pending(app, token, purpose).await? else {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    };
    let user = load_user(app, p.user_id).await?;
    let codes = confirm_for(app, &user, code, meta, None).await?;
    if !use_pending(&app.db, p.id, app.now()).await? {
        return Err(Error::Unauthenticated(EXPIRED.into()));
    }
    let view = record_success(
        app,
        user,
        meta,
        json!({ "second_factor": "totp", "enrolled": true }),
    )
    .await?;
    Ok((view, codes))
}

/// Test helpers: the code an authenticator app would show for a person's
/// (pending or confirmed) secret at `at`.
#[cfg(any(test, feature = "testkit"))]
pub async fn test_code_at(app: &App, user_id: UserId, at: OffsetDateTime) -> String {
    let row = user_totp::Entity::find_by_id(user_id)
        .one(&app.db)
        .await
        .expect("read user_totp")
        .expect("the person has a TOTP secret");
    let secret = open(app, user_id, &row.secret_enc).expect("secret opens");
    totp(secret, "test").expect("totp").generate(unix(at)).to_string()
}

/// The code for the app's current time.
#[cfg(any(test, feature = "testkit"))]
pub async fn test_code(app: &App, user_id: UserId) -> String {
    test_code_at(app, user_id, app.now()).await
}

/// The code for a base32 secret (as a page shows it) at `at`.
#[cfg(any(test, feature = "testkit"))]
pub fn test_code_for_secret(secret_base32: &str, at: OffsetDateTime) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).expect("a base32 secret");
    totp(secret.as_bytes().to_vec(), "test")
        .expect("totp")
        .generate(unix(at))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_read_in_groups_and_classify() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 12);
        assert_eq!(&code[4..5], "-");
        assert_eq!(&code[9..10], "-");
        assert!(matches!(classify(&code), Some(Typed::Recovery(c)) if c.len() == 10));
        assert!(matches!(classify(&code.to_uppercase()), Some(Typed::Recovery(_))));
        assert!(matches!(classify(" 123 456 "), Some(Typed::Totp(c)) if c == "123456"));
        assert!(classify("12345").is_none());
        assert!(classify("").is_none());
        assert_ne!(new_recovery_code(), code);
    }
}
