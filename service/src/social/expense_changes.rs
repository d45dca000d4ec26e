//! Changing an expense: a new version (the earlier one stays in the activity
//! log, guarded by `If-Match`), and delete/restore as a reversible tombstone.
//! Each moves the group's pairwise rollup and the one ledger in the same
//! transaction.

use super::activity::{Line, Said};
use super::expense_split::{MemberLine, compute, method_name};
use super::expenses::{ExpenseInput, ExpenseView, get_expense, load, snapshot, write_rows};
use super::groups::GroupView;
use super::ledger::ExpenseLink;
use crate::actor::Actor;
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::money::Minor;
use crate::{App, db};
use hisaab_entity::social::{GroupExpenseId, expense_debt, expense_line, group_expense};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use time::OffsetDateTime;

fn view_snapshot(e: &ExpenseView) -> serde_json::Value {
    json!({
        "description": e.description,
        "date": crate::input::format_date(e.date),
        "total": e.total.to_string(),
        "currency": e.total.currency().code(),
        "original": format!("{} {}", e.original, e.original.currency()),
        "split_method": e.split_method,
        "payers": e.payers.iter().map(|s| json!({ "name": s.name, "amount": s.amount.to_string() })).collect::<Vec<_>>(),
        "shares": e.shares.iter().map(|s| json!({ "name": s.name, "amount": s.amount.to_string() })).collect::<Vec<_>>(),
    })
}

/// An expense that includes a former member (ADR 0019) stays as it is:
/// changing, deleting or restoring it would move the balance of someone who
/// left, settled.
fn refuse_if_former(group: &GroupView, e: &ExpenseView) -> Result<()> {
    let former = e
        .payers
        .iter()
        .map(|p| p.member_id)
        .chain(e.shares.iter().map(|s| s.member_id))
        .find(|m| group.member(*m).is_none());
    match former {
        Some(m) => Err(Error::Conflict(format!(
            "This expense includes {}, who is no longer in the group. Add them back to the group to change, delete or restore it.",
            group.member_name(m)
        ))),
        None => Ok(()),
    }
}

/// Replaces an expense with a new version. `if_match` (an ETag from
/// `ExpenseView::etag`) must still be current, else `PreconditionFailed`.
pub async fn update_expense(
    app: &App,
    actor: &Actor,
    id: GroupExpenseId,
    if_match: Option<&str>,
    input: ExpenseInput,
) -> Result<ExpenseView> {
    let effective = super::access::expense_actor(&app.db, actor, id).await?;
    let shared = super::access::is_shared(actor, &effective);
    let actor = &effective;
    let (group, before) = load(&app.db, actor, id).await?;
    refuse_if_former(&group, &before)?;
    let c = compute(&group, &input, id.0.as_bytes())?;
    let link = super::ledger::expense_link(&app.db, actor, &group, &input, shared).await?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let mut lock =
        group_expense::Entity::find_by_id(id).filter(group_expense::Column::TenantId.eq(actor.tenant_id));
    if db::is_postgres(&app.db) {
        lock = lock.lock_exclusive();
    }
    let current = lock.one(&txn).await?.ok_or(Error::NotFound)?;
    if if_match.is_some_and(|tag| tag.trim() != "*" && tag.trim() != etag(id, current.version)) {
        return Err(Error::PreconditionFailed);
    }
    if current.deleted_at.is_some() {
        return Err(Error::Conflict(
            "This expense is deleted. Restore it before editing.".into(),
        ));
    }
    let version = current.version + 1;
    let mut model: group_expense::ActiveModel = current.into();
    model.description = Set(c.description.clone());
    model.date = Set(c.date);
    model.total = Set(c.total.to_storage());
    model.original_amount = Set(c.original.to_storage());
    model.original_currency = Set(c.original.currency().code().to_string());
    model.rate = Set(c.rate.to_string());
    model.split_method = Set(method_name(c.method).to_string());
    model.spec = Set(serde_json::to_string(&input).map_err(anyhow::Error::from)?);
    model.category_id = Set(super::expenses::category_of(&input));
    model.version = Set(version);
    model.updated_at = Set(now);
    model.update(&txn).await?;
    super::rollup::apply_expense(&txn, actor.tenant_id, group.id, id, -1).await?;
    expense_line::Entity::delete_many()
        .filter(expense_line::Column::ExpenseId.eq(id))
        .exec(&txn)
        .await?;
    expense_debt::Entity::delete_many()
        .filter(expense_debt::Column::ExpenseId.eq(id))
        .exec(&txn)
        .await?;
    write_rows(&txn, actor, &group, id, &c).await?;
    let mut effects = Effects::by(actor, now);
    super::ledger::reverse_all(&txn, actor, now, id.0, "Expense edited", &mut effects).await?;
    if let Some(link) = &link {
        super::ledger::post_expense(
            &txn,
            actor,
            now,
            id.0,
            link,
            &c.lines,
            group.currency,
            c.date,
            &c.description,
            &mut effects,
        )
        .await?;
    }
    let details =
        json!({ "before": view_snapshot(&before), "after": snapshot(&group, &c), "version": version });
    let data = json!({
        "id": id.0, "group_id": group.id.0, "version": version, "total": c.total.to_string(),
        "currency": group.currency.code(), "description": c.description, "group_name": group.name,
    });
    let notify = super::audience(&txn, actor, &data).await?;
    effects
        .audit(
            "social.expense_changed",
            json!({ "expense_id": id.0, "version": version }),
        )
        .activity(Line {
            group_id: Some(group.id),
            contact_id: None,
            subject_id: Some(id.0),
            action: "expense.changed",
            summary: &format!("{} edited", c.description),
            details,
            said: vec![Said::new("act-expense-edited").text("description", &c.description)],
        })
        .event_to("expense.changed", data, notify);
    txn.commit(&effects).await?;
    get_expense(app, actor, id).await
}

