//! Staff operations on accounts (admin console and CLI). Each is audited with
//! the staff member as actor.

use super::sessions::SignInsEnded;
use super::user_filter::UserFilter;
use super::{UserView, account::create_user, password, role_name};
use crate::audit::{Entry, StaffReason};
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

/// Users the filter matches, ordered by email; `cursor` is the last email seen.
pub async fn admin_list_users(
    app: &App,
    actor: &Actor,
    filter: &UserFilter,
    cursor: Option<&str>,
    limit: u64,
) -> Result<UserPage> {
    require_staff(actor)?;
    let mut query = user::Entity::find()
        .filter(filter.condition(app.now()))
        .order_by_asc(user::Column::Email);
    if let Some(after) = cursor.map(super::user_filter::clean_text) {
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

/// How many users the filter matches.
pub async fn admin_count_users(app: &App, actor: &Actor, filter: &UserFilter) -> Result<u64> {
    require_staff(actor)?;
    Ok(user::Entity::find()
        .filter(filter.condition(app.now()))
        .count(&app.db)
        .await?)
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

/// Who is changing an account: a staff member (with their reason), or an
/// operator at the CLI (trusted: they already hold the database credentials).
pub(super) enum By<'a> {
    Staff(&'a Actor, &'a StaffReason),
    Operator,
}

/// One change to an account, as `update_user` applies it.
pub(super) struct Change<F, G> {
    pub action: &'static str,
    /// What the audit entry shows of the account, before and after.
    pub snapshot: fn(&user::Model, OffsetDateTime) -> serde_json::Value,
    /// Refuses the change after reading the account (in the transaction).
    pub check: G,
    pub apply: F,
}

/// Applies a staff or operator change to one account and audits it with the
/// account before and after (and the staff member's reason).
pub(super) async fn update_user<F, G>(
    app: &App,
    by: By<'_>,
    id: UserId,
    change: Change<F, G>,
) -> Result<UserView>
where
    F: FnOnce(&mut user::ActiveModel, OffsetDateTime),
    G: FnOnce(&user::Model) -> Result<()>,
{
    let operator_meta = crate::RequestMeta {
        request_id: Some("cli".into()),
        ..Default::default()
    };
    let now = app.now();
    let (actor_user_id, meta, reason, mut effects) = match by {
        By::Staff(actor, reason) => {
            require_superadmin(actor)?;
            (
                Some(actor.user_id),
                &actor.meta,
                Some(reason),
                Effects::by(actor, now),
            )
        }
        By::Operator => (
            None,
            &operator_meta,
            None,
            Effects::anonymous(&operator_meta, now),
        ),
    };
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    (change.check)(&user)?;
    let mut active: user::ActiveModel = user.clone().into();
    (change.apply)(&mut active, now);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    // A lock also ends every session and token family: an intruder must not keep one.
    let ended = if change.action == lock_action(true) {
        super::sessions::end_all_sign_ins(&txn, id, now).await?
    } else {
        SignInsEnded::default()
    };
    let (before, after) = ((change.snapshot)(&user, now), (change.snapshot)(&updated, now));
    let mut details = match reason {
        Some(reason) => reason.details(before, after),
        None => json!({ "via": "cli", "before": before, "after": after }),
    };
    add_ended(&mut details, ended);
    effects.audit_entry(Entry {
        action: change.action,
        tenant_id: Some(user.tenant_id),
        actor_user_id,
        subject_user_id: Some(user.id),
        details,
        meta,
    });
    txn.commit(&effects).await?;
    if ended.any() {
        super::revocation::sign_ins_ended(app, id).await;
    }
    Ok(updated.into())
}

/// Records in an audit entry's details what a lock or sign-out ended.
pub(super) fn add_ended(details: &mut serde_json::Value, ended: SignInsEnded) {
    if let serde_json::Value::Object(map) = details
        && ended.any()
    {
        map.insert("sessions_ended".into(), json!(ended.sessions));
        map.insert("api_sign_ins_ended".into(), json!(ended.api_sign_ins));
    }
}

pub(super) fn lock_change(locked: bool) -> impl FnOnce(&mut user::ActiveModel, OffsetDateTime) {
    move |u, now| {
        u.locked_until = Set(locked.then(|| now + time::Duration::days(365 * STAFF_LOCK_YEARS)));
        u.failed_login_count = Set(0);
    }
}

pub(super) fn lock_action(locked: bool) -> &'static str {
    if locked {
        "admin.user_locked"
    } else {
        "admin.user_unlocked"
    }
}

/// The lock state as the audit entry shows it.
pub(super) fn lock_snapshot(u: &user::Model, now: OffsetDateTime) -> serde_json::Value {
    json!({ "locked": u.locked_until.is_some_and(|t| t > now) })
}

fn role_snapshot(u: &user::Model, _: OffsetDateTime) -> serde_json::Value {
    json!({ "role": role_name(u.role) })
}

fn anyone(_: &user::Model) -> Result<()> {
    Ok(())
}

/// A check that lets any account through.
type Anyone = fn(&user::Model) -> Result<()>;

fn lock(locked: bool) -> Change<impl FnOnce(&mut user::ActiveModel, OffsetDateTime), Anyone> {
    Change {
        action: lock_action(locked),
        snapshot: lock_snapshot,
        check: anyone,
        apply: lock_change(locked),
    }
}

/// Locks (and signs out everywhere) or unlocks an account; superadmins only.
pub async fn admin_set_lock(
    app: &App,
    actor: &Actor,
    id: UserId,
    locked: bool,
    reason: &StaffReason,
) -> Result<UserView> {
    require_superadmin(actor)?;
    if locked && id == actor.user_id {
        return Err(Error::invalid("lock", "You cannot lock your own account."));
    }
    update_user(app, By::Staff(actor, reason), id, lock(locked)).await
}

pub async fn admin_set_role(
    app: &App,
    actor: &Actor,
    id: UserId,
    role: Role,
    reason: &StaffReason,
) -> Result<UserView> {
    require_superadmin(actor)?;
    if id == actor.user_id && role != Role::Superadmin {
        return Err(Error::invalid("role", "You cannot remove your own staff role."));
    }
    let change = Change {
        action: "admin.role_changed",
        snapshot: role_snapshot,
        check: anyone,
        apply: move |u: &mut user::ActiveModel, _| {
            u.role = Set(role);
        },
    };
    update_user(app, By::Staff(actor, reason), id, change).await
}

/// A sign-out-everywhere's details: the sign-ins it ended, none after.
pub(super) fn revoke_details(reason: &StaffReason, ended: SignInsEnded) -> serde_json::Value {
    reason.details(
        json!({ "sessions": ended.sessions, "api_sign_ins": ended.api_sign_ins }),
        json!({ "sessions": 0, "api_sign_ins": 0 }),
    )
}

/// Ends every web and console session and every API sign-in (refresh-token
/// family) of a person; superadmins only. Returns what it ended.
pub async fn admin_revoke_sessions(
    app: &App,
    actor: &Actor,
    id: UserId,
    reason: &StaffReason,
) -> Result<SignInsEnded> {
    require_superadmin(actor)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let user = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let ended = super::sessions::end_all_sign_ins(&txn, id, now).await?;
    txn.commit(Effects::by(actor, now).audit_entry(Entry {
        action: "admin.sessions_revoked",
        tenant_id: Some(user.tenant_id),
        actor_user_id: Some(actor.user_id),
        subject_user_id: Some(id),
        details: revoke_details(reason, ended),
        meta: &actor.meta,
    }))
    .await?;
    super::revocation::sign_ins_ended(app, id).await;
    Ok(ended)
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
    let hash = password::hash(password_text).await?;
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
    update_user(app, By::Operator, user.id, lock(locked)).await
}
