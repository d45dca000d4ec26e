//! Bulk staff actions on the users a list filter matches: lock, or sign out
//! everywhere. Superadmins only. The console shows the count first; the
//! action re-reads the filter in its transaction and refuses when the count
//! changed, so it applies to exactly the users the staff member confirmed.
//! Every user gets the audit entry a single action would write (marked with
//! the bulk action's id), plus one entry for the bulk action itself.

use super::UserView;
use super::sessions::end_all_sign_ins;
use super::user_filter::UserFilter;
use super::users::{add_ended, lock_action, lock_change, lock_snapshot, require_superadmin, revoke_details};
use crate::audit::{Entry, StaffReason};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::realtime::Signal;
use crate::{Actor, App, db};
use hisaab_entity::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// At most this many users per bulk action: a wider filter is refused
/// (narrow it, or run it in parts).
pub const BULK_LIMIT: u64 = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    Lock,
    RevokeSessions,
}

impl BulkAction {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "lock" => Some(Self::Lock),
            "revoke-sessions" => Some(Self::RevokeSessions),
            _ => None,
        }
    }

    /// The word in addresses and in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Self::Lock => "lock",
            Self::RevokeSessions => "revoke-sessions",
        }
    }
}

/// The users a bulk action would reach: the filter's, never the staff
/// member acting (nobody locks themself out by a filter).
fn targets(actor: &Actor, filter: &UserFilter, now: time::OffsetDateTime) -> sea_orm::Select<user::Entity> {
    user::Entity::find()
        .filter(filter.condition(now))
        .filter(user::Column::Id.ne(actor.user_id))
}

/// How many users a bulk action on this filter would reach (the
/// confirmation page's number). Superadmins only.
pub async fn admin_bulk_count(app: &App, actor: &Actor, filter: &UserFilter) -> Result<u64> {
    require_superadmin(actor)?;
    Ok(targets(actor, filter, app.now()).count(&app.db).await?)
}

fn too_many(n: u64) -> Error {
    Error::invalid(
        "filter",
        format!(
            "The filter matches {n} users; a bulk action reaches at most {BULK_LIMIT}. Narrow the filter."
        ),
    )
}

/// Applies `action` to every user the filter matches, when they are still
/// `expected` many (the count the staff member confirmed); returns the users
/// it reached.
pub async fn admin_bulk_apply(
    app: &App,
    actor: &Actor,
    action: BulkAction,
    filter: &UserFilter,
    expected: u64,
    reason: &StaffReason,
) -> Result<Vec<UserView>> {
    require_superadmin(actor)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let query = targets(actor, filter, now).order_by_asc(user::Column::Email);
    let users: Vec<user::Model> = db::all_limited(&txn, query, BULK_LIMIT + 1).await?;
    let found = users.len() as u64;
    if found > BULK_LIMIT {
        return Err(too_many(targets(actor, filter, now).count(&txn).await?));
    }
    if found != expected {
        return Err(Error::Conflict(format!(
            "The filter now matches {found} users, not {expected}: the list changed. Check the count and confirm again."
        )));
    }
    let bulk_id = uuid::Uuid::now_v7().to_string();
    let mut effects = Effects::by(actor, now);
    let mut reached = Vec::with_capacity(users.len());
    for user in users {
        let (entry_action, mut details, after) = match action {
            BulkAction::Lock => {
                let mut active: user::ActiveModel = user.clone().into();
                lock_change(true)(&mut active, now);
                active.updated_at = Set(now);
                let updated = active.update(&txn).await?;
                let ended = end_all_sign_ins(&txn, user.id, now).await?;
                let mut details = reason.details(lock_snapshot(&user, now), lock_snapshot(&updated, now));
                add_ended(&mut details, ended);
                (lock_action(true), details, updated)
            }
            BulkAction::RevokeSessions => {
                let ended = end_all_sign_ins(&txn, user.id, now).await?;
                (
                    "admin.sessions_revoked",
                    revoke_details(reason, ended),
                    user.clone(),
                )
            }
        };
        details["bulk_id"] = json!(bulk_id);
        effects.audit_entry(Entry {
            action: entry_action,
            tenant_id: Some(user.tenant_id),
            actor_user_id: Some(actor.user_id),
            subject_user_id: Some(user.id),
            details,
            meta: &actor.meta,
        });
        reached.push(UserView::from(after));
    }
    effects.audit_entry(Entry {
        action: "admin.bulk_action",
        tenant_id: None,
        actor_user_id: Some(actor.user_id),
        subject_user_id: None,
        details: json!({
            "reason": reason.as_str(),
            "action": action.name(),
            "filter": filter.to_json(),
            "count": reached.len(),
            "bulk_id": bulk_id,
        }),
        meta: &actor.meta,
    });
    txn.commit(&effects).await?;
    // Every process refuses their access tokens and closes their streams.
    app.revoked.mark_stale();
    let signals: Vec<Signal> = reached.iter().map(|u| Signal::SignedOut(u.id)).collect();
    app.bus.publish(&app.db, app.now(), &signals).await;
    Ok(reached)
}
