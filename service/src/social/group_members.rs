//! Who is in a group: adding a member (one of your contacts, or a new
//! contact by name), removing one, and a linked person leaving a group shared
//! with them.
//!
//! Removal is soft (`removed_at`): the member's past lines and settlements
//! stay and still carry their name, but they are no longer a member for
//! anything new (expense forms, equal splits, settle-up plans, payments).
//! Only a member whose balance in the group is zero may go — their net, and
//! every pairwise debt they are part of (which "simplify debts" off would
//! still ask them to pay) — otherwise `Conflict` says to settle first. A
//! group keeps its balances in its own currency (an expense in another one is
//! converted when it is recorded), so zero there is zero in every currency.
//!
//! The check and the removal run in one write transaction; on SQLite that
//! write holds the database lock, on PostgreSQL an expense recorded for the
//! member at the same instant may still land (it is then owed to or by a
//! former member, shown by name, and settled like any other debt).

use super::activity::{Line, Said};
use super::contacts;
use super::groups::{self, MAX_MEMBERS, MemberView};
use crate::actor::Actor;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::Problems;
use crate::money::Money;
use crate::{App, db};
use hisaab_entity::social::{ContactId, ExpenseGroupId, GroupMemberId, group, member};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Value};
use serde_json::json;
use time::OffsetDateTime;

/// Whom to add: one of your contacts, or a new contact with this name.
#[derive(Clone, Debug, Default)]
pub struct MemberInput {
    pub contact_id: Option<String>,
    pub name: Option<String>,
}

/// Adds one of your contacts to a group.
pub async fn add_member(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    contact_id: &str,
) -> Result<MemberView> {
    add_group_member(
        app,
        actor,
        group_id,
        MemberInput {
            contact_id: Some(contact_id.into()),
            name: None,
        },
    )
    .await
}

/// Adds a member: an existing contact (`contact_id`) or a new contact made
/// from `name` in the same write. A contact who was removed earlier comes
/// back as the same member, with their past lines.
pub async fn add_group_member(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    input: MemberInput,
) -> Result<MemberView> {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    let mut p = Problems::default();
    let choice = match (blank(&input.contact_id), blank(&input.name)) {
        (false, false) => {
            p.add(
                "contact_id",
                "Choose one of your contacts or type a new name, not both.",
            );
            None
        }
        (true, true) => {
            p.add(
                "contact_id",
                "Choose one of your contacts, or type the name of someone new.",
            );
            None
        }
        (false, true) => p
            .id::<ContactId>("contact_id", input.contact_id.as_deref().unwrap_or(""))
            .map(Ok),
        (true, false) => p
            .text("name", "a name", input.name.as_deref().unwrap_or(""), 100)
            .map(Err),
    };
    let choice = p.finish_with(choice)?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let g = groups::find(&txn, actor, group_id).await?;
    let all = groups::members(&txn, actor, group_id).await?;
    if all.iter().filter(|m| !m.removed).count() >= MAX_MEMBERS {
        let field = if choice.is_ok() { "contact_id" } else { "name" };
        return Err(Error::invalid(
            field,
            format!("A group can have at most {MAX_MEMBERS} members."),
        ));
    }
    let mut effects = Effects::by(actor, now);
    let contact = match choice {
        Ok(contact_id) => match contacts::find(&txn, actor, contact_id).await {
            Ok(c) => c,
            Err(Error::NotFound) => {
                return Err(Error::invalid(
                    "contact_id",
                    "There is no such contact. Choose one of your contacts.",
                ));
            }
            Err(e) => return Err(e),
        },
        Err(name) => {
            let c = contacts::insert_named(&txn, actor, name, now).await?;
            effects
                .audit("social.contact_created", json!({ "contact_id": c.id.0 }))
                .event("contact.created", json!({ "id": c.id.0, "name": c.name }));
            c
        }
    };
    let former = all.iter().find(|m| m.contact_id == Some(contact.id));
    let member_id = match former {
        Some(m) if !m.removed => {
            return Err(Error::invalid(
                "contact_id",
                format!("{} is already in this group.", contact.name),
            ));
        }
        Some(m) => {
            member::Entity::update_many()
                .col_expr(
                    member::Column::RemovedAt,
                    sea_orm::sea_query::Expr::value(Value::TimeDateTimeWithTimeZone(None)),
                )
                .filter(member::Column::Id.eq(m.id))
                .filter(member::Column::TenantId.eq(actor.tenant_id))
                .exec(&txn)
                .await?;
            m.id
        }
        None => {
            groups::insert_member(&txn, actor, group_id, Some(&contact), now)
                .await?
                .id
        }
    };
    let data = json!({
        "group_id": g.id.0, "member_id": member_id.0, "contact_id": contact.id.0,
        "group_name": g.name, "member_name": contact.name,
    });
    let notify = super::audience(&txn, actor, &data).await?;
    txn.commit(
        effects
            .audit(
                "social.member_added",
                json!({ "group_id": g.id.0, "member_id": member_id.0, "rejoined": former.is_some() }),
            )
            .activity(Line {
                group_id: Some(g.id),
                contact_id: Some(contact.id),
                subject_id: Some(member_id.0),
                action: "group.member_added",
                summary: &format!("{} joined the group", contact.name),
                details: json!({}),
                said: vec![Said::new("act-member-joined").member("member", member_id)],
            })
            .event_to("group.member_added", data, notify),
    )
    .await?;
    Ok(MemberView {
        id: member_id,
        contact_id: Some(contact.id),
        name: contact.name,
        viewer: false,
        removed: false,
    })
}

