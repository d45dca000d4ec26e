//! Who may act on what: your own records by tenant, and records shared with
//! you through an accepted invitation (a contact of the owner linked to you).
//! Nothing else crosses tenants (DESIGN.md rule 2).

use super::groups::{self, GroupView};
use super::{get, query_all};
use crate::actor::Actor;
use crate::error::{Error, Result};
use hisaab_entity::TenantId;
use hisaab_entity::social::{ExpenseGroupId, GroupExpenseId, PeerDebtId, group};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

/// Where a group member is a contact linked to `$user`.
const LINKED_MEMBER: &str = "EXISTS (SELECT 1 FROM expense_group_members m JOIN social_contacts c ON c.id = m.contact_id \
     WHERE m.group_id = g.id AND m.removed_at IS NULL AND c.linked_user_id = $USER AND c.share_status = 'accepted')";

pub(crate) fn linked_member_sql(user_param: &str) -> String {
    LINKED_MEMBER.replace("$USER", user_param)
}

/// The actor to work on `group_id` as: the actor for their own group; for a
/// group shared with them, the same user acting in the group's tenant.
/// Anything else is `NotFound`.
pub(crate) async fn group_actor<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    group_id: ExpenseGroupId,
) -> Result<Actor> {
    let sql = format!(
        "SELECT g.tenant_id FROM expense_groups g WHERE g.id = $1 AND (g.tenant_id = $2 OR {})",
        linked_member_sql("$3")
    );
    let rows = query_all(
        db,
        &sql,
        vec![
            Value::from(group_id.0),
            Value::from(actor.tenant_id.0),
            Value::from(actor.user_id.0),
        ],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let tenant = TenantId(get(row, "tenant_id")?);
    Ok(Actor {
        tenant_id: tenant,
        ..actor.clone()
    })
}

/// The group as `actor` may work on it, and the actor to work as (see
/// `group_actor`): the group and its members in one statement (a row per
/// member; the group's own columns on each).
pub(crate) async fn load_group<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    group_id: ExpenseGroupId,
) -> Result<(Actor, GroupView)> {
    let sql = format!(
        "SELECT g.*, {} FROM expense_groups g \
         LEFT JOIN expense_group_members m ON m.group_id = g.id AND m.tenant_id = g.tenant_id {} \
         WHERE g.id = $1 AND (g.tenant_id = $2 OR {}) ORDER BY m.created_at, m.id",
        groups::MEMBER_COLUMNS,
        groups::MEMBER_JOINS,
        linked_member_sql("$3")
    );
    let rows = query_all(
        db,
        &sql,
        vec![
            Value::from(group_id.0),
            Value::from(actor.tenant_id.0),
            Value::from(actor.user_id.0),
        ],
    )
    .await?;
    let first = rows.first().ok_or(Error::NotFound)?;
    let g = group::Model::from_query_result(first, "")?;
    let effective = Actor {
        tenant_id: g.tenant_id,
        ..actor.clone()
    };
    let members = groups::members_from_rows(&rows)?;
    let view = groups::view(g, members)?;
    Ok((effective, view))
}

/// `load_group` through the view cache (ADR 0014): the group and its members
/// as this person sees them, reused until their view revision moves. Every
/// write that changes a group, its members or who may see it notifies (and
/// so bumps) everyone it shares the group with, the person removed included;
/// a reader pays one primary-key read instead of the member join.
/// `revision` is the person's view revision, read before (a list validates
/// its cached page against the same one).
pub(crate) async fn cached_group(
    app: &crate::App,
    actor: &Actor,
    revision: i64,
    group_id: ExpenseGroupId,
) -> Result<(Actor, SharedGroup)> {
    let key = format!("social.group:{group_id}");
    let view = crate::view_cache::cached_at(app, actor.user_id, revision, key, async {
        let (effective, group) = load_group(&app.db, actor, group_id).await?;
        Ok((effective.tenant_id, group))
    })
    .await?;
    Ok((
        Actor {
            tenant_id: view.0,
            ..actor.clone()
        },
        SharedGroup(view),
    ))
}

/// A group as the view cache holds it (with its tenant), shared by every
/// request that reads it rather than copied: a 50-member group is a
/// hundred strings.
#[derive(Clone)]
pub(crate) struct SharedGroup(std::sync::Arc<(TenantId, GroupView)>);

impl std::ops::Deref for SharedGroup {
    type Target = GroupView;

    fn deref(&self) -> &GroupView {
        &self.0.1
    }
}

/// The same, for the group an expense belongs to.
pub(crate) async fn expense_actor<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: GroupExpenseId,
) -> Result<Actor> {
    let rows = query_all(
        db,
        "SELECT group_id FROM group_expenses WHERE id = $1",
        vec![Value::from(id.0)],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    group_actor(db, actor, ExpenseGroupId(get(row, "group_id")?)).await
}

/// The actor to settle `debt_id` as: the owner for their own debt; for a
/// debt whose contact is linked (accepted) to the asking user, that user
/// acting in the owner's tenant. Anything else is `NotFound`.
pub(crate) async fn debt_actor<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    debt_id: PeerDebtId,
) -> Result<Actor> {
    let rows = query_all(
        db,
        "SELECT d.tenant_id FROM peer_debts d WHERE d.id = $1 AND (d.tenant_id = $2 OR EXISTS ( \
           SELECT 1 FROM social_contacts c WHERE c.id = d.contact_id AND c.linked_user_id = $3 AND c.share_status = 'accepted'))",
        vec![
            Value::from(debt_id.0),
            Value::from(actor.tenant_id.0),
            Value::from(actor.user_id.0),
        ],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    Ok(Actor {
        tenant_id: TenantId(get(row, "tenant_id")?),
        ..actor.clone()
    })
}

/// Whether `actor` works in a group shared with them (not their own).
pub(crate) fn is_shared(original: &Actor, effective: &Actor) -> bool {
    original.tenant_id != effective.tenant_id
}
