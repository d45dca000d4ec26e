//! Staff operations on accounts (admin console and CLI). Each is audited with
//! the staff member as actor.

use super::{UserView, account::create_user, password, role_name};
use crate::audit::Entry;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::{Actor, App, db};
use hisaab_entity::user::{self, Role};
use hisaab_entity::{UserId, audit_log, session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use time::OffsetDateTime;

/// How far in the future a staff lock reaches: effectively "until unlocked".
const STAFF_LOCK_YEARS: i64 = 100;

pub struct UserPage {
    pub users: Vec<UserView>,
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug)]
pub struct AuditView {
    pub created_at: OffsetDateTime,
    pub action: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub details: String,
}

/// Reading in the console: support and superadmin staff.
pub(crate) fn require_staff(actor: &Actor) -> Result<()> {
    if actor.is_staff() {
        Ok(())
    } else {
        Err(Error::Forbidden("Only staff can do this.".into()))
    }
}

/// Changing anything from the console: superadmins only.
pub(crate) fn require_superadmin(actor: &Actor) -> Result<()> {
    if actor.is_superadmin() {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "Only a superadmin can change this; support staff can look but not change.".into(),
        ))
    }
}

/// Records that a staff member downloaded a list (`list` names it, `filters`
/// what it was narrowed to). Written before the first row is read, so a
/// download that fails half way is still on record.
pub async fn admin_record_export(
    app: &App,
    actor: &Actor,
    list: &str,
    filters: serde_json::Value,
) -> Result<()> {
    require_staff(actor)?;
    let txn = db::begin_write(&app.db).await?;
    let mut effects = Effects::by(actor, app.now());
    effects.audit_entry(Entry {
        action: "admin.export",
        tenant_id: None,
        actor_user_id: Some(actor.user_id),
        subject_user_id: None,
        details: json!({ "list": list, "filters": filters }),
        meta: &actor.meta,
    });
    txn.commit(&effects).await?;
    Ok(())
}

/// Users whose email contains `q`, ordered by email; `cursor` is the last email seen.
pub async fn admin_list_users(
    app: &App,
    actor: &Actor,
    q: &str,
    cursor: Option<&str>,
    limit: u64,
) -> Result<UserPage> {
    require_staff(actor)?;
    let mut query = user::Entity::find().order_by_asc(user::Column::Email);
    // PostgreSQL rejects NUL in text: never send control characters.
    let clean = |s: &str| s.trim().chars().filter(|c| !c.is_control()).collect::<String>();
    let q = clean(q).to_lowercase();
    if !q.is_empty() {
        query = query.filter(
            Condition::any()
                .add(user::Column::Email.contains(&q))
                .add(user::Column::DisplayName.contains(&q)),
        );
    }
    if let Some(after) = cursor.map(clean) {
        query = query.filter(user::Column::Email.gt(after));
    }
    let mut rows: Vec<user::Model> = crate::db::all_limited(&app.db, query, limit + 1).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|u| u.email.clone())
    } else {
        None
    };
    Ok(UserPage {
        users: rows.into_iter().map(UserView::from).collect(),
        next_cursor,
    })
}

pub async fn admin_get_user(app: &App, actor: &Actor, id: UserId) -> Result<(UserView, u64)> {
    require_staff(actor)?;
    let user = user::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let live_sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(app.now()))
        .count(&app.db)
        .await?;
    Ok((user.into(), live_sessions))
}

/// The most recent security events about a user.
pub async fn admin_recent_audit(app: &App, actor: &Actor, id: UserId, limit: u64) -> Result<Vec<AuditView>> {
    require_staff(actor)?;
    let rows: Vec<audit_log::Model> = crate::db::all_limited(
        &app.db,
        audit_log::Entity::find()
            .filter(
                Condition::any()
                    .add(audit_log::Column::SubjectUserId.eq(id))
                    .add(audit_log::Column::ActorUserId.eq(id)),
            )
            .order_by_desc(audit_log::Column::CreatedAt)
            .order_by_desc(audit_log::Column::Id),
        limit,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|a| AuditView {
            created_at: a.created_at,
            action: a.action,
            ip: a.ip,
            user_agent: a.user_agent,
            request_id: a.request_id,
            details: a.details,
        })
        .collect())
}

/// Who is changing an account: a staff member, or an operator at the CLI
/// (trusted: they already hold the database credentials).
enum By<'a> {
    Staff(&'a Actor),
    Operator,
}

