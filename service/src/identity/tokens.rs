//! API tokens: short-lived access JWTs and rotating refresh tokens grouped in
//! families. Presenting a refresh token that was already used means it was
//! copied: the whole family is revoked.
//!
//! An access token names its family (claim `sid`, the API sign-in). A family
//! revoked by sign-out, a revoke from the settings, a password change or a
//! detected reuse makes its access tokens fail within a second on every
//! instance: `authenticate` checks the id against `RevokedSignIns` (ADR 0018).

use super::{UserView, parse_role, role_name};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::{Actor, App, RequestMeta, crypto, db};
use hisaab_entity::{
    RefreshTokenFamilyId, RefreshTokenId, TenantId, UserId, refresh_token, refresh_token_family, user,
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    pub sub: String,
    pub tenant: String,
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub typ: String,
    /// The sign-in (refresh-token family) the token belongs to. Tokens
    /// issued before sign-ins were named have none and cannot be revoked
    /// early (they expire within one access-token lifetime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
}

fn jwt_key(app: &App) -> Vec<u8> {
    crypto::derive_key(app.settings.secret_key.expose(), "jwt-hs256")
}

fn access_token(
    app: &App,
    user: &UserView,
    family: RefreshTokenFamilyId,
    now: OffsetDateTime,
) -> Result<String> {
    let claims = AccessClaims {
        sub: user.id.to_string(),
        tenant: user.tenant_id.to_string(),
        role: role_name(user.role).into(),
        iat: now.unix_timestamp(),
        exp: now.unix_timestamp() + app.settings.access_token_ttl_secs as i64,
        jti: uuid::Uuid::now_v7().to_string(),
        typ: "access".into(),
        sid: Some(family.to_string()),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&jwt_key(app)),
    )
    .map_err(|e| Error::Internal(e.into()))
}

/// Access tokens this process has verified, and what they said. Verifying
/// derives the key and checks an HMAC in software SHA-256: ~50,000
/// instructions, 5 % of a list request's, paid on every API call. What a
/// token says never changes, so the remembered answer is the one
/// verification would give again; expiry (against the clock) and revocation
/// of its sign-in (against `App::revoked`) are still checked on every use.
/// Bounded: forgotten all at once when full.
#[derive(Clone, Default)]
pub struct VerifiedTokens(Arc<Mutex<HashMap<String, Verified>>>);

#[derive(Clone, Copy)]
struct Verified {
    user_id: UserId,
    tenant_id: TenantId,
    role: hisaab_entity::user::Role,
    exp: i64,
    sign_in: Option<RefreshTokenFamilyId>,
}

const REMEMBERED_TOKENS: usize = 10_000;

impl VerifiedTokens {
    fn get(&self, token: &str) -> Option<Verified> {
        self.0.lock().expect("token cache lock").get(token).copied()
    }

    fn remember(&self, token: &str, verified: Verified) {
        let mut map = self.0.lock().expect("token cache lock");
        if map.len() >= REMEMBERED_TOKENS {
            map.clear();
        }
        map.insert(token.to_string(), verified);
    }
}

/// Checks a bearer token for a request: reloads the revoked sign-ins when
/// they are a second old (one query per process per second at most), then
/// `verify_access_token`.
pub async fn authenticate(app: &App, token: &str, meta: RequestMeta) -> Result<Actor> {
    app.revoked.reload_if_due(app).await?;
    verify_access_token(app, token, meta)
}

/// When a valid access token expires (unix seconds): an event stream opened
/// with it closes then. `None` for a token that does not verify.
pub fn access_token_expiry(app: &App, token: &str) -> Option<i64> {
    app.tokens
        .get(token)
        .or_else(|| verify_signed(app, token))
        .map(|v| v.exp)
}

/// Whether an access token would still be accepted, with this process's
/// revoked sign-ins reloaded first: asked by an open event stream when its
/// person's sign-ins changed, so a revocation closes it at once.
pub async fn access_token_is_live(app: &App, token: &str) -> Result<bool> {
    app.revoked.mark_stale();
    app.revoked.reload_if_due(app).await?;
    Ok(verify_access_token(app, token, RequestMeta::default()).is_ok())
}

