//! Server-side sessions for the web app and the admin console. The cookie
//! holds a random token; the database holds only its hash, so a stolen
//! database cannot be replayed as cookies, and sign-out really ends a session.

use super::UserView;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::notifications::{Bell, bell_columns};
use crate::{Actor, App, RequestMeta, crypto, db};
use hisaab_entity::session::{self, Surface};
use hisaab_entity::{SessionId, UserId, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// Don't write `last_seen_at` more often than this: most requests only read.
const TOUCH_EVERY: Duration = Duration::minutes(1);

#[derive(Clone, Debug)]
pub struct SignedInSession {
    pub session_id: SessionId,
    pub user: UserView,
    /// The person's bell and revision, when read with the session
    /// (`resolve_session_with_bell`).
    pub bell: Option<Bell>,
}

#[derive(Clone, Debug)]
pub struct SessionView {
    pub id: SessionId,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub current: bool,
}

/// How long a staff session lives without a request: console sessions are
/// powerful, so they end after half an hour of nobody using them.
pub const ADMIN_IDLE: Duration = Duration::minutes(30);

fn idle(app: &App, surface: Surface) -> Duration {
    match surface {
        Surface::Admin => ADMIN_IDLE,
        Surface::Web => Duration::days(i64::from(app.settings.session_idle_days)),
    }
}

/// Opens a session and returns the cookie token. `replaces` (the session the
/// browser had, if any) is revoked: the id is rotated at every sign-in.
pub async fn create_session(
    app: &App,
    user: &UserView,
    surface: Surface,
    replaces: Option<&str>,
    meta: &RequestMeta,
) -> Result<String> {
    let now = app.now();
    let token = crypto::random_token();
    let txn = db::begin_write(&app.db).await?;
    if let Some(old) = replaces {
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(crypto::token_hash(old)))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
    }
    session::ActiveModel {
        id: Set(SessionId::new()),
        token_hash: Set(crypto::token_hash(&token)),
        surface: Set(surface),
        user_id: Set(user.id),
        tenant_id: Set(user.tenant_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + idle(app, surface)),
        ip: Set(meta.ip.clone()),
        user_agent: Set(meta.user_agent.as_ref().map(|ua| ua.chars().take(300).collect())),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit(&Effects::anonymous(meta, now)).await?;
    Ok(token)
}

/// The signed-in person behind a cookie token, if the session is live. Slides
/// the idle timeout forward.
pub async fn resolve_session(app: &App, token: &str, surface: Surface) -> Result<Option<SignedInSession>> {
    resolve(app, token, surface, false).await
}

/// `resolve_session` for a request that renders a full page: the layout's
/// bell and the person's revision come in the same statement as the
/// session (`SignedInSession::bell`), so the page needs no round trip of
/// its own for them.
pub async fn resolve_session_with_bell(
    app: &App,
    token: &str,
    surface: Surface,
) -> Result<Option<SignedInSession>> {
    resolve(app, token, surface, true).await
}

async fn resolve(
    app: &App,
    token: &str,
    surface: Surface,
    with_bell: bool,
) -> Result<Option<SignedInSession>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let now = app.now();
    // The session and its person in one round trip: this runs on every
    // signed-in request.
    let mut query = session::Entity::find()
        .join(
            JoinType::InnerJoin,
            session::Entity::belongs_to(user::Entity)
                .from(session::Column::UserId)
                .to(user::Column::Id)
                .into(),
        )
        .select_also(user::Entity)
        .filter(session::Column::TokenHash.eq(crypto::token_hash(token)));
    if with_bell {
        let (unread, revision) = bell_columns("sessions.user_id");
        query = query
            .expr_as(Expr::cust(unread), "bell_unread")
            .expr_as(Expr::cust(revision), "bell_revision");
    }
    let Some(found) = app
        .db
        .query_one_raw(query.build(app.db.get_database_backend()))
        .await?
    else {
        return Ok(None);
    };
    // Read as `select_also` reads its rows: the session's columns are
    // aliased `A_…`, the person's `B_…`; the bell's are our own.
    let row = session::Model::from_query_result(&found, "A_")?;
    let Some(user) = user::Model::from_query_result_optional(&found, "B_")? else {
        return Ok(None);
    };
    let bell = if with_bell {
        Some(Bell {
            unread: u64::try_from(found.try_get::<i64>("", "bell_unread")?).unwrap_or(0),
            revision: found.try_get("", "bell_revision")?,
        })
    } else {
        None
    };
    if row.surface != surface || row.revoked_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    if surface == Surface::Admin && !user.role.is_staff() {
        return Ok(None);
    }
    if now - row.last_seen_at >= TOUCH_EVERY {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::ExpiresAt, Expr::value(now + idle(app, surface)))
            .filter(session::Column::Id.eq(row.id))
            .exec(&app.db)
            .await?;
    }
    Ok(Some(SignedInSession {
        session_id: row.id,
        user: user.into(),
        bell,
    }))
}

