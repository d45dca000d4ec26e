//! API tokens: short-lived access JWTs and rotating refresh tokens grouped in
//! families. Presenting a refresh token that was already used means it was
//! copied: the whole family is revoked.

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

fn access_token(app: &App, user: &UserView, now: OffsetDateTime) -> Result<String> {
    let claims = AccessClaims {
        sub: user.id.to_string(),
        tenant: user.tenant_id.to_string(),
        role: role_name(user.role).into(),
        iat: now.unix_timestamp(),
        exp: now.unix_timestamp() + app.settings.access_token_ttl_secs as i64,
        jti: uuid::Uuid::now_v7().to_string(),
        typ: "access".into(),
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
/// instructions, 5 % of a list request's, paid on every API call. An access
/// token cannot be revoked before it expires (a refresh token can), so the
/// remembered answer is the one verification would give again; expiry is
/// still checked against the clock on every use. Bounded: forgotten all at
/// once when full.
#[derive(Clone, Default)]
pub struct VerifiedTokens(Arc<Mutex<HashMap<String, Verified>>>);

#[derive(Clone, Copy)]
struct Verified {
    user_id: UserId,
    tenant_id: TenantId,
    role: hisaab_entity::user::Role,
    exp: i64,
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

/// Checks an access token: HS256 only (the algorithm is fixed here, never read
/// from the token), a valid signature, not expired by the app's clock.
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
    if verified.exp <= now {
        return Err(unauthenticated());
    }
    Ok(Actor {
        user_id: verified.user_id,
        tenant_id: verified.tenant_id,
        role: verified.role,
        meta,
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
        access_token: access_token(app, user, now)?,
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
    txn.commit(&Effects::anonymous(meta, now)).await?;
    Ok(TokenPair {
        access_token: access_token(app, &user, now)?,
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
    if let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(crypto::token_hash(presented)))
        .one(&txn)
        .await?
        && let Some(family) = refresh_token_family::Entity::find_by_id(token.family_id)
            .one(&txn)
            .await?
    {
        revoke_family(&txn, family.id, "logout", now).await?;
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
    Ok(())
}

async fn revoke_family<C: ConnectionTrait>(
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

pub(crate) async fn revoke_all_families<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    refresh_token_family::Entity::update_many()
        .col_expr(refresh_token_family::Column::RevokedAt, Expr::value(now))
        .col_expr(refresh_token_family::Column::RevokeReason, Expr::value(reason))
        .filter(refresh_token_family::Column::UserId.eq(user_id))
        .filter(refresh_token_family::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