/// Checks an access token: HS256 only (the algorithm is fixed here, never read
/// from the token), a valid signature, not expired by the app's clock, its
/// sign-in not revoked as far as this process has loaded (`authenticate`
/// keeps that at most a second old). The actor's `meta.api_sign_in` names
/// the sign-in.
pub fn verify_access_token(app: &App, token: &str, meta: RequestMeta) -> Result<Actor> {
    let unauthenticated =
        || Error::Unauthenticated("The access token is missing, invalid or expired.".into());
    let now = app.now().unix_timestamp();
    let verified = match app.tokens.get(token) {
        Some(v) => v,
        None => {
            let v = verify_signed(app, token).ok_or_else(unauthenticated)?;
            app.tokens.remember(token, v);
            v
        }
    };
    if verified.exp <= now || verified.sign_in.is_some_and(|id| app.revoked.contains(id)) {
        return Err(unauthenticated());
    }
    Ok(Actor {
        user_id: verified.user_id,
        tenant_id: verified.tenant_id,
        role: verified.role,
        meta: RequestMeta {
            api_sign_in: verified.sign_in,
            ..meta
        },
    })
}

/// What a well-signed access token says (expiry not yet checked).
fn verify_signed(app: &App, token: &str) -> Option<Verified> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // checked below against the app's clock
    validation.set_required_spec_claims(&["exp", "iat", "sub"]);
    let data =
        jsonwebtoken::decode::<AccessClaims>(token, &DecodingKey::from_secret(&jwt_key(app)), &validation)
            .ok()?;
    let claims = data.claims;
    if claims.typ != "access" {
        return None;
    }
    Some(Verified {
        user_id: claims.sub.parse::<UserId>().ok()?,
        tenant_id: claims.tenant.parse::<TenantId>().ok()?,
        role: parse_role(&claims.role)?,
        exp: claims.exp,
        sign_in: match claims.sid {
            Some(sid) => Some(sid.parse::<RefreshTokenFamilyId>().ok()?),
            None => None,
        },
    })
}

/// Starts a new token family for a person who just proved who they are.
pub async fn issue_tokens(app: &App, user: &UserView, meta: &RequestMeta) -> Result<TokenPair> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let family = RefreshTokenFamilyId::new();
    refresh_token_family::ActiveModel {
        id: Set(family),
        user_id: Set(user.id),
        tenant_id: Set(user.tenant_id),
        created_at: Set(now),
        revoked_at: Set(None),
        revoke_reason: Set(None),
        last_seen_at: Set(Some(now)),
        ip: Set(meta.ip.clone()),
        user_agent: Set(meta.user_agent.as_ref().map(|ua| ua.chars().take(300).collect())),
    }
    .insert(&txn)
    .await?;
    let refresh = new_refresh_token(app, &txn, family, now).await?;
    txn.commit(Effects::anonymous(meta, now).audit_entry(Entry {
        action: "auth.token_issued",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(user.id),
        subject_user_id: Some(user.id),
        details: json!({ "family": family.to_string() }),
        meta,
    }))
    .await?;
    Ok(TokenPair {
        access_token: access_token(app, user, family, now)?,
        refresh_token: refresh,
        expires_in: app.settings.access_token_ttl_secs,
    })
}

