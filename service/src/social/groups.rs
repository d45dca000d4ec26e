//! Expense groups and their members ("you" plus contacts).

use super::activity::{Line, Said};
use super::contacts;
use super::default_split::{self, DefaultShare, DefaultShareInput};
use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::money::Currency;
use crate::pagination::{self, Cursor, Page};
use crate::{App, db};
use hisaab_entity::social::{ContactId, ExpenseGroupId, GroupMemberId, contact, group, member};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    Value,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;
use time::OffsetDateTime;

/// The most members a group may have.
pub const MAX_MEMBERS: usize = 200;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GroupInput {
    pub name: String,
    pub currency: String,
    pub contact_ids: Vec<String>,
    pub simplify: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct GroupPatch {
    pub name: Option<String>,
    pub simplify: Option<bool>,
    pub archived: Option<bool>,
    /// `None` leaves it; `Some(None)` clears it; `Some(Some(..))` sets it.
    pub default_split: Option<Option<Vec<DefaultShareInput>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberView {
    pub id: GroupMemberId,
    /// `None` for the group's owner.
    pub contact_id: Option<ContactId>,
    /// As the person asking sees it ("You" for themselves).
    pub name: String,
    /// This member is the person asking (the owner, or the linked contact in a shared group).
    pub viewer: bool,
    /// Left or was removed: named on past lines, offered for nothing new.
    pub removed: bool,
}

impl MemberView {
    pub fn is_you(&self) -> bool {
        self.contact_id.is_none()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupView {
    pub id: ExpenseGroupId,
    pub name: String,
    pub currency: Currency,
    pub simplify: bool,
    pub archived: bool,
    /// Current members (you first).
    pub members: Vec<MemberView>,
    /// Members who left or were removed, for the names on past lines.
    pub former: Vec<MemberView>,
    /// The split that pre-fills the expense form (`default_split`).
    pub default_split: Option<Vec<DefaultShare>>,
    pub created_at: OffsetDateTime,
}

impl GroupView {
    pub fn member(&self, id: GroupMemberId) -> Option<&MemberView> {
        self.members.iter().find(|m| m.id == id)
    }

    /// The owner's own member (who may link their accounts).
    pub fn you(&self) -> Option<&MemberView> {
        self.members.iter().find(|m| m.is_you())
    }

    /// The member who is the person asking.
    pub fn viewer(&self) -> Option<&MemberView> {
        self.members.iter().find(|m| m.viewer)
    }

    /// A current or former member (past lines name both).
    pub fn member_or_former(&self, id: GroupMemberId) -> Option<&MemberView> {
        self.member(id)
            .or_else(|| self.former.iter().find(|m| m.id == id))
    }

    /// The name of a current or former member.
    pub fn member_name(&self, id: GroupMemberId) -> String {
        self.member_or_former(id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| "Former member".into())
    }
}

pub(crate) async fn find<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: ExpenseGroupId,
) -> Result<group::Model> {
    group::Entity::find_by_id(id)
        .filter(group::Column::TenantId.eq(actor.tenant_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// Members in the order they joined (you first), named by their contact's
/// current name, former members (`removed`) among them. The member who is `actor` is the viewer; when that is a
/// linked contact (a shared group), the viewer is called "You" and the owner
/// by their display name, so every page reads from the viewer's side.
pub(crate) async fn members<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    group_id: ExpenseGroupId,
) -> Result<Vec<MemberView>> {
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM expense_group_members m {MEMBER_JOINS} \
         WHERE m.tenant_id = $1 AND m.group_id = $2 ORDER BY m.created_at, m.id"
    );
    let rows = super::query_all(
        db,
        &sql,
        vec![
            super::tenant_value(actor.tenant_id),
            Value::from(group_id.0),
            Value::from(actor.user_id.0),
        ],
    )
    .await?;
    members_from_rows(&rows)
}

/// A member's columns for `members_from_rows` (`m` the member, `$3` the
/// user asking), prefixed `member_` so they can sit beside a group's own.
pub(crate) const MEMBER_COLUMNS: &str = "m.id AS member_id, m.contact_id AS member_contact_id, \
     COALESCE(c.name, m.name) AS member_name, \
     CASE WHEN c.linked_user_id = $3 AND c.share_status = 'accepted' AND m.removed_at IS NULL THEN 1 ELSE 0 END AS member_is_viewer, \
     CASE WHEN m.removed_at IS NULL THEN 0 ELSE 1 END AS member_removed, \
     CASE WHEN m.contact_id IS NULL THEN (SELECT u.display_name FROM users u WHERE u.tenant_id = m.tenant_id \
       ORDER BY u.created_at LIMIT 1) END AS member_owner_name";
/// The contact behind each member, for `MEMBER_COLUMNS`.
pub(crate) const MEMBER_JOINS: &str =
    "LEFT JOIN social_contacts c ON c.id = m.contact_id AND c.tenant_id = m.tenant_id";

/// Members from rows of `MEMBER_COLUMNS` in join order (rows without a
/// member, as a LEFT JOIN gives for a group without any, are skipped).
pub(crate) fn members_from_rows(rows: &[sea_orm::QueryResult]) -> Result<Vec<MemberView>> {
    let mut rows_with_member = Vec::with_capacity(rows.len());
    for r in rows {
        if super::get::<Option<uuid::Uuid>>(r, "member_id")?.is_some() {
            rows_with_member.push(r);
        }
    }
    let shared = rows_with_member
        .iter()
        .any(|r| super::get::<i32>(r, "member_is_viewer").is_ok_and(|v| v == 1));
    let mut out = rows_with_member
        .iter()
        .map(|r| {
            let contact_id = super::get::<Option<uuid::Uuid>>(r, "member_contact_id")?.map(ContactId);
            let linked_viewer = super::get::<i32>(r, "member_is_viewer")? == 1;
            let owner_name: Option<String> = super::get(r, "member_owner_name")?;
            let viewer = if shared {
                linked_viewer
            } else {
                contact_id.is_none()
            };
            let name = match (shared, contact_id, owner_name) {
                (true, _, _) if linked_viewer => "You".to_string(),
                (true, None, Some(owner)) => owner,
                _ => super::get(r, "member_name")?,
            };
            Ok(MemberView {
                id: GroupMemberId(super::get(r, "member_id")?),
                contact_id,
                name,
                viewer,
                removed: super::get::<i32>(r, "member_removed")? == 1,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|m| !m.is_you());
    Ok(out)
}

pub(crate) async fn load<C: ConnectionTrait>(db: &C, actor: &Actor, id: ExpenseGroupId) -> Result<GroupView> {
    let g = find(db, actor, id).await?;
    let members = members(db, actor, id).await?;
    view(g, members)
}

pub(crate) fn view(g: group::Model, members: Vec<MemberView>) -> Result<GroupView> {
    let (former, members) = members.into_iter().partition(|m| m.removed);
    Ok(GroupView {
        id: g.id,
        default_split: default_split::decode(g.default_split.as_deref())?,
        former,
        currency: super::stored_currency(&g.currency)?,
        name: g.name,
        simplify: g.simplify,
        archived: g.archived_at.is_some(),
        members,
        created_at: g.created_at,
    })
}

pub(super) async fn insert_member<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    group_id: ExpenseGroupId,
    contact: Option<&contact::Model>,
    now: OffsetDateTime,
) -> Result<member::Model> {
    Ok(member::ActiveModel {
        id: Set(GroupMemberId::new()),
        tenant_id: Set(actor.tenant_id),
        group_id: Set(group_id),
        contact_id: Set(contact.map(|c| c.id)),
        name: Set(contact.map_or_else(|| "You".to_string(), |c| c.name.clone())),
        created_at: Set(now),
        removed_at: Set(None),
    }
    .insert(txn)
    .await?)
}

/// A new group with you and `contacts` as members, inserted in the caller's
/// write (which records its effects): the group row, its members, and the
/// members as `members` reads them.
pub(crate) async fn insert_group_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    name: String,
    currency: Currency,
    simplify: bool,
    contacts: &[contact::Model],
    now: OffsetDateTime,
) -> Result<(group::Model, Vec<MemberView>)> {
    let g = group::ActiveModel {
        id: Set(ExpenseGroupId::new()),
        tenant_id: Set(actor.tenant_id),
        name: Set(name),
        currency: Set(currency.code().to_string()),
        simplify: Set(simplify),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        default_split: Set(None),
    }
    .insert(txn)
    .await?;
    insert_member(txn, actor, g.id, None, now).await?;
    for c in contacts {
        insert_member(txn, actor, g.id, Some(c), now).await?;
    }
    let members = members(txn, actor, g.id).await?;
    Ok((g, members))
}

pub async fn create_group(app: &App, actor: &Actor, input: GroupInput) -> Result<GroupView> {
    let mut p = Problems::default();
    let name = p.text("name", "a group name", &input.name, 100);
    let currency = p.currency("currency", &input.currency);
    if input.contact_ids.len() >= MAX_MEMBERS {
        p.add(
            "contact_ids",
            format!("A group can have at most {MAX_MEMBERS} members."),
        );
    }
    let mut ids: Vec<ContactId> = Vec::new();
    let mut seen = HashSet::new();
    for (i, raw) in input.contact_ids.iter().enumerate() {
        if let Some(id) = p.id::<ContactId>(&format!("contact_ids[{i}]"), raw)
            && seen.insert(id)
        {
            ids.push(id);
        }
    }
    let (name, currency) = p.finish_with((name, currency))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut contacts_found = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match contacts::find(&txn, actor, *id).await {
            Ok(c) => contacts_found.push(c),
            Err(Error::NotFound) => {
                return Err(Error::invalid(
                    format!("contact_ids[{i}]"),
                    "There is no such contact. Choose one of your contacts.",
                ));
            }
            Err(e) => return Err(e),
        }
    }
    let (g, members) = insert_group_in(
        &txn,
        actor,
        name,
        currency,
        input.simplify.unwrap_or(true),
        &contacts_found,
        now,
    )
    .await?;
    txn.commit(
        Effects::by(actor, now)
            .audit("social.group_created", json!({ "group_id": g.id.0 }))
            .activity(Line {
                group_id: Some(g.id),
                contact_id: None,
                subject_id: Some(g.id.0),
                action: "group.created",
                summary: &format!("Group “{}” created", g.name),
                details: json!({}),
                said: vec![Said::new("act-group-created").text("name", &g.name)],
            })
            .event("group.created", json!({ "id": g.id.0, "name": g.name })),
    )
    .await?;
    view(g, members)
}

pub async fn get_group(app: &App, actor: &Actor, id: ExpenseGroupId) -> Result<GroupView> {
    let actor = &super::access::group_actor(&app.db, actor, id).await?;
    load(&app.db, actor, id).await
}

/// Groups, newest first; archived ones only when asked.
pub async fn list_groups(
    app: &App,
    actor: &Actor,
    archived: bool,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<GroupView>> {
    let limit = pagination::limit(limit)?;
    let tag = pagination::filter_tag(&archived);
    // Your groups and the groups shared with you.
    let sql = format!(
        "expense_groups.id IN (SELECT g.id FROM expense_groups g WHERE {})",
        super::access::linked_member_sql(if db::is_postgres(&app.db) { "$1" } else { "?" })
    );
    let shared = sea_orm::sea_query::Expr::cust_with_values(sql, [actor.user_id.0]);
    let mut query = group::Entity::find().filter(
        Condition::any()
            .add(group::Column::TenantId.eq(actor.tenant_id))
            .add(shared),
    );
    query = if archived {
        query.filter(group::Column::ArchivedAt.is_not_null())
    } else {
        query.filter(group::Column::ArchivedAt.is_null())
    };
    if let Some(text) = cursor {
        let Cursor { id, .. } = pagination::decode(text, &tag)?;
        let id: ExpenseGroupId = id.parse().map_err(|_| {
            Error::invalid("cursor", "is not a cursor from this list; start again without it")
        })?;
        query = query.filter(Condition::all().add(group::Column::Id.lt(id)));
    }
    let rows: Vec<group::Model> =
        crate::db::all_limited(&app.db, query.order_by_desc(group::Column::Id), limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |g| Cursor {
        key: String::new(),
        id: g.id.to_string(),
    });
    let mut items = Vec::with_capacity(page.items.len());
    for g in page.items {
        let as_member = Actor {
            tenant_id: g.tenant_id,
            ..actor.clone()
        };
        let m = members(&app.db, &as_member, g.id).await?;
        items.push(view(g, m)?);
    }
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

pub async fn update_group(
    app: &App,
    actor: &Actor,
    id: ExpenseGroupId,
    patch: GroupPatch,
) -> Result<GroupView> {
    let mut p = Problems::default();
    let name = p.edit(patch.name.as_deref(), |p, n| {
        p.text("name", "a group name", n, 100)
    });
    let name = p.finish_with(name)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = find(&txn, actor, id).await?;
    let members = members(&txn, actor, id).await?;
    let split = match &patch.default_split {
        None => None,
        Some(None) => Some(None),
        Some(Some(shares)) => {
            let current_members: Vec<MemberView> = members.iter().filter(|m| !m.removed).cloned().collect();
            let mut p = Problems::default();
            let parsed = default_split::parse(&mut p, shares, &current_members);
            Some(Some(default_split::encode(&p.finish_with(parsed)?)?))
        }
    };
    let mut model: group::ActiveModel = current.clone().into();
    if let Some(split) = split {
        model.default_split = Set(split);
    }
    if let Some(name) = name {
        model.name = Set(name);
    }
    if let Some(simplify) = patch.simplify {
        model.simplify = Set(simplify);
    }
    if let Some(archived) = patch.archived {
        model.archived_at = Set(if archived {
            current.archived_at.or(Some(now))
        } else {
            None
        });
    }
    model.updated_at = Set(now);
    let updated = model.update(&txn).await?;
    let stored_split =
        |s: &Option<String>| -> Result<serde_json::Value> { default_split::as_json(s.as_deref()) };
    let before = json!({ "name": current.name, "simplify": current.simplify, "archived": current.archived_at.is_some(), "default_split": stored_split(&current.default_split)? });
    let after = json!({ "name": updated.name, "simplify": updated.simplify, "archived": updated.archived_at.is_some(), "default_split": stored_split(&updated.default_split)? });
    let data = json!({ "id": id.0, "group_id": id.0, "after": after.clone() });
    let notify = super::audience(&txn, actor, &data).await?;
    let (summary, said) = change_summary(&current, &updated);
    txn.commit(
        Effects::by(actor, now)
            .audit("social.group_updated", json!({ "group_id": id.0 }))
            .activity(Line {
                group_id: Some(id),
                contact_id: None,
                subject_id: Some(id.0),
                action: "group.changed",
                summary: &summary,
                details: json!({ "before": before, "after": after }),
                said,
            })
            .event_to("group.changed", data, notify),
    )
    .await?;
    view(updated, members)
}

/// Archives a group (its history and balances stay).
pub async fn archive_group(app: &App, actor: &Actor, id: ExpenseGroupId) -> Result<GroupView> {
    update_group(
        app,
        actor,
        id,
        GroupPatch {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
}

/// What a settings change did, in words ("Renamed “Flat” to “Flat 2”"), and
/// as the catalogue says it.
fn change_summary(before: &group::Model, after: &group::Model) -> (String, Vec<Said>) {
    let mut parts: Vec<(String, Said)> = Vec::new();
    if before.name != after.name {
        parts.push((
            format!("Renamed “{}” to “{}”", before.name, after.name),
            Said::new("act-group-renamed")
                .text("before", &before.name)
                .text("after", &after.name),
        ));
    }
    match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => parts.push(("Archived the group".into(), Said::new("act-group-archived"))),
        (true, false) => parts.push(("Restored the group".into(), Said::new("act-group-restored"))),
        _ => {}
    }
    if before.simplify != after.simplify {
        parts.push(if after.simplify {
            (
                "Turned on “simplify debts”".into(),
                Said::new("act-group-simplify-on"),
            )
        } else {
            (
                "Turned off “simplify debts”".into(),
                Said::new("act-group-simplify-off"),
            )
        });
    }
    if before.default_split != after.default_split {
        parts.push(if after.default_split.is_some() {
            ("Set the default split".into(), Said::new("act-group-split-set"))
        } else {
            (
                "Cleared the default split".into(),
                Said::new("act-group-split-cleared"),
            )
        });
    }
    if parts.is_empty() {
        return ("Group settings saved".into(), vec![Said::new("act-group-saved")]);
    }
    let summary = parts
        .iter()
        .map(|(text, _)| text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    (summary, parts.into_iter().map(|(_, said)| said).collect())
}