/// Whether a session is still signed in (not revoked, not expired): asked by
/// an open event stream when its person's sign-ins changed.
pub async fn session_is_live(app: &App, id: SessionId) -> Result<bool> {
    Ok(session::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .is_some_and(|s| s.revoked_at.is_none() && s.expires_at > app.now()))
}

pub async fn sign_out(app: &App, actor: &Actor, session_id: SessionId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::UserId.eq(actor.user_id))
        .exec(&txn)
        .await?;
    txn.commit(Effects::by(actor, now).audit("auth.sign_out", json!({})))
        .await?;
    super::revocation::sign_ins_ended(app, actor.user_id).await;
    Ok(())
}

/// The person's live web sessions, newest activity first.
pub async fn list_sessions(app: &App, actor: &Actor, current: Option<SessionId>) -> Result<Vec<SessionView>> {
    let now = app.now();
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::TenantId.eq(actor.tenant_id))
        .filter(session::Column::Surface.eq(Surface::Web))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .all(&app.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|s| SessionView {
            current: Some(s.id) == current,
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect())
}

/// Revokes one of the person's own sessions; another person's id is NotFound.
pub async fn revoke_session(app: &App, actor: &Actor, id: SessionId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let res = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::TenantId.eq(actor.tenant_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    txn.commit(
        Effects::by(actor, now).audit("auth.session_revoked", json!({ "session_id": id.to_string() })),
    )
    .await?;
    super::revocation::sign_ins_ended(app, actor.user_id).await;
    Ok(())
}

/// Signs a person out everywhere (web and API) — staff action or self-service.
/// Returns how many sessions (web and console) ended.
pub async fn revoke_all_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    Ok(end_all_sign_ins(db, user_id, now).await?.sessions)
}

/// What signing someone out everywhere ended, for the audit entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignInsEnded {
    /// Cookie sessions, web and console.
    pub sessions: u64,
    /// API sign-ins (refresh-token families): their access tokens are
    /// refused within a second (ADR 0018).
    pub api_sign_ins: u64,
}

impl SignInsEnded {
    pub fn any(self) -> bool {
        self.sessions + self.api_sign_ins > 0
    }
}

/// Ends every session and API sign-in of a person (after the commit, call
/// `revocation::sign_ins_ended`).
pub(crate) async fn end_all_sign_ins<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    now: OffsetDateTime,
) -> Result<SignInsEnded, DbErr> {
    let sessions = revoke_all_except(db, user_id, None, now).await?;
    let api_sign_ins = super::tokens::revoke_all_families(db, user_id, None, "revoked", now).await?;
    Ok(SignInsEnded {
        sessions,
        api_sign_ins,
    })
}

pub(crate) async fn revoke_all_except<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    keep: Option<SessionId>,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    let mut update = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(session::Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}