/// Removes a member from your group (not yourself: archive the group
/// instead). Their balance in the group must be zero.
pub async fn remove_member(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    member_id: GroupMemberId,
) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let g = groups::find(&txn, actor, group_id).await?;
    let members = groups::members(&txn, actor, group_id).await?;
    let m = members
        .iter()
        .find(|m| m.id == member_id && !m.removed)
        .ok_or(Error::NotFound)?;
    if m.is_you() {
        return Err(Error::Conflict(
            "You can't remove yourself from your own group. Archive the group instead.".into(),
        ));
    }
    let name = m.name.clone();
    check_settled(
        &txn,
        &g,
        member_id,
        &format!("{name} still"),
        "before removing them",
    )
    .await?;
    let data = json!({
        "group_id": g.id.0, "member_id": member_id.0, "contact_id": m.contact_id.map(|c| c.0),
        "group_name": g.name, "member_name": name,
    });
    // Everyone who shared the group, the one removed among them (computed
    // while they are still a member).
    let notify = super::audience(&txn, actor, &data).await?;
    let effects = take_out(&txn, actor, &g, member_id, now).await?;
    let departure = Departure {
        contact_id: m.contact_id,
        member_id,
        action: "group.member_removed",
        summary: format!("{name} was removed from the group"),
        said: "act-member-removed",
        data,
        notify,
    };
    finish(txn, effects, &g, departure).await
}

