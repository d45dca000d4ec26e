//! Contact groups: named sets of contacts (roommates, family, a trip, work…)
//! to organise people; an expense group can be started from one.

use super::contacts;
use super::groups::{GroupInput, GroupView};
use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::{App, db};
use hisaab_entity::social::{
    ContactGroupId, ContactGroupMemberId, ContactId, contact, contact_group, contact_group_member,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

pub const KINDS: &[&str] = &["roommates", "family", "trip", "work", "friends", "other"];

#[derive(Clone, Debug, Default)]
pub struct ContactGroupInput {
    pub name: String,
    /// One of `KINDS`; blank is `other`.
    pub kind: Option<String>,
    pub contact_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactGroupMember {
    pub contact_id: ContactId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactGroupView {
    pub id: ContactGroupId,
    pub name: String,
    pub kind: String,
    pub members: Vec<ContactGroupMember>,
}

struct Checked {
    name: String,
    kind: String,
    ids: Vec<ContactId>,
}

fn check(input: &ContactGroupInput) -> Result<Checked> {
    let mut p = Problems::default();
    let name = p.text("name", "a name for the group", &input.name, 100);
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, *k)).collect();
    let kind = p.choice_or("kind", input.kind.as_deref(), &kinds, "other");
    let mut ids = Vec::new();
    for (i, raw) in input.contact_ids.iter().enumerate() {
        if let Some(id) = p.id::<ContactId>(&format!("contact_ids[{i}]"), raw)
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    if ids.len() > 200 {
        p.add("contact_ids", "A contact group can have at most 200 people.");
    }
    let (name, kind) = p.finish_with((name, kind))?;
    Ok(Checked {
        name,
        kind: kind.to_string(),
        ids,
    })
}

async fn set_members<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: ContactGroupId,
    ids: &[ContactId],
) -> Result<()> {
    for (i, c) in ids.iter().enumerate() {
        match contacts::find(db, actor, *c).await {
            Ok(_) => {}
            Err(Error::NotFound) => {
                return Err(Error::invalid(
                    format!("contact_ids[{i}]"),
                    "There is no such contact. Choose one of your contacts.",
                ));
            }
            Err(e) => return Err(e),
        }
    }
    contact_group_member::Entity::delete_many()
        .filter(contact_group_member::Column::ContactGroupId.eq(id))
        .exec(db)
        .await?;
    for c in ids {
        contact_group_member::ActiveModel {
            id: Set(ContactGroupMemberId::new()),
            tenant_id: Set(actor.tenant_id),
            contact_group_id: Set(id),
            contact_id: Set(*c),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

async fn find<C: ConnectionTrait>(db: &C, actor: &Actor, id: ContactGroupId) -> Result<contact_group::Model> {
    contact_group::Entity::find_by_id(id)
        .filter(contact_group::Column::TenantId.eq(actor.tenant_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

async fn views<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    groups: Vec<contact_group::Model>,
) -> Result<Vec<ContactGroupView>> {
    let ids: Vec<ContactGroupId> = groups.iter().map(|g| g.id).collect();
    let rows = contact_group_member::Entity::find()
        .filter(contact_group_member::Column::TenantId.eq(actor.tenant_id))
        .filter(contact_group_member::Column::ContactGroupId.is_in(ids))
        .all(db)
        .await?;
    let names: HashMap<ContactId, String> = contact::Entity::find()
        .filter(contact::Column::TenantId.eq(actor.tenant_id))
        .filter(contact::Column::Id.is_in(rows.iter().map(|r| r.contact_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(groups
        .into_iter()
        .map(|g| {
            let mut members: Vec<ContactGroupMember> = rows
                .iter()
                .filter(|r| r.contact_group_id == g.id)
                .map(|r| ContactGroupMember {
                    contact_id: r.contact_id,
                    name: names.get(&r.contact_id).cloned().unwrap_or_default(),
                })
                .collect();
            members.sort_by_key(|m| m.name.to_lowercase());
            ContactGroupView {
                id: g.id,
                name: g.name,
                kind: g.kind,
                members,
            }
        })
        .collect())
}

pub async fn create_contact_group(
    app: &App,
    actor: &Actor,
    input: ContactGroupInput,
) -> Result<ContactGroupView> {
    let c = check(&input)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let g = contact_group::ActiveModel {
        id: Set(ContactGroupId::new()),
        tenant_id: Set(actor.tenant_id),
        name: Set(c.name),
        kind: Set(c.kind),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    set_members(&txn, actor, g.id, &c.ids).await?;
    let id = g.id;
    let view = views(&txn, actor, vec![g]).await?.remove(0);
    txn.commit(Effects::by(actor, now).audit(
        "social.contact_group_created",
        json!({ "contact_group_id": id.0 }),
    ))
    .await?;
    Ok(view)
}

pub async fn get_contact_group(app: &App, actor: &Actor, id: ContactGroupId) -> Result<ContactGroupView> {
    let g = find(&app.db, actor, id).await?;
    Ok(views(&app.db, actor, vec![g]).await?.remove(0))
}

/// Your contact groups by name.
pub async fn list_contact_groups(app: &App, actor: &Actor) -> Result<Vec<ContactGroupView>> {
    let groups = contact_group::Entity::find()
        .filter(contact_group::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(contact_group::Column::Name)
        .all(&app.db)
        .await?;
    views(&app.db, actor, groups).await
}

/// Replaces the name, kind and members.
pub async fn update_contact_group(
    app: &App,
    actor: &Actor,
    id: ContactGroupId,
    input: ContactGroupInput,
) -> Result<ContactGroupView> {
    let c = check(&input)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let g = find(&txn, actor, id).await?;
    let mut active: contact_group::ActiveModel = g.into();
    active.name = Set(c.name);
    active.kind = Set(c.kind);
    active.updated_at = Set(now);
    let g = active.update(&txn).await?;
    set_members(&txn, actor, id, &c.ids).await?;
    let view = views(&txn, actor, vec![g]).await?.remove(0);
    txn.commit(Effects::by(actor, now).audit(
        "social.contact_group_changed",
        json!({ "contact_group_id": id.0 }),
    ))
    .await?;
    Ok(view)
}

/// Deletes the group (the contacts stay).
pub async fn delete_contact_group(app: &App, actor: &Actor, id: ContactGroupId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    find(&txn, actor, id).await?;
    contact_group_member::Entity::delete_many()
        .filter(contact_group_member::Column::ContactGroupId.eq(id))
        .exec(&txn)
        .await?;
    contact_group::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit(Effects::by(actor, now).audit(
        "social.contact_group_deleted",
        json!({ "contact_group_id": id.0 }),
    ))
    .await?;
    Ok(())
}

/// Starts an expense group with everyone in the contact group (and you).
pub async fn start_expense_group(
    app: &App,
    actor: &Actor,
    id: ContactGroupId,
    currency: &str,
    name: Option<&str>,
) -> Result<GroupView> {
    let cg = get_contact_group(app, actor, id).await?;
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&cg.name)
        .to_string();
    super::groups::create_group(
        app,
        actor,
        GroupInput {
            name,
            currency: currency.to_string(),
            contact_ids: cg.members.iter().map(|m| m.contact_id.to_string()).collect(),
            simplify: Some(true),
        },
    )
    .await
}