async fn update_user(
    app: &App,
    by: By<'_>,
    id: UserId,
    action: &str,
    details: serde_json::Value,
    change: impl FnOnce(&mut user::ActiveModel, OffsetDateTime),
) -> Result<UserView> {
    let operator_meta = crate::RequestMeta {
        request_id: Some("cli".into()),
        ..Default::default()
    };
    let now = app.now();
    let (actor_user_id, meta, mut effects) = match by {
        By::Staff(actor) => {
            require_superadmin(actor)?;
            (Some(actor.user_id), &actor.meta, Effects::by(actor, now))
        }
        By::Operator => (None, &operator_meta, Effects::anonymous(&operator_meta, now)),
    };
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut active: user::ActiveModel = user.clone().into();
    change(&mut active, now);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    // A lock also ends every session and token family: an intruder must not keep one.
    let sessions_ended = if updated.locked_until.is_some_and(|t| t > now) && action == lock_action(true) {
        super::sessions::revoke_all_sessions(&txn, id, now).await?
    } else {
        0
    };
    let details = match details {
        serde_json::Value::Object(mut map) if sessions_ended > 0 => {
            map.insert("sessions_ended".into(), json!(sessions_ended));
            serde_json::Value::Object(map)
        }
        other => other,
    };
    effects.audit_entry(Entry {
        action,
        tenant_id: Some(user.tenant_id),
        actor_user_id,
        subject_user_id: Some(user.id),
        details,
        meta,
    });
    txn.commit(&effects).await?;
    if sessions_ended > 0 {
        super::revocation::sign_ins_ended(app, id).await;
    }
    Ok(updated.into())
}

fn lock_change(locked: bool) -> impl FnOnce(&mut user::ActiveModel, OffsetDateTime) {
    move |u, now| {
        u.locked_until = Set(locked.then(|| now + time::Duration::days(365 * STAFF_LOCK_YEARS)));
        u.failed_login_count = Set(0);
    }
}

fn lock_action(locked: bool) -> &'static str {
    if locked {
        "admin.user_locked"
    } else {
        "admin.user_unlocked"
    }
}

pub async fn admin_set_lock(app: &App, actor: &Actor, id: UserId, locked: bool) -> Result<UserView> {
    require_superadmin(actor)?;
    if locked && id == actor.user_id {
        return Err(Error::invalid("lock", "You cannot lock your own account."));
    }
    update_user(
        app,
        By::Staff(actor),
        id,
        lock_action(locked),
        json!({}),
        lock_change(locked),
    )
    .await
}

pub async fn admin_set_role(app: &App, actor: &Actor, id: UserId, role: Role) -> Result<UserView> {
    require_superadmin(actor)?;
    if id == actor.user_id && role != Role::Superadmin {
        return Err(Error::invalid("role", "You cannot remove your own staff role."));
    }
    update_user(
        app,
        By::Staff(actor),
        id,
        "admin.role_changed",
        json!({ "role": role_name(role) }),
        |u, _| {
            u.role = Set(role);
        },
    )
    .await
}

pub async fn admin_revoke_sessions(app: &App, actor: &Actor, id: UserId) -> Result<u64> {
    require_superadmin(actor)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let n = super::sessions::revoke_all_sessions(&txn, id, now).await?;
    txn.commit(Effects::by(actor, now).audit_entry(Entry {
        action: "admin.sessions_revoked",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(actor.user_id),
        subject_user_id: Some(id),
        details: json!({ "sessions": n }),
        meta: &actor.meta,
    }))
    .await?;
    super::revocation::sign_ins_ended(app, id).await;
    Ok(n)
}

/// Creates an account directly (operators and test fixtures; no email sent).
pub async fn admin_create_user(
    app: &App,
    email: &str,
    password_text: &str,
    display_name: Option<&str>,
    role: Role,
    verified: bool,
) -> Result<UserView> {
    let mut problems = Problems::default();
    let email_text = email.trim().to_lowercase();
    let email = problems.email("email", email);
    let display_name = display_name.unwrap_or_else(|| email_text.split('@').next().unwrap_or(""));
    let display_name = problems.text("display_name", "a name", display_name, 100);
    password::check_policy(&mut problems, "password", password_text, &email_text);
    let (email, display_name) = problems.finish_with((email, display_name))?;
    let hash = password::hash(password_text)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = create_user(&txn, &email, &display_name, hash, role, verified, now).await?;
    txn.commit(Effects::system(now).audit_entry(Entry {
        action: "admin.user_created",
        tenant_id: Some(user.tenant_id),
        actor_user_id: None,
        subject_user_id: Some(user.id),
        details: json!({ "role": role_name(role), "via": "cli" }),
        meta: &crate::RequestMeta::default(),
    }))
    .await?;
    Ok(user.into())
}

/// Locks or unlocks by email (operator CLI).
pub async fn admin_set_lock_by_email(app: &App, email: &str, locked: bool) -> Result<UserView> {
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    update_user(
        app,
        By::Operator,
        user.id,
        lock_action(locked),
        json!({ "via": "cli" }),
        lock_change(locked),
    )
    .await
}
