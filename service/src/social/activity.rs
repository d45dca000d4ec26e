//! The activity log of shared data: who changed what, when, and how
//! (before → after for edits). Written in the same transaction as the change.

use super::groups;
use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::money::Money;
use crate::pagination::{self, Cursor, Page};
use hisaab_entity::social::{ActivityId, ContactId, ExpenseGroupId, GroupMemberId, activity};
use hisaab_entity::{TenantId, UserId};
use sea_orm::sea_query::InsertStatement;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QueryTrait, Set};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// What an activity line says, as catalogue messages (`act-…` in
/// `locales/*/social.ftl`) with their arguments. It is kept in the line's
/// `details.say`, beside the English `summary`: the pages say it in the
/// reader's language, with amounts in the reader's form and the group's
/// members named as the reader knows them. Lines written before it have
/// only the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Said {
    pub id: String,
    #[serde(default)]
    pub args: BTreeMap<String, Arg>,
}

/// One argument of a [`Said`] message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// An amount: written for the reader (`₹1,86,010.50`).
    Money { amount: String, currency: String },
    /// A member of the line's group: "you" for the reader, else their name as
    /// the reader's group calls them. The message also gets `{name}_is_you`.
    Member { member_id: uuid::Uuid },
    /// IOU fields by their wire names (`due_date`), said as their labels.
    Fields { fields: Vec<String> },
    /// A count (the plural rules pick the words).
    Count(i64),
    /// Text as it was written (a description, a name).
    Text(String),
}

impl Said {
    pub(crate) fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            args: BTreeMap::new(),
        }
    }

    fn with(mut self, name: &str, arg: Arg) -> Self {
        self.args.insert(name.to_string(), arg);
        self
    }

    pub(crate) fn text(self, name: &str, text: impl Into<String>) -> Self {
        self.with(name, Arg::Text(text.into()))
    }

    pub(crate) fn money(self, name: &str, money: Money) -> Self {
        let currency = money.currency().code().to_string();
        self.with(
            name,
            Arg::Money {
                amount: money.to_string(),
                currency,
            },
        )
    }

    pub(crate) fn member(self, name: &str, member_id: GroupMemberId) -> Self {
        self.with(
            name,
            Arg::Member {
                member_id: member_id.0,
            },
        )
    }

    pub(crate) fn fields(self, name: &str, fields: Vec<String>) -> Self {
        self.with(name, Arg::Fields { fields })
    }

    pub(crate) fn count(self, name: &str, n: usize) -> Self {
        self.with(name, Arg::Count(i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityView {
    pub id: ActivityId,
    pub action: String,
    pub summary: String,
    pub actor_user_id: UserId,
    pub subject_id: Option<uuid::Uuid>,
    /// `{"before": …, "after": …}` for edits, `{}` otherwise; `say` holds
    /// what the line says as catalogue messages (see [`Said`]).
    pub details: serde_json::Value,
    /// `details.say`, read: empty for a line written before it existed.
    pub said: Vec<Said>,
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
    /// What `summary` says, for the reader's language: one sentence, or
    /// several joined ("Renamed …; Archived the group").
    pub said: Vec<Said>,
}

/// The line as an insert, by `actor_user_id` in `tenant_id`.
pub(crate) fn insert(
    tenant_id: TenantId,
    actor_user_id: UserId,
    now: OffsetDateTime,
    line: Line<'_>,
) -> InsertStatement {
    let mut details = line.details;
    if let serde_json::Value::Object(map) = &mut details
        && !line.said.is_empty()
    {
        map.insert("say".into(), serde_json::json!(line.said));
    }
    activity::Entity::insert(activity::ActiveModel {
        id: Set(ActivityId::new()),
        tenant_id: Set(tenant_id),
        group_id: Set(line.group_id),
        contact_id: Set(line.contact_id),
        subject_id: Set(line.subject_id),
        actor_user_id: Set(actor_user_id),
        action: Set(line.action.to_string()),
        summary: Set(line.summary.chars().take(500).collect()),
        details: Set(details.to_string()),
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
    Ok(page.map(view))
}

/// A stored line as the reader gets it.
pub(crate) fn view(a: activity::Model) -> ActivityView {
    let details: serde_json::Value = serde_json::from_str(&a.details).unwrap_or(serde_json::Value::Null);
    let said = details
        .get("say")
        .and_then(|say| serde_json::from_value(say.clone()).ok())
        .unwrap_or_default();
    ActivityView {
        id: a.id,
        action: a.action,
        summary: a.summary,
        actor_user_id: a.actor_user_id,
        subject_id: a.subject_id,
        details,
        said,
        created_at: a.created_at,
    }
}
