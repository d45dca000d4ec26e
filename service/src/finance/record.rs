//! Writing one ledger record: the row, and its rollup change into the
//! write's `Effects` (sent with the commit). Callers own the transaction and
//! the rest of its effects (the audit entry and the outbox event).

use super::rollups::Change;
use super::{AccountId, CategoryId, FlowKind, TransactionId, TransferId, tags_to_db};
use crate::Actor;
use crate::effects::Effects;
use crate::error::Result;
use crate::money::Money;
use hisaab_entity::finance::transaction;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use time::{Date, OffsetDateTime};

pub(crate) struct NewRecord {
    pub account_id: AccountId,
    pub kind: FlowKind,
    /// Kind-relative: positive for a record, negative for a reversal.
    pub amount: Money,
    pub date: Date,
    pub description: String,
    pub payee: Option<String>,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer_id: Option<TransferId>,
    pub reverses_id: Option<TransactionId>,
    pub corrects_id: Option<TransactionId>,
    pub reason: Option<String>,
}

pub(crate) fn delta_of(kind: FlowKind, amount: i64) -> i64 {
    match kind {
        FlowKind::Income => amount,
        FlowKind::Expense => -amount,
    }
}

pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    now: OffsetDateTime,
    r: NewRecord,
    effects: &mut Effects,
) -> Result<transaction::Model> {
    insert_linked(conn, actor, now, r, None, false, effects).await
}

/// A record made by social finance (`social_id`); `outside_flow` money moves
/// the balance but is neither income nor expense (like a transfer leg).
pub(crate) async fn insert_linked<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    now: OffsetDateTime,
    r: NewRecord,
    social_id: Option<uuid::Uuid>,
    outside_flow: bool,
    effects: &mut Effects,
) -> Result<transaction::Model> {
    let amount = r.amount.to_storage();
    let delta = delta_of(r.kind, amount);
    let model = transaction::ActiveModel {
        id: Set(TransactionId::new()),
        tenant_id: Set(actor.tenant_id),
        account_id: Set(r.account_id),
        kind: Set(r.kind),
        amount: Set(amount),
        delta: Set(delta),
        currency: Set(r.amount.currency().code().to_string()),
        date: Set(r.date),
        description: Set(r.description),
        payee: Set(r.payee),
        category_id: Set(r.category_id),
        tags: Set(tags_to_db(&r.tags)),
        notes: Set(r.notes),
        transfer_id: Set(r.transfer_id),
        reverses_id: Set(r.reverses_id),
        reversed_by_id: Set(None),
        corrects_id: Set(r.corrects_id),
        corrected_by_id: Set(None),
        reason: Set(r.reason),
        social_id: Set(social_id),
        outside_flow: Set(outside_flow),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    effects.rollup(Change {
        tenant_id: actor.tenant_id,
        account_id: model.account_id,
        date: model.date,
        kind: model.kind,
        amount,
        delta,
        is_transfer: model.transfer_id.is_some() || model.outside_flow,
    });
    Ok(model)
}
