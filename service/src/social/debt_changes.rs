//! Changing an IOU (ADR 0016). Its words (reason, due date, notes) are edited
//! in place, guarded by `If-Match`. Its money (amount, currency, date,
//! direction) is corrected like a finance record: the old debt is marked
//! replaced (`replaced_by_id`; it counts nowhere from then on) and a new debt
//! that `replaces_id` it takes its place, with the old one's payments moved to
//! it. Delete and restore are a tombstone; a debt with payments is not deleted
//! (409) — its payments go first. Each change moves the linked account's
//! finance records in the same transaction and leaves an audit entry, an
//! activity line (the debt's history) and an event to the linked person.

use super::activity::{ActivityView, Line, Said};
use super::debts::{self, DebtView, direction_name, etag, get_debt};
use super::{contacts, get, query_all};
use crate::actor::Actor;
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::finance::AccountId;
use crate::idempotency::{self, Done, Outcome};
use crate::input::{Problems, Sign, format_date};
use crate::money::{Currency, Money};
use crate::{App, db};
use hisaab_entity::finance::transaction;
use hisaab_entity::social::peer_debt::{self, Direction};
use hisaab_entity::social::{ContactId, PeerDebtId, activity, settlement};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    Value,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use time::OffsetDateTime;

/// The words of a debt to change: `None` leaves a field alone; `Some(None)`
/// (or blank) clears it.
#[derive(Clone, Debug, Default)]
pub struct DebtPatch {
    pub reason: Option<Option<String>>,
    pub due_date: Option<Option<String>>,
    pub notes: Option<Option<String>>,
}

/// The money of a debt to correct; a field left out keeps its value.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DebtCorrection {
    /// `lent` or `borrowed`.
    pub direction: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub date: Option<String>,
}

const CORRECTED: &str = "This IOU was corrected; change its current version instead.";
const DELETED: &str = "This IOU is deleted. Restore it before changing it.";

/// Why a debt that is not live cannot be changed or paid (`None`: it is live).
pub(crate) fn not_live(m: &peer_debt::Model) -> Option<&'static str> {
    if m.replaced_by_id.is_some() {
        Some(CORRECTED)
    } else if m.deleted_at.is_some() {
        Some(DELETED)
    } else {
        None
    }
}

/// The debt as its owner's: another tenant's is `NotFound`; the linked
/// person, who sees it, may not change it (`Forbidden`).
async fn owned(app: &App, actor: &Actor, id: PeerDebtId) -> Result<DebtView> {
    match debts::find(&app.db, actor, id).await {
        Err(Error::NotFound) => match super::access::debt_actor(&app.db, actor, id).await {
            Ok(_) => Err(Error::Forbidden(
                "Only the person who recorded this IOU can change it.".into(),
            )),
            Err(e) => Err(e),
        },
        other => other,
    }
}

/// The debt's row, locked for this write (PostgreSQL; SQLite holds the
/// database's write lock already).
async fn lock(txn: &WriteTx, postgres: bool, actor: &Actor, id: PeerDebtId) -> Result<peer_debt::Model> {
    let mut q = peer_debt::Entity::find_by_id(id).filter(peer_debt::Column::TenantId.eq(actor.tenant_id));
    if postgres {
        q = q.lock_exclusive();
    }
    q.one(txn).await?.ok_or(Error::NotFound)
}

fn check_match(if_match: Option<&str>, m: &peer_debt::Model) -> Result<()> {
    if if_match.is_some_and(|tag| tag.trim() != "*" && tag.trim() != etag(m.id, m.version)) {
        return Err(Error::PreconditionFailed);
    }
    Ok(())
}

/// What has been paid on a debt (ten-thousandths).
async fn settled_on<C: ConnectionTrait>(conn: &C, id: PeerDebtId) -> Result<i64> {
    let rows = query_all(
        conn,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS settled FROM settlements \
         WHERE peer_debt_id = $1 AND deleted_at IS NULL",
        vec![Value::from(id.0)],
    )
    .await?;
    Ok(rows.first().map(|r| get(r, "settled")).transpose()?.unwrap_or(0))
}

