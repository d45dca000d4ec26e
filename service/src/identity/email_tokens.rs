//! Single-use tokens sent by email. Only their hash is stored; a new token
//! replaces any unused one of the same purpose.

use crate::crypto;
use hisaab_entity::email_token::{self, Purpose};
use hisaab_entity::{EmailTokenId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use time::{Duration, OffsetDateTime};

pub const VERIFY_TTL: Duration = Duration::hours(48);
pub const RESET_TTL: Duration = Duration::hours(1);

pub async fn issue<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<String, DbErr> {
    email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::UserId.eq(user_id))
        .filter(email_token::Column::Purpose.eq(purpose))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = crypto::random_token();
    let ttl = match purpose {
        Purpose::VerifyEmail => VERIFY_TTL,
        Purpose::PasswordReset => RESET_TTL,
    };
    email_token::ActiveModel {
        id: Set(EmailTokenId::new()),
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(crypto::token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Marks a valid token used and returns its user. The conditional update makes
/// two concurrent uses of one token succeed at most once.
pub async fn consume<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<Option<UserId>, DbErr> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let Some(row) = email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(crypto::token_hash(token)))
        .filter(email_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.used_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    let updated = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::Id.eq(row.id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((updated.rows_affected == 1).then_some(row.user_id))
}
