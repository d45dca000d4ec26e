//! The activity log of shared data: who changed what, when, and how
//! (before → after for edits). Written in the same transaction as the change.

use super::groups;
use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::pagination::{self, Cursor, Page};
use hisaab_entity::social::{ActivityId, ContactId, ExpenseGroupId, activity};
use hisaab_entity::{TenantId, UserId};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QueryTrait, Set};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityView {
    pub id: ActivityId,
    pub action: String,
    pub summary: String,
    pub actor_user_id: UserId,
    pub subject_id: Option<uuid::Uuid>,
    /// `{"before": …, "after": …}` for edits, `{}` otherwise.
    pub details: serde_json::Value,
    pub created_at: OffsetDateTime,
}

/// One activity line, before it is written (see `Effects::activity`).
pub(crate) struct Line<'a> {
    pub group_id: Option<ExpenseGroupId>,
    pub contact_id: Option<ContactId>,
    pub subject_id: Option<uuid::Uuid>,
    pub action: &'a str,
    pub summary: &'a str,
    pub details: serde_json::Value,
}

/// The line as an insert, by `actor_user_id` in `tenant_id`.
pub(crate) fn insert(
    tenant_id: TenantId,
    actor_user_id: UserId,
    now: OffsetDateTime,
    line: Line<'_>,
) -> InsertStatement {
    activity::Entity::insert(activity::ActiveModel {
        id: Set(ActivityId::new()),
        tenant_id: Set(tenant_id),
        group_id: Set(line.group_id),
        contact_id: Set(line.contact_id),
        subject_id: Set(line.subject_id),
        actor_user_id: Set(actor_user_id),
        action: Set(line.action.to_string()),
        summary: Set(line.summary.chars().take(500).collect()),
        details: Set(line.details.to_string()),
        created_at: Set(now),
    })
    .into_query()
}

/// A group's activity, newest first.
pub async fn group_activity(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<ActivityView>> {
    let actor = &super::access::group_actor(&app.db, actor, group_id).await?;
    groups::find(&app.db, actor, group_id).await?;
    let limit = pagination::limit(limit)?;
    let tag = pagination::filter_tag(&group_id.0);
    let mut query = activity::Entity::find()
        .filter(activity::Column::TenantId.eq(actor.tenant_id))
        .filter(activity::Column::GroupId.eq(group_id));
    if let Some(text) = cursor {
        let Cursor { id, .. } = pagination::decode(text, &tag)?;
        let id: ActivityId = id.parse().map_err(|_| {
            crate::Error::invalid("cursor", "is not a cursor from this list; start again without it")
        })?;
        // Ids are time-ordered (v7), so they order the log on their own.
        query = query.filter(Condition::all().add(activity::Column::Id.lt(id)));
    }
    let rows: Vec<activity::Model> =
        crate::db::all_limited(&app.db, query.order_by_desc(activity::Column::Id), limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |a| Cursor {
        key: String::new(),
        id: a.id.to_string(),
    });
    Ok(page.map(|a| ActivityView {
        id: a.id,
        action: a.action,
        summary: a.summary,
        actor_user_id: a.actor_user_id,
        subject_id: a.subject_id,
        details: serde_json::from_str(&a.details).unwrap_or(serde_json::Value::Null),
        created_at: a.created_at,
    }))
}