/// The account a debt's live finance record is in, if it has one.
async fn linked_account<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: PeerDebtId,
) -> Result<Option<AccountId>> {
    Ok(transaction::Entity::find()
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction::Column::SocialId.eq(id.0))
        .filter(transaction::Column::ReversesId.is_null())
        .filter(transaction::Column::ReversedById.is_null())
        .one(conn)
        .await?
        .map(|t| t.account_id))
}

/// The account a deleted debt's (reversed) finance record was in.
async fn earlier_account<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: PeerDebtId,
) -> Result<Option<AccountId>> {
    Ok(transaction::Entity::find()
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction::Column::SocialId.eq(id.0))
        .filter(transaction::Column::ReversesId.is_null())
        .order_by_desc(transaction::Column::CreatedAt)
        .order_by_desc(transaction::Column::Id)
        .one(conn)
        .await?
        .map(|t| t.account_id))
}

fn money(m: &peer_debt::Model) -> Result<Money> {
    Ok(Money::from_storage(
        m.amount,
        super::stored_currency(&m.currency)?,
    ))
}

fn snapshot(m: &peer_debt::Model) -> Result<serde_json::Value> {
    let amount = money(m)?;
    Ok(json!({
        "direction": direction_name(m.direction),
        "amount": amount.to_string(),
        "currency": amount.currency().code(),
        "date": format_date(m.date),
    }))
}

/// An IOU event's data: the debt, and its contact's name for the owner's
/// notification ("You corrected an IOU with Meera").
async fn event_data<C: ConnectionTrait>(conn: &C, m: &peer_debt::Model) -> Result<serde_json::Value> {
    let amount = money(m)?;
    let contact_name: Option<String> = query_all(
        conn,
        "SELECT name FROM social_contacts WHERE id = $1",
        vec![sea_orm::Value::from(m.contact_id.0)],
    )
    .await?
    .first()
    .map(|r| get(r, "name"))
    .transpose()?;
    Ok(json!({
        "id": m.id.0, "contact_id": m.contact_id.0, "version": m.version,
        "direction": direction_name(m.direction), "amount": amount.to_string(), "currency": amount.currency().code(),
        "contact_name": contact_name,
    }))
}

