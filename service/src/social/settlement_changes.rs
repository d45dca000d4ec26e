//! Deleting a payment and undoing that (ADR 0017): a tombstone guarded by
//! `If-Match`, never a removed row. In the same transaction as the tombstone:
//! a group payment leaves (or re-enters) the group's pairwise rollup, so
//! balances and plans follow; an IOU payment stops (or starts again) counting
//! towards the IOU's settled amount; the finance record a payment through an
//! account made is reversed (or posted again), so the account's balance and
//! its monthly rollup follow. Everyone who sees the payment is notified, which
//! bumps their cached views.

use super::activity::{Line, Said};
use super::ledger::{self, Posting};
use super::rollup::{self, Debt};
use super::settlement_reads::{SettlementView, fetch, matches, settlement_actor};
use super::{get, query_all, stored_currency};
use crate::App;
use crate::actor::Actor;
use crate::db::{self, WriteTx};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::finance::accounts;
use crate::idempotency::{self, Done};
use crate::money::Money;
use hisaab_entity::finance::transaction;
use hisaab_entity::social::{ContactId, SettlementId, peer_debt, settlement};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Value};
use serde_json::json;
use time::OffsetDateTime;

/// Deletes a payment. `if_match` (an ETag from `SettlementView::etag`) must
/// still be current, else `PreconditionFailed`. With `key`, a retry gets the
/// first answer. Deleting a deleted payment changes nothing.
pub async fn delete_settlement(
    app: &App,
    actor: &Actor,
    id: SettlementId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<SettlementView> {
    change(app, actor, id, if_match, key, true).await
}

/// Undoes `delete_settlement`. Refused (`Conflict`) when the IOU has since
/// been paid so far that this payment would settle more than it, or when the
/// account it went through is archived.
pub async fn restore_settlement(
    app: &App,
    actor: &Actor,
    id: SettlementId,
    if_match: Option<&str>,
    key: Option<&str>,
) -> Result<SettlementView> {
    change(app, actor, id, if_match, key, false).await
}

async fn change(
    app: &App,
    actor: &Actor,
    id: SettlementId,
    if_match: Option<&str>,
    key: Option<&str>,
    deleted: bool,
) -> Result<SettlementView> {
    let effective = settlement_actor(&app.db, actor, id).await?;
    if super::access::is_shared(actor, &effective) {
        may_change_shared(app, &effective, id).await?;
    }
    let now = app.now();
    let postgres = db::is_postgres(&app.db);
    let who = effective.clone();
    let if_match_owned = if_match.map(str::to_string);
    let operation = if deleted {
        "social.delete_settlement"
    } else {
        "social.restore_settlement"
    };
    let request = json!({ "id": id.0, "if_match": if_match });
    idempotency::run(app, &effective, key, operation, &request, move |txn| {
        Box::pin(async move {
            write_change(txn, &who, now, postgres, id, if_match_owned.as_deref(), deleted).await
        })
    })
    .await?;
    fetch(&app.db, actor, &effective, id).await
}

/// The person a group is shared with changes only payments they made or
/// received (as they record only those); an IOU's payments are all between
/// the two of them.
async fn may_change_shared(app: &App, effective: &Actor, id: SettlementId) -> Result<()> {
    let rows = query_all(
        &app.db,
        "SELECT 1 AS ok FROM settlements s WHERE s.id = $1 AND (s.group_id IS NULL OR EXISTS ( \
           SELECT 1 FROM expense_group_members m JOIN social_contacts c ON c.id = m.contact_id \
           WHERE m.id IN (s.from_member_id, s.to_member_id) AND c.linked_user_id = $2 AND c.share_status = 'accepted'))",
        vec![Value::from(id.0), Value::from(effective.user_id.0)],
    )
    .await?;
    if rows.is_empty() {
        return Err(Error::Forbidden(
            "You can change only payments you made or received.".into(),
        ));
    }
    Ok(())
}

/// The names and IOU a change's activity line and event mention.
struct About {
    from: String,
    to: String,
    contact_id: Option<ContactId>,
    /// The IOU's contact, as its owner calls them.
    contact_name: Option<String>,
    group_name: Option<String>,
}

async fn about(txn: &WriteTx, s: &settlement::Model) -> Result<About> {
    let rows = query_all(
        txn,
        "SELECT COALESCE(cf.name, mf.name) AS from_name, COALESCE(ct.name, mt.name) AS to_name, \
           d.contact_id AS contact_id, dc.name AS contact_name, d.direction AS direction, g.name AS group_name \
         FROM settlements s \
           LEFT JOIN expense_groups g ON g.id = s.group_id \
           LEFT JOIN expense_group_members mf ON mf.id = s.from_member_id LEFT JOIN social_contacts cf ON cf.id = mf.contact_id \
           LEFT JOIN expense_group_members mt ON mt.id = s.to_member_id LEFT JOIN social_contacts ct ON ct.id = mt.contact_id \
           LEFT JOIN peer_debts d ON d.id = s.peer_debt_id LEFT JOIN social_contacts dc ON dc.id = d.contact_id \
         WHERE s.id = $1",
        vec![Value::from(s.id.0)],
    )
    .await?;
    let row = rows.first().ok_or(Error::NotFound)?;
    let contact_id = get::<Option<uuid::Uuid>>(row, "contact_id")?.map(ContactId);
    let contact_name: Option<String> = get(row, "contact_name")?;
    let group_name: Option<String> = get(row, "group_name")?;
    if contact_id.is_some() {
        let contact = contact_name.clone().unwrap_or_default();
        let direction: Option<peer_debt::Direction> = get(row, "direction")?;
        let (from, to) = match direction {
            Some(peer_debt::Direction::Borrowed) => ("You".to_string(), contact),
            _ => (contact, "You".to_string()),
        };
        return Ok(About {
            from,
            to,
            contact_id,
            contact_name,
            group_name,
        });
    }
    Ok(About {
        from: get::<Option<String>>(row, "from_name")?.unwrap_or_default(),
        to: get::<Option<String>>(row, "to_name")?.unwrap_or_default(),
        contact_id: None,
        contact_name: None,
        group_name,
    })
}

async fn write_change(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    postgres: bool,
    id: SettlementId,
    if_match: Option<&str>,
    deleted: bool,
) -> Result<Done<uuid::Uuid>> {
    let mut lock = settlement::Entity::find_by_id(id).filter(settlement::Column::TenantId.eq(who.tenant_id));
    if postgres {
        lock = lock.lock_exclusive();
    }
    let current = lock.one(txn).await?.ok_or(Error::NotFound)?;
    if !matches(if_match, id, current.version) {
        return Err(Error::PreconditionFailed);
    }
    let mut effects = Effects::by(who, now);
    if current.deleted_at.is_some() == deleted {
        return Ok(Done::new(id.0, effects));
    }
    let amount = Money::from_storage(current.amount, stored_currency(&current.currency)?);
    if !deleted && let Some(debt_id) = current.peer_debt_id {
        check_restore_fits(txn, who, postgres, debt_id, amount).await?;
    }
    let about = about(txn, &current).await?;
    let version = current.version + 1;
    let (group_id, from, to) = (current.group_id, current.from_member_id, current.to_member_id);
    let mut model: settlement::ActiveModel = current.into();
    model.deleted_at = Set(deleted.then_some(now));
    model.version = Set(version);
    model.updated_at = Set(now);
    model.update(txn).await?;
    if let (Some(group_id), Some(from), Some(to)) = (group_id, from, to) {
        // As recorded: paying someone counts as them owing you.
        let debt = Debt {
            debtor: to,
            creditor: from,
            amount: crate::money::Stored(amount.to_storage()),
        };
        rollup::apply(
            txn,
            who.tenant_id,
            group_id,
            &[debt],
            if deleted { -1 } else { 1 },
        )
        .await?;
    }
    if deleted {
        ledger::reverse_all(txn, who, now, id.0, "Payment deleted", &mut effects).await?;
    } else {
        post_again(txn, who, now, id, &mut effects).await?;
    }
    let currency = amount.currency();
    let (action, event, verb) = if deleted {
        ("social.settlement_deleted", "settlement.deleted", "deleted")
    } else {
        ("social.settlement_restored", "settlement.restored", "restored")
    };
    let summary = format!(
        "Payment {verb}: {} paid {} {amount} {currency}",
        about.from, about.to
    );
    let mut data = json!({
        "id": id.0, "version": version, "deleted": deleted,
        "amount": amount.to_string(), "currency": currency.code(),
    });
    if let Some(g) = group_id {
        data["group_id"] = json!(g.0);
        data["group_name"] = json!(about.group_name);
    }
    if let Some(c) = about.contact_id {
        data["contact_id"] = json!(c.0);
        data["contact_name"] = json!(about.contact_name);
    }
    let notify = super::audience(txn, who, &data).await?;
    let said = Said::new(if deleted {
        "act-payment-deleted"
    } else {
        "act-payment-restored"
    });
    // A group's payment names its members (as each reader knows them); an
    // IOU's, the contact and "You" (the IOU's owner).
    let said = match (from, to) {
        (Some(from), Some(to)) => said.member("from", from).member("to", to),
        _ => said.text("from", &about.from).text("to", &about.to),
    };
    effects
        .audit(action, json!({ "settlement_id": id.0, "version": version }))
        .activity(Line {
            group_id,
            contact_id: about.contact_id,
            subject_id: Some(id.0),
            action: event,
            summary: &summary,
            details: json!({ "deleted": deleted, "version": version }),
            said: vec![said.money("amount", amount)],
        })
        .event_to(event, data, notify);
    Ok(Done::new(id.0, effects))
}

/// A restored IOU payment must still fit: what the other live payments
/// settle plus this one may not exceed the IOU (the IOU row locked while
/// summing, as `settle_debt` does).
async fn check_restore_fits(
    txn: &WriteTx,
    who: &Actor,
    postgres: bool,
    debt_id: hisaab_entity::social::PeerDebtId,
    amount: Money,
) -> Result<()> {
    let mut lock =
        peer_debt::Entity::find_by_id(debt_id).filter(peer_debt::Column::TenantId.eq(who.tenant_id));
    if postgres {
        lock = lock.lock_exclusive();
    }
    let debt = lock.one(txn).await?.ok_or(Error::NotFound)?;
    let rows = query_all(
        txn,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS settled FROM settlements \
         WHERE peer_debt_id = $1 AND deleted_at IS NULL",
        vec![Value::from(debt_id.0)],
    )
    .await?;
    let settled: i64 = rows.first().map(|r| get(r, "settled")).transpose()?.unwrap_or(0);
    if settled + amount.to_storage() > debt.amount {
        let currency = amount.currency();
        let outstanding = Money::from_storage((debt.amount - settled).max(0), currency);
        return Err(Error::Conflict(format!(
            "Restoring this payment of {amount} {currency} would pay more than the IOU: only \
             {outstanding} {currency} is outstanding now. Delete a later payment first, or record a smaller one."
        )));
    }
    Ok(())
}

/// Posts the finance record a payment made before it was deleted again: a
/// copy of the latest reversed one, into the same account (which must not
/// be archived meanwhile).
async fn post_again(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    id: SettlementId,
    effects: &mut Effects,
) -> Result<()> {
    let Some(last) = transaction::Entity::find()
        .filter(transaction::Column::TenantId.eq(who.tenant_id))
        .filter(transaction::Column::SocialId.eq(id.0))
        .filter(transaction::Column::ReversesId.is_null())
        .filter(transaction::Column::ReversedById.is_not_null())
        .order_by_desc(transaction::Column::CreatedAt)
        .order_by_desc(transaction::Column::Id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let account = accounts::load(txn, who, last.account_id).await?;
    if account.archived {
        return Err(Error::Conflict(format!(
            "This payment went through the account {}, which is archived. Restore the account first, then the payment.",
            account.name
        )));
    }
    let currency = stored_currency(&last.currency)?;
    let posting = Posting {
        account_id: last.account_id,
        kind: last.kind,
        amount: Money::from_storage(last.amount, currency),
        date: last.date,
        description: last.description,
        category_id: last.category_id,
        outside_flow: last.outside_flow,
    };
    ledger::post(txn, who, now, id.0, posting, effects).await
}
