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
use sea_orm::{ConnectionTrait, EntityTrait, QueryTrait};
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

/// `insert`, with the row itself sent with the commit (`Effects::row`),
/// ahead of the audit entry and events added after it: for a write whose
/// later steps neither read the row nor point at it (a plain income or
/// expense). On SQLite the one writer then takes such a write in four round
/// trips: begin, the account, everything it writes, commit (ADR 0028).
pub(crate) fn insert_at_commit(
    actor: &Actor,
    now: OffsetDateTime,
    r: NewRecord,
    effects: &mut Effects,
) -> transaction::Model {
    let (model, change) = new_row(actor, now, r, None, false);
    effects
        .row(transaction::Entity::insert(transaction::ActiveModel::from(model.clone())).into_query())
        .rollup(change);
    model
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
    let (model, change) = new_row(actor, now, r, social_id, outside_flow);
    transaction::Entity::insert(transaction::ActiveModel::from(model.clone()))
        .exec_without_returning(conn)
        .await?;
    effects.rollup(change);
    Ok(model)
}

/// The row as written, and what it adds to its account's month.
fn new_row(
    actor: &Actor,
    now: OffsetDateTime,
    r: NewRecord,
    social_id: Option<uuid::Uuid>,
    outside_flow: bool,
) -> (transaction::Model, Change) {
    let amount = r.amount.to_storage();
    let delta = delta_of(r.kind, amount);
    let model = transaction::Model {
        id: TransactionId::new(),
        tenant_id: actor.tenant_id,
        account_id: r.account_id,
        kind: r.kind,
        amount,
        delta,
        currency: r.amount.currency().code().to_string(),
        date: r.date,
        description: r.description,
        payee: r.payee,
        category_id: r.category_id,
        tags: tags_to_db(&r.tags),
        notes: r.notes,
        transfer_id: r.transfer_id,
        reverses_id: r.reverses_id,
        reversed_by_id: None,
        corrects_id: r.corrects_id,
        corrected_by_id: None,
        reason: r.reason,
        social_id,
        outside_flow,
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
    };
    let change = Change {
        tenant_id: actor.tenant_id,
        account_id: model.account_id,
        date: model.date,
        kind: model.kind,
        amount,
        delta,
        is_transfer: model.transfer_id.is_some() || model.outside_flow,
    };
    (model, change)
}