/// Changes the reason, due date or notes of a live debt. `if_match` (an ETag
/// from `DebtView::etag`) must still be current, else `PreconditionFailed`.
/// Nothing changed writes nothing (and keeps the version).
pub async fn update_debt(
    app: &App,
    actor: &Actor,
    id: PeerDebtId,
    if_match: Option<&str>,
    patch: DebtPatch,
) -> Result<DebtView> {
    owned(app, actor, id).await?;
    let mut p = Problems::default();
    let reason = p.edit(patch.reason.as_ref(), |p, v| {
        p.optional_text("reason", "the reason", v.as_deref(), 500)
    });
    let due_date = p.edit(patch.due_date.as_ref(), |p, v| {
        p.optional_date("due_date", v.as_deref())
    });
    let notes = p.edit(patch.notes.as_ref(), |p, v| {
        p.optional_text("notes", "the notes", v.as_deref(), 2000)
    });
    let (reason, due_date, notes) = p.finish_with((reason, due_date, notes))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = lock(&txn, db::is_postgres(&app.db), actor, id).await?;
    check_match(if_match, &current)?;
    if let Some(why) = not_live(&current) {
        return Err(Error::Conflict(why.into()));
    }
    if let Some(Some(due)) = due_date
        && due < current.date
    {
        return Err(Error::invalid(
            "due_date",
            "The due date can't be before the date of the debt.",
        ));
    }
    let (mut before, mut after) = (serde_json::Map::new(), serde_json::Map::new());
    let mut model: peer_debt::ActiveModel = current.clone().into();
    let mut note = |field: &str, old: serde_json::Value, new: serde_json::Value| {
        let changed = old != new;
        if changed {
            before.insert(field.into(), old);
            after.insert(field.into(), new);
        }
        changed
    };
    if let Some(v) = reason
        && note("reason", json!(current.reason), json!(v))
    {
        model.reason = Set(v);
    }
    if let Some(v) = due_date
        && note(
            "due_date",
            json!(current.due_date.map(format_date)),
            json!(v.map(format_date)),
        )
    {
        model.due_date = Set(v);
    }
    if let Some(v) = notes
        && note("notes", json!(current.notes), json!(v))
    {
        model.notes = Set(v);
    }
    if after.is_empty() {
        txn.rollback().await?;
        return get_debt(app, actor, id).await;
    }
    let version = current.version + 1;
    model.version = Set(version);
    model.updated_at = Set(Some(now));
    let updated = model.update(&txn).await?;
    let fields: Vec<&String> = after.keys().collect();
    let summary = format!(
        "IOU {} edited",
        fields
            .iter()
            .map(|f| f.replace('_', " "))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let data = event_data(&txn, &updated).await?;
    let notify = super::audience(&txn, actor, &data).await?;
    let mut effects = Effects::by(actor, now);
    effects
        .audit(
            "social.debt_changed",
            json!({ "debt_id": id.0, "version": version, "fields": fields }),
        )
        .activity(Line {
            group_id: None,
            contact_id: Some(current.contact_id),
            subject_id: Some(id.0),
            action: "debt.changed",
            summary: &summary,
            details: json!({ "before": before, "after": after, "version": version }),
            said: vec![
                Said::new("act-debt-edited").fields("fields", fields.iter().map(|f| f.to_string()).collect()),
            ],
        })
        .event_to("debt.changed", data, notify);
    txn.commit(&effects).await?;
    get_debt(app, actor, id).await
}

/// The correction, parsed against the debt it corrects.
struct Corrected {
    direction: Direction,
    amount: Money,
    date: time::Date,
}

fn parse_correction(original: &DebtView, c: &DebtCorrection) -> Result<Corrected> {
    let mut p = Problems::default();
    let direction = p.edit(c.direction.as_deref(), |p, d| {
        p.choice(
            "direction",
            d,
            &[("lent", Direction::Lent), ("borrowed", Direction::Borrowed)],
        )
    });
    let currency = p.edit(c.currency.as_deref(), |p, code| p.currency("currency", code));
    let date = p.edit(c.date.as_deref(), |p, d| p.date("date", d));
    let (direction, currency, date) = p.finish_with((direction, currency, date))?;
    let currency: Currency = currency.unwrap_or(original.amount.currency());
    let mut p = Problems::default();
    // A new currency with the old amount: the amount must fit the new currency.
    let raw = c.amount.clone().unwrap_or_else(|| original.amount.to_string());
    let amount = p.amount("amount", &raw, currency, Sign::Positive);
    let amount = p.finish_with(amount)?;
    let out = Corrected {
        direction: direction.unwrap_or(original.direction),
        amount,
        date: date.unwrap_or(original.date),
    };
    if out.direction == original.direction && out.amount == original.amount && out.date == original.date {
        return Err(Error::invalid(
            "amount",
            "Nothing to correct: change the amount, currency, date or direction.",
        ));
    }
    if let Some(due) = original.due_date
        && due < out.date
    {
        return Err(Error::invalid(
            "date",
            format!(
                "The due date ({}) is before this date; change the due date first.",
                format_date(due)
            ),
        ));
    }
    Ok(out)
}

/// Corrects the money of a live debt: the old one is reversed (it counts
/// nowhere from now on) and a new debt, linked both ways, takes its place;
/// the old one's payments move to it, its finance record (if it came from
/// an account) is reversed and the new one posted to the same account.
/// Refused (422) when the new amount is below what has been paid, or when a
/// debt with payments would change currency or direction. With an
/// `Idempotency-Key`, a retry answers the same new debt.
pub async fn correct_debt(
    app: &App,
    actor: &Actor,
    id: PeerDebtId,
    if_match: Option<&str>,
    key: Option<&str>,
    correction: DebtCorrection,
) -> Result<Outcome<DebtView>> {
    let original = owned(app, actor, id).await?;
    let c = parse_correction(&original, &correction)?;
    let now = app.now();
    let postgres = db::is_postgres(&app.db);
    let who = actor.clone();
    let if_match = if_match.map(str::to_string);
    let request = json!({ "debt": id.0, "correction": &correction });
    let (outcome, _) = idempotency::run(app, actor, key, "social.correct_debt", &request, move |txn| {
        Box::pin(async move {
            let old = lock(txn, postgres, &who, id).await?;
            check_match(if_match.as_deref(), &old)?;
            if let Some(why) = not_live(&old) {
                return Err(Error::Conflict(why.into()));
            }
            write_correction(txn, &who, now, old, c).await
        })
    })
    .await?;
    let view = get_debt(app, actor, PeerDebtId(outcome.value)).await?;
    Ok(Outcome {
        value: view,
        replayed: outcome.replayed,
    })
}

async fn write_correction(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    old: peer_debt::Model,
    c: Corrected,
) -> Result<Done<uuid::Uuid>> {
    let old_amount = money(&old)?;
    let currency = c.amount.currency();
    let settled = settled_on(txn, old.id).await?;
    if settled > 0 {
        let paid = Money::from_storage(settled, old_amount.currency());
        if currency != old_amount.currency() {
            return Err(Error::invalid(
                "currency",
                format!(
                    "{paid} {} has already been paid on this IOU, so its currency stays {}.",
                    old_amount.currency(),
                    old_amount.currency()
                ),
            ));
        }
        if c.direction != old.direction {
            return Err(Error::invalid(
                "direction",
                format!(
                    "{paid} {currency} has already been paid on this IOU, so who lent and who borrowed stays as it is."
                ),
            ));
        }
        if c.amount.to_storage() < settled {
            return Err(Error::invalid(
                "amount",
                format!(
                    "{paid} {currency} has already been paid on this IOU; the amount can't be less than that."
                ),
            ));
        }
    }
    let account = linked_account(txn, who, old.id).await?;
    if account.is_some() && currency != old_amount.currency() {
        return Err(Error::invalid(
            "currency",
            format!(
                "This IOU came from an account in {}; its currency stays {}.",
                old_amount.currency(),
                old_amount.currency()
            ),
        ));
    }
    let new_id = PeerDebtId::new();
    let new = peer_debt::ActiveModel {
        id: Set(new_id),
        tenant_id: Set(who.tenant_id),
        contact_id: Set(old.contact_id),
        direction: Set(c.direction),
        amount: Set(c.amount.to_storage()),
        currency: Set(currency.code().to_string()),
        date: Set(c.date),
        reason: Set(old.reason.clone()),
        due_date: Set(old.due_date),
        created_by: Set(who.user_id),
        created_at: Set(now),
        notes: Set(old.notes.clone()),
        version: Set(1),
        deleted_at: Set(None),
        updated_at: Set(Some(now)),
        replaces_id: Set(Some(old.id)),
        replaced_by_id: Set(None),
    }
    .insert(txn)
    .await?;
    let mut replaced: peer_debt::ActiveModel = old.clone().into();
    replaced.replaced_by_id = Set(Some(new_id));
    replaced.version = Set(old.version + 1);
    replaced.updated_at = Set(Some(now));
    replaced.update(txn).await?;
    let moved = query_all(
        txn,
        "SELECT id FROM settlements WHERE peer_debt_id = $1",
        vec![Value::from(old.id.0)],
    )
    .await?
    .iter()
    .map(|r| get::<uuid::Uuid>(r, "id"))
    .collect::<Result<Vec<_>>>()?;
    if !moved.is_empty() {
        settlement::Entity::update_many()
            .col_expr(settlement::Column::PeerDebtId, Expr::value(new_id.0))
            .filter(settlement::Column::PeerDebtId.eq(old.id))
            .exec(txn)
            .await?;
    }
    let mut effects = Effects::by(who, now);
    if let Some(account_id) = account {
        super::ledger::reverse_all(txn, who, now, old.id.0, "IOU corrected", &mut effects).await?;
        let contact = contacts::find(txn, who, old.contact_id).await?;
        let posting = debts::posting(account_id, c.direction, c.amount, c.date, &contact.name);
        super::ledger::post(txn, who, now, new_id.0, posting, &mut effects).await?;
    }
    let (before, after) = (snapshot(&old)?, snapshot(&new)?);
    let summary = format!(
        "IOU corrected: {} {} → {} {}",
        old_amount,
        old_amount.currency(),
        c.amount,
        currency
    );
    let mut data = event_data(txn, &new).await?;
    data["replaces_id"] = json!(old.id.0);
    let notify = super::audience(txn, who, &data).await?;
    effects
        .audit(
            "social.debt_corrected",
            json!({ "debt_id": old.id.0, "new_debt_id": new_id.0, "moved_settlements": moved }),
        )
        .activity(Line {
            group_id: None,
            contact_id: Some(old.contact_id),
            subject_id: Some(new_id.0),
            action: "debt.corrected",
            summary: &summary,
            details: json!({ "before": before, "after": after, "replaces_id": old.id.0, "moved_settlements": moved.len() }),
            said: vec![Said::new("act-debt-corrected").money("before", old_amount).money("after", c.amount)],
        })
        .event_to("debt.corrected", data, notify);
    Ok(Done::new(new_id.0, effects))
}

/// Deletes (`deleted`) or restores a debt, the row locked for the
/// transaction: a second concurrent request finds it already done.
async fn set_deleted(
    app: &App,
    actor: &Actor,
    id: PeerDebtId,
    deleted: bool,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<DebtView> {
    owned(app, actor, id).await?;
    let now = app.now();
    let postgres = db::is_postgres(&app.db);
    let operation = if deleted {
        "social.delete_debt"
    } else {
        "social.restore_debt"
    };
    let request = json!({ "id": id.0, "if_match": if_match });
    let who = actor.clone();
    let if_match = if_match.map(str::to_string);
    idempotency::run(app, actor, key, operation, &request, move |txn| {
        Box::pin(
            async move { write_deleted(txn, &who, now, postgres, id, if_match.as_deref(), deleted).await },
        )
    })
    .await?;
    get_debt(app, actor, id).await
}

async fn write_deleted(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    postgres: bool,
    id: PeerDebtId,
    if_match: Option<&str>,
    deleted: bool,
) -> Result<Done<uuid::Uuid>> {
    let current = lock(txn, postgres, actor, id).await?;
    check_match(if_match, &current)?;
    if current.replaced_by_id.is_some() {
        return Err(Error::Conflict(CORRECTED.into()));
    }
    if current.deleted_at.is_some() == deleted {
        return Ok(Done::new(id.0, Effects::by(actor, now)));
    }
    let amount = money(&current)?;
    let mut effects = Effects::by(actor, now);
    if deleted {
        let settled = settled_on(txn, id).await?;
        if settled > 0 {
            return Err(Error::Conflict(format!(
                "{} {} has been paid on this IOU. Delete those payments first, or correct the IOU instead.",
                Money::from_storage(settled, amount.currency()),
                amount.currency()
            )));
        }
        super::ledger::reverse_all(txn, actor, now, id.0, "IOU deleted", &mut effects).await?;
    } else if let Some(earlier) = earlier_account(txn, actor, id).await? {
        // Restoring takes the money from (or puts it in) the account again:
        // it must still be usable.
        let raw = earlier.to_string();
        if let Some(account_id) =
            super::ledger::account(txn, actor, "account_id", Some(&raw), amount.currency()).await?
        {
            let contact = contacts::find(txn, actor, current.contact_id).await?;
            let posting = debts::posting(account_id, current.direction, amount, current.date, &contact.name);
            super::ledger::post(txn, actor, now, id.0, posting, &mut effects).await?;
        }
    }
    let contact_id = current.contact_id;
    let mut model: peer_debt::ActiveModel = current.clone().into();
    model.deleted_at = Set(deleted.then_some(now));
    model.version = Set(current.version + 1);
    model.updated_at = Set(Some(now));
    let updated = model.update(txn).await?;
    let (action, event, summary) = if deleted {
        (
            "social.debt_deleted",
            "debt.deleted",
            format!("IOU of {amount} {} deleted", amount.currency()),
        )
    } else {
        (
            "social.debt_restored",
            "debt.restored",
            format!("IOU of {amount} {} restored", amount.currency()),
        )
    };
    let data = event_data(txn, &updated).await?;
    let notify = super::audience(txn, actor, &data).await?;
    effects
        .audit(action, json!({ "debt_id": id.0 }))
        .activity(Line {
            group_id: None,
            contact_id: Some(contact_id),
            subject_id: Some(id.0),
            action: event,
            summary: &summary,
            details: json!({ "deleted": deleted }),
            said: vec![
                Said::new(if deleted {
                    "act-debt-deleted"
                } else {
                    "act-debt-restored"
                })
                .money("amount", amount),
            ],
        })
        .event_to(event, data, notify);
    Ok(Done::new(id.0, effects))
}

/// Deletes a debt without payments: a tombstone `restore_debt` undoes. It
/// leaves every balance until then; its finance record is reversed.
///
/// `if_match` (an `ETag`) refuses with 412 when the debt changed since; with
/// `key`, a retry answers as the first request did and changes nothing.
pub async fn delete_debt(
    app: &App,
    actor: &Actor,
    id: PeerDebtId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<DebtView> {
    set_deleted(app, actor, id, true, if_match, key).await
}

/// Puts a deleted debt back (and its finance record, if it came from an account).
pub async fn restore_debt(
    app: &App,
    actor: &Actor,
    id: PeerDebtId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<DebtView> {
    set_deleted(app, actor, id, false, if_match, key).await
}

/// Every change of a debt, oldest first: recorded, edited, corrected (the
/// versions it replaced and the one that replaced it count as the same
/// debt), deleted, restored. The owner and the linked person may read it.
pub async fn debt_history(app: &App, actor: &Actor, id: PeerDebtId) -> Result<Vec<ActivityView>> {
    let actor = &super::access::debt_actor(&app.db, actor, id).await?;
    let mut chain = vec![id];
    for forward in [false, true] {
        let mut at = id;
        // A chain is as long as the corrections made; the bound is a guard.
        for _ in 0..1000 {
            let row = peer_debt::Entity::find_by_id(at)
                .filter(peer_debt::Column::TenantId.eq(actor.tenant_id))
                .one(&app.db)
                .await?
                .ok_or(Error::NotFound)?;
            let next = if forward {
                row.replaced_by_id
            } else {
                row.replaces_id
            };
            match next {
                Some(n) => {
                    chain.push(n);
                    at = n;
                }
                None => break,
            }
        }
    }
    let rows = activity::Entity::find()
        .filter(activity::Column::TenantId.eq(actor.tenant_id))
        .filter(activity::Column::SubjectId.is_in(chain.iter().map(|d| d.0)))
        .order_by_asc(activity::Column::CreatedAt)
        .order_by_asc(activity::Column::Id)
        .all(&app.db)
        .await?;
    Ok(rows.into_iter().map(super::activity::view).collect())
}

/// The history of every debt with a contact, in one read: keyed by each
/// debt's current version (a corrected debt's lines are its successor's).
pub async fn contact_debt_histories(
    app: &App,
    actor: &Actor,
    contact_id: ContactId,
) -> Result<HashMap<PeerDebtId, Vec<ActivityView>>> {
    contacts::find(&app.db, actor, contact_id).await?;
    let links: BTreeMap<uuid::Uuid, Option<uuid::Uuid>> = query_all(
        &app.db,
        "SELECT id, replaced_by_id FROM peer_debts WHERE tenant_id = $1 AND contact_id = $2",
        vec![Value::from(actor.tenant_id.0), Value::from(contact_id.0)],
    )
    .await?
    .iter()
    .map(|r| Ok((get(r, "id")?, get(r, "replaced_by_id")?)))
    .collect::<Result<_>>()?;
    let head = |mut id: uuid::Uuid| {
        for _ in 0..1000 {
            match links.get(&id).copied().flatten() {
                Some(next) => id = next,
                None => break,
            }
        }
        PeerDebtId(id)
    };
    let rows = activity::Entity::find()
        .filter(activity::Column::TenantId.eq(actor.tenant_id))
        .filter(activity::Column::ContactId.eq(contact_id))
        .filter(activity::Column::Action.starts_with("debt."))
        .order_by_asc(activity::Column::CreatedAt)
        .order_by_asc(activity::Column::Id)
        .all(&app.db)
        .await?;
    let mut out: HashMap<PeerDebtId, Vec<ActivityView>> = HashMap::new();
    for row in rows {
        if let Some(subject) = row.subject_id.filter(|s| links.contains_key(s)) {
            out.entry(head(subject))
                .or_default()
                .push(super::activity::view(row));
        }
    }
    Ok(out)
}