/// Deletes (`deleted`) or restores an expense. The row is locked for the
/// transaction, so two concurrent requests move the rollup once: the second
/// finds it already in the state asked for and changes nothing.
async fn set_deleted(
    app: &App,
    actor: &Actor,
    id: GroupExpenseId,
    deleted: bool,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<ExpenseView> {
    let actor = &super::access::expense_actor(&app.db, actor, id).await?;
    let (group, view) = load(&app.db, actor, id).await?;
    refuse_if_former(&group, &view)?;
    // Restoring pays from the account again (it must still be usable).
    let link = if deleted {
        None
    } else {
        super::ledger::expense_link(&app.db, actor, &group, &view.input, false).await?
    };
    let now = app.now();
    let postgres = db::is_postgres(&app.db);
    let operation = if deleted {
        "social.delete_expense"
    } else {
        "social.restore_expense"
    };
    let request = json!({ "id": id.0, "if_match": if_match });
    let who = actor.clone();
    let if_match = if_match.map(str::to_string);
    idempotency::run(app, actor, key, operation, &request, move |txn| {
        Box::pin(async move {
            let change = Tombstone {
                id,
                deleted,
                if_match: if_match.as_deref(),
                postgres,
            };
            write_deleted(txn, &who, now, change, &group, &view, link.as_ref()).await
        })
    })
    .await?;
    get_expense(app, actor, id).await
}

/// What `write_deleted` is asked to do.
struct Tombstone<'a> {
    id: GroupExpenseId,
    /// Delete (`true`) or restore.
    deleted: bool,
    if_match: Option<&'a str>,
    postgres: bool,
}

async fn write_deleted(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    change: Tombstone<'_>,
    group: &GroupView,
    view: &ExpenseView,
    link: Option<&ExpenseLink>,
) -> Result<Done<uuid::Uuid>> {
    let Tombstone {
        id,
        deleted,
        if_match,
        postgres,
    } = change;
    let mut lock =
        group_expense::Entity::find_by_id(id).filter(group_expense::Column::TenantId.eq(actor.tenant_id));
    if postgres {
        lock = lock.lock_exclusive();
    }
    let current = lock.one(txn).await?.ok_or(Error::NotFound)?;
    if if_match.is_some_and(|tag| tag.trim() != "*" && tag.trim() != etag(id, current.version)) {
        return Err(Error::PreconditionFailed);
    }
    let mut effects = Effects::by(actor, now);
    if current.deleted_at.is_some() == deleted {
        return Ok(Done::new(id.0, effects));
    }
    let group_id = current.group_id;
    let description = current.description.clone();
    let version = current.version + 1;
    let mut model: group_expense::ActiveModel = current.into();
    model.deleted_at = Set(deleted.then_some(now));
    model.version = Set(version);
    model.updated_at = Set(now);
    model.update(txn).await?;
    super::rollup::apply_expense(txn, actor.tenant_id, group_id, id, if deleted { -1 } else { 1 }).await?;
    if deleted {
        super::ledger::reverse_all(txn, actor, now, id.0, "Expense deleted", &mut effects).await?;
    } else if let Some(link) = link {
        let lines: Vec<MemberLine> = view
            .payers
            .iter()
            .filter(|p| p.member_id == link.member)
            .map(|p| {
                let owed = view
                    .shares
                    .iter()
                    .find(|s| s.member_id == p.member_id)
                    .map_or(Minor::ZERO, |s| s.amount.minor());
                MemberLine {
                    member: p.member_id,
                    paid: p.amount.minor(),
                    owed,
                }
            })
            .collect();
        super::ledger::post_expense(
            txn,
            actor,
            now,
            id.0,
            link,
            &lines,
            group.currency,
            view.date,
            &view.description,
            &mut effects,
        )
        .await?;
    }
    let (action, event, summary) = if deleted {
        (
            "social.expense_deleted",
            "expense.deleted",
            format!("{description} deleted"),
        )
    } else {
        (
            "social.expense_restored",
            "expense.restored",
            format!("{description} restored"),
        )
    };
    let data =
        json!({ "id": id.0, "group_id": group_id.0, "description": description, "group_name": group.name });
    let notify = super::audience(txn, actor, &data).await?;
    effects
        .audit(action, json!({ "expense_id": id.0 }))
        .activity(Line {
            group_id: Some(group_id),
            contact_id: None,
            subject_id: Some(id.0),
            action: event,
            summary: &summary,
            details: json!({ "deleted": deleted }),
            said: vec![
                Said::new(if deleted {
                    "act-expense-deleted"
                } else {
                    "act-expense-restored"
                })
                .text("description", &description),
            ],
        })
        .event_to(event, data, notify);
    Ok(Done::new(id.0, effects))
}

fn etag(id: GroupExpenseId, version: i32) -> String {
    format!("\"{id}-{version}\"")
}

/// Deletes an expense: a tombstone that `restore_expense` undoes.
///
/// `if_match` (an `ETag`) refuses with 412 when the expense changed since;
/// with `key`, a retry answers as the first request did and changes nothing.
pub async fn delete_expense(
    app: &App,
    actor: &Actor,
    id: GroupExpenseId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<ExpenseView> {
    set_deleted(app, actor, id, true, if_match, key).await
}

/// Puts a deleted expense back; `if_match` and `key` as for `delete_expense`.
pub async fn restore_expense(
    app: &App,
    actor: &Actor,
    id: GroupExpenseId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<ExpenseView> {
    set_deleted(app, actor, id, false, if_match, key).await
}