/// Leaves a group shared with you (an owner archives their own group
/// instead). Your balance in the group must be zero.
pub async fn leave_group(app: &App, actor: &Actor, group_id: ExpenseGroupId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let effective = super::access::group_actor(&txn, actor, group_id).await?;
    if !super::access::is_shared(actor, &effective) {
        return Err(Error::Conflict(
            "This is your own group, so you can't leave it. Archive it instead.".into(),
        ));
    }
    let g = groups::find(&txn, &effective, group_id).await?;
    let rows = super::query_all(
        &txn,
        "SELECT m.id AS id, m.contact_id AS contact_id, c.name AS name FROM expense_group_members m \
         JOIN social_contacts c ON c.id = m.contact_id \
         WHERE m.group_id = $1 AND m.removed_at IS NULL AND c.linked_user_id = $2 AND c.share_status = 'accepted'",
        vec![Value::from(group_id.0), Value::from(actor.user_id.0)],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let member_id = GroupMemberId(super::get(row, "id")?);
    let contact_id = ContactId(super::get(row, "contact_id")?);
    let name: String = super::get(row, "name")?;
    check_settled(&txn, &g, member_id, "You still", "before leaving").await?;
    let data = json!({
        "group_id": g.id.0, "member_id": member_id.0, "contact_id": contact_id.0,
        "group_name": g.name, "member_name": name,
    });
    // Computed while they are still a member, so the one leaving hears too.
    let notify = super::audience(&txn, &effective, &data).await?;
    let effects = take_out(&txn, &effective, &g, member_id, now).await?;
    let departure = Departure {
        contact_id: Some(contact_id),
        member_id,
        action: "group.member_left",
        summary: format!("{name} left the group"),
        said: "act-member-left",
        data,
        notify,
    };
    finish(txn, effects, &g, departure).await
}

/// `Conflict` unless the member's net balance and every pairwise debt they
/// are part of are zero.
async fn check_settled<C: ConnectionTrait>(
    conn: &C,
    g: &group::Model,
    member_id: GroupMemberId,
    who_still: &str,
    when: &str,
) -> Result<()> {
    let pairs = super::rollup::pairs(conn, g.tenant_id, g.id).await?;
    let mine: Vec<i64> = pairs
        .iter()
        .filter_map(|(p, amount)| {
            if p.high == member_id {
                Some(*amount)
            } else if p.low == member_id {
                Some(-amount)
            } else {
                None
            }
        })
        .collect();
    if mine.is_empty() {
        return Ok(());
    }
    let currency = super::stored_currency(&g.currency)?;
    let net: i64 = mine.iter().sum();
    let what = if net > 0 {
        format!(
            "is owed {} {} in this group",
            Money::from_storage(net, currency),
            currency.code()
        )
    } else if net < 0 {
        format!(
            "owes {} {} in this group",
            Money::from_storage(-net, currency),
            currency.code()
        )
    } else {
        "has debts with other members in this group (they cancel out, but are not settled)".into()
    };
    let what = if who_still == "You still" {
        what.replacen("is owed", "are owed", 1)
            .replacen("owes", "owe", 1)
            .replacen("has debts", "have debts", 1)
    } else {
        what
    };
    Err(Error::Conflict(format!(
        "{who_still} {what}. Settle up first (record the payments in the group's settle-up plan) {when}."
    )))
}

/// Marks the member removed and drops the default split if it names them.
async fn take_out<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    g: &group::Model,
    member_id: GroupMemberId,
    now: OffsetDateTime,
) -> Result<Effects> {
    member::Entity::update_many()
        .col_expr(
            member::Column::RemovedAt,
            sea_orm::sea_query::Expr::value(Value::from(now)),
        )
        .filter(member::Column::Id.eq(member_id))
        .filter(member::Column::TenantId.eq(g.tenant_id))
        .exec(conn)
        .await?;
    let mut effects = Effects::by(actor, now);
    let split = super::default_split::decode(g.default_split.as_deref())?;
    if split.is_some_and(|s| s.iter().any(|s| s.member_id == member_id)) {
        let mut model: group::ActiveModel = g.clone().into();
        model.default_split = Set(None);
        model.updated_at = Set(now);
        model.update(conn).await?;
        effects.audit(
            "social.group_updated",
            json!({ "group_id": g.id.0, "default_split": null }),
        );
    }
    Ok(effects)
}

/// How a member went, for the effects both ways share.
struct Departure<'a> {
    contact_id: Option<ContactId>,
    member_id: GroupMemberId,
    action: &'a str,
    summary: String,
    /// The catalogue's sentence for `summary` (`act-member-…`).
    said: &'a str,
    data: serde_json::Value,
    notify: Vec<uuid::Uuid>,
}

async fn finish(txn: db::WriteTx, mut effects: Effects, g: &group::Model, d: Departure<'_>) -> Result<()> {
    txn.commit(
        effects
            .audit(
                &format!("social.{}", d.action.trim_start_matches("group.")),
                json!({ "group_id": g.id.0, "member_id": d.member_id.0 }),
            )
            .activity(Line {
                group_id: Some(g.id),
                contact_id: d.contact_id,
                subject_id: Some(d.member_id.0),
                action: d.action,
                summary: &d.summary,
                details: json!({}),
                said: vec![Said::new(d.said).member("member", d.member_id)],
            })
            .event_to(d.action, d.data, d.notify),
    )
    .await?;
    Ok(())
}
