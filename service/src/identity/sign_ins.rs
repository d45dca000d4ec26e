//! Everywhere a person is signed in: web sessions and API sign-ins (token
//! families) in one list, and ending any one of them.

use super::tokens::revoke_family;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::{Actor, App, db};
use hisaab_entity::session::{self, Surface};
use hisaab_entity::{RefreshTokenFamilyId, SessionId, refresh_token_family};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// At most this many of each kind are listed (the most recently seen).
pub const LISTED_PER_KIND: u64 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInKind {
    /// A browser session (cookie).
    Web,
    /// An API sign-in: the refresh-token family from one `POST /auth/token`.
    Api,
}

impl SignInKind {
    pub fn name(self) -> &'static str {
        match self {
            SignInKind::Web => "web",
            SignInKind::Api => "api",
        }
    }
}

#[derive(Clone, Debug)]
pub struct SignInView {
    pub id: uuid::Uuid,
    pub kind: SignInKind,
    pub created_at: OffsetDateTime,
    /// A web session's last request (to the minute); an API sign-in's last
    /// token refresh (its access tokens work for their lifetime without one).
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The sign-in this request came through.
    pub current: bool,
}

/// The person's live sign-ins of both kinds, most recently seen first.
/// `current_session` is the page's own session; a bearer request's own
/// sign-in is `actor.meta.api_sign_in`.
pub async fn list_sign_ins(
    app: &App,
    actor: &Actor,
    current_session: Option<SessionId>,
) -> Result<Vec<SignInView>> {
    let now = app.now();
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::TenantId.eq(actor.tenant_id))
        .filter(session::Column::Surface.eq(Surface::Web))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt);
    let sessions: Vec<session::Model> = db::all_limited(&app.db, sessions, LISTED_PER_KIND).await?;
    // A family lives while its newest refresh token does: issued at the last
    // refresh (or the sign-in), good for `refresh_token_ttl_days`.
    let cutoff = now - Duration::days(i64::from(app.settings.refresh_token_ttl_days));
    let families = refresh_token_family::Entity::find()
        .filter(refresh_token_family::Column::UserId.eq(actor.user_id))
        .filter(refresh_token_family::Column::TenantId.eq(actor.tenant_id))
        .filter(refresh_token_family::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(refresh_token_family::Column::LastSeenAt.gt(cutoff))
                .add(
                    Condition::all()
                        .add(refresh_token_family::Column::LastSeenAt.is_null())
                        .add(refresh_token_family::Column::CreatedAt.gt(cutoff)),
                ),
        )
        .order_by_desc(refresh_token_family::Column::LastSeenAt)
        .order_by_desc(refresh_token_family::Column::CreatedAt);
    let families: Vec<refresh_token_family::Model> =
        db::all_limited(&app.db, families, LISTED_PER_KIND).await?;
    let mut list: Vec<SignInView> = sessions
        .into_iter()
        .map(|s| SignInView {
            current: Some(s.id) == current_session,
            id: s.id.0,
            kind: SignInKind::Web,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .chain(families.into_iter().map(|f| SignInView {
            current: Some(f.id) == actor.meta.api_sign_in,
            id: f.id.0,
            kind: SignInKind::Api,
            created_at: f.created_at,
            last_seen_at: f.last_seen_at.unwrap_or(f.created_at),
            ip: f.ip,
            user_agent: f.user_agent,
        }))
        .collect();
    list.sort_by(|a, b| b.last_seen_at.cmp(&a.last_seen_at).then(b.id.cmp(&a.id)));
    Ok(list)
}

/// Ends one of the person's own sign-ins, of either kind. Someone else's id,
/// an unknown one or one already ended is NotFound. An API sign-in's access
/// tokens are refused within a second on every instance (ADR 0018).
pub async fn revoke_sign_in(app: &App, actor: &Actor, id: uuid::Uuid) -> Result<SignInKind> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let ended_session = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(SessionId(id)))
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::TenantId.eq(actor.tenant_id))
        .filter(session::Column::Surface.eq(Surface::Web))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    let kind = if ended_session > 0 {
        SignInKind::Web
    } else {
        let family = refresh_token_family::Entity::find_by_id(RefreshTokenFamilyId(id))
            .filter(refresh_token_family::Column::UserId.eq(actor.user_id))
            .filter(refresh_token_family::Column::TenantId.eq(actor.tenant_id))
            .filter(refresh_token_family::Column::RevokedAt.is_null())
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?;
        revoke_family(&txn, family.id, "revoked", now).await?;
        SignInKind::Api
    };
    txn.commit(Effects::by(actor, now).audit(
        "auth.sign_in_revoked",
        json!({ "sign_in": id.to_string(), "kind": kind.name() }),
    ))
    .await?;
    super::revocation::sign_ins_ended(app, actor.user_id).await;
    Ok(kind)
}