async fn new_refresh_token<C: ConnectionTrait>(
    app: &App,
    db: &C,
    family: RefreshTokenFamilyId,
    now: OffsetDateTime,
) -> Result<String, DbErr> {
    let token = crypto::random_token();
    refresh_token::ActiveModel {
        id: Set(RefreshTokenId::new()),
        family_id: Set(family),
        token_hash: Set(crypto::token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(i64::from(app.settings.refresh_token_ttl_days))),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Exchanges a refresh token for a new pair (rotation).
pub async fn refresh_tokens(app: &App, presented: &str, meta: &RequestMeta) -> Result<TokenPair> {
    let invalid = || {
        Error::Unauthenticated("The refresh token is invalid, expired or already used. Sign in again.".into())
    };
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(crypto::token_hash(presented)))
        .one(&txn)
        .await?
    else {
        return Err(invalid());
    };
    let family = refresh_token_family::Entity::find_by_id(token.family_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if family.revoked_at.is_some() || token.expires_at <= now {
        return Err(invalid());
    }
    // Only one presenter can flip `used_at`; anyone else is replaying a copy.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        revoke_family(&txn, family.id, "reuse_detected", now).await?;
        txn.commit(Effects::anonymous(meta, now).audit_entry(Entry {
            action: "auth.refresh_reuse",
            tenant_id: Some(family.tenant_id),
            actor_user_id: None,
            subject_user_id: Some(family.user_id),
            details: json!({ "family": family.id.to_string() }),
            meta,
        }))
        .await?;
        super::revocation::sign_ins_ended(app, family.user_id).await;
        return Err(invalid());
    }
    let user: UserView = user::Entity::find_by_id(family.user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?
        .into();
    if user.is_locked(now) {
        return Err(invalid());
    }
    let refresh = new_refresh_token(app, &txn, family.id, now).await?;
    refresh_token_family::Entity::update_many()
        .col_expr(refresh_token_family::Column::LastSeenAt, Expr::value(now))
        .filter(refresh_token_family::Column::Id.eq(family.id))
        .exec(&txn)
        .await?;
    txn.commit(&Effects::anonymous(meta, now)).await?;
    Ok(TokenPair {
        access_token: access_token(app, &user, family.id, now)?,
        refresh_token: refresh,
        expires_in: app.settings.access_token_ttl_secs,
    })
}

/// Ends the token family of a refresh token (API sign-out). Unknown tokens are
/// ignored: sign-out is idempotent.
pub async fn logout_refresh_token(app: &App, presented: &str, meta: &RequestMeta) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut effects = Effects::anonymous(meta, now);
    let mut signed_out = None;
    if let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(crypto::token_hash(presented)))
        .one(&txn)
        .await?
        && let Some(family) = refresh_token_family::Entity::find_by_id(token.family_id)
            .one(&txn)
            .await?
    {
        revoke_family(&txn, family.id, "logout", now).await?;
        signed_out = Some(family.user_id);
        effects.audit_entry(Entry {
            action: "auth.sign_out",
            tenant_id: Some(family.tenant_id),
            actor_user_id: Some(family.user_id),
            subject_user_id: Some(family.user_id),
            details: json!({ "family": family.id.to_string() }),
            meta,
        });
    }
    txn.commit(&effects).await?;
    if let Some(user) = signed_out {
        super::revocation::sign_ins_ended(app, user).await;
    }
    Ok(())
}

pub(crate) async fn revoke_family<C: ConnectionTrait>(
    db: &C,
    id: RefreshTokenFamilyId,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    refresh_token_family::Entity::update_many()
        .col_expr(refresh_token_family::Column::RevokedAt, Expr::value(now))
        .col_expr(refresh_token_family::Column::RevokeReason, Expr::value(reason))
        .filter(refresh_token_family::Column::Id.eq(id))
        .filter(refresh_token_family::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live token family of a person but `keep` (the sign-in the
/// request came through, when it is one). The caller marks `app.revoked`
/// stale after its commit.
pub(crate) async fn revoke_all_families<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    keep: Option<RefreshTokenFamilyId>,
    reason: &str,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    let mut update = refresh_token_family::Entity::update_many()
        .col_expr(refresh_token_family::Column::RevokedAt, Expr::value(now))
        .col_expr(refresh_token_family::Column::RevokeReason, Expr::value(reason))
        .filter(refresh_token_family::Column::UserId.eq(user_id))
        .filter(refresh_token_family::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(refresh_token_family::Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}
