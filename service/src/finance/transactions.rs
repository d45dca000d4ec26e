//! Income and expense records. Money fields never change: a mistake is
//! reversed (a linked record with the opposite amount) or corrected (reversal
//! plus a new record, atomically, linked both ways). Description, payee,
//! category, tags and notes may be edited (see `history`).

use super::record::{self, NewRecord};
use super::{
    AccountId, CategoryId, Flow, FlowKind, TransactionId, TransferId, accounts, categories, currency_of,
    flow_kind, format_date, tags_from_db,
};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::{Actor, App};
use hisaab_entity::finance::{account, transaction, transfer};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};

pub use super::history::{EditView, FieldChange, TransactionEdits, transaction_history, update_transaction};
pub use super::listing::{
    Register, Totals, TransactionFilter, TransactionPage, account_register, latest_transactions,
    list_transactions, transaction_totals,
};

#[derive(Clone, Debug)]
pub struct TransactionView {
    pub id: TransactionId,
    pub account_id: AccountId,
    pub kind: Flow,
    /// Kind-relative: negative on a reversing record.
    pub amount: Money,
    pub currency: Currency,
    pub date: Date,
    pub description: String,
    pub payee: Option<String>,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub transfer_id: Option<TransferId>,
    pub reverses_id: Option<TransactionId>,
    pub reversed_by_id: Option<TransactionId>,
    pub corrects_id: Option<TransactionId>,
    pub corrected_by_id: Option<TransactionId>,
    pub reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl TransactionView {
    pub(crate) fn build(t: transaction::Model) -> Result<Self> {
        let currency = currency_of(&t.currency)?;
        Ok(Self {
            id: t.id,
            account_id: t.account_id,
            kind: t.kind.into(),
            amount: Money::from_storage(t.amount, currency),
            currency,
            date: t.date,
            description: t.description,
            payee: t.payee,
            category_id: t.category_id,
            tags: tags_from_db(&t.tags),
            notes: t.notes,
            transfer_id: t.transfer_id,
            reverses_id: t.reverses_id,
            reversed_by_id: t.reversed_by_id,
            corrects_id: t.corrects_id,
            corrected_by_id: t.corrected_by_id,
            reason: t.reason,
            created_at: t.created_at,
            updated_at: t.updated_at,
        })
    }

    /// The signed effect on the account balance.
    pub fn signed_amount(&self) -> Money {
        match self.kind {
            Flow::Income => self.amount,
            Flow::Expense => self.amount.negate(),
        }
    }

    pub fn date_text(&self) -> String {
        format_date(self.date)
    }
}

/// What a person enters for a new record (text as typed; parsed here).
#[derive(Clone, Debug, Default, Serialize)]
pub struct NewTransaction {
    pub account_id: String,
    pub kind: String,
    pub amount: String,
    /// Optional: must match the account's currency when given.
    pub currency: Option<String>,
    pub date: String,
    pub description: Option<String>,
    pub payee: Option<String>,
    pub category_id: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

/// A category usable on a new record of `kind`.
pub(crate) async fn usable_category<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: CategoryId,
    kind: FlowKind,
) -> Result<CategoryId> {
    // Another person's category, or none: a 422 naming the field (pages and API alike).
    let c = categories::load(conn, actor, id)
        .await
        .map_err(|e| not_yours(e, "category_id", "Choose one of your categories."))?;
    if c.archived {
        return Err(Error::invalid(
            "category_id",
            "This category is archived; choose another or restore it first.",
        ));
    }
    if c.kind != kind {
        return Err(Error::invalid(
            "category_id",
            format!(
                "is a {} category; choose a {} one",
                Flow::from(c.kind),
                Flow::from(kind)
            ),
        ));
    }
    Ok(c.id)
}

/// A referenced id that is not the caller's (or nothing): invalid input naming
/// the field, not a 404 (the request's own resource was found).
pub(crate) fn not_yours(e: Error, field: &str, message: &str) -> Error {
    match e {
        Error::NotFound => Error::invalid(field, message),
        e => e,
    }
}

pub(crate) async fn usable_account<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: AccountId,
) -> Result<account::Model> {
    let a = accounts::load(conn, actor, id)
        .await
        .map_err(|e| not_yours(e, "account_id", "Choose one of your accounts."))?;
    if a.archived {
        return Err(Error::invalid(
            "account_id",
            "This account is archived; restore it to record new transactions.",
        ));
    }
    Ok(a)
}

struct Checked {
    record: NewRecord,
}

async fn check_new<C: ConnectionTrait>(conn: &C, actor: &Actor, input: &NewTransaction) -> Result<Checked> {
    let mut p = Problems::default();
    let account_id: Option<AccountId> = p.id("account_id", &input.account_id);
    let kind = flow_kind(&mut p, "kind", &input.kind);
    let date = p.date("date", &input.date);
    let description = p.optional_text(
        "description",
        "the description",
        input.description.as_deref(),
        200,
    );
    let payee = p.optional_text("payee", "the payee", input.payee.as_deref(), 100);
    let notes = p.optional_text("notes", "notes", input.notes.as_deref(), 2000);
    let tags = p.tags("tags", &input.tags);
    let category_id: Option<Option<CategoryId>> = p.optional_id("category_id", input.category_id.as_deref());
    // The account decides the currency the amount is read in.
    let Some(account_id) = account_id else {
        return p.finish_with(None);
    };
    let account = usable_account(conn, actor, account_id).await?;
    let currency = currency_of(&account.currency)?;
    if let Some(given) = input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty())
        && !given.eq_ignore_ascii_case(currency.code())
    {
        p.add(
            "currency",
            format!("must be {} (the account's currency) or left out", currency.code()),
        );
    }
    let amount = p.amount("amount", &input.amount, currency, Sign::Positive);
    let (kind, date, description, payee, notes, tags, category_id, amount) =
        p.finish_with((kind, date, description, payee, notes, tags, category_id, amount))?;
    let category_id = match category_id {
        Some(id) => Some(usable_category(conn, actor, id, kind).await?),
        None => None,
    };
    Ok(Checked {
        record: NewRecord {
            account_id,
            kind,
            amount,
            date,
            description: description.unwrap_or_default(),
            payee,
            category_id,
            tags,
            notes,
            transfer_id: None,
            reverses_id: None,
            corrects_id: None,
            reason: None,
        },
    })
}

/// Adds a record's audit entry and event (`action`, `event`) to `effects`.
pub(crate) fn announce(
    effects: &mut Effects,
    action: &str,
    event: &str,
    t: &transaction::Model,
) -> Result<()> {
    let currency = currency_of(&t.currency)?;
    let data = json!({
        "transaction_id": t.id.to_string(),
        "account_id": t.account_id.to_string(),
        "kind": Flow::from(t.kind),
        "amount": Money::from_storage(t.amount, currency).to_string(),
        "currency": t.currency,
        "date": format_date(t.date),
        "reverses_id": t.reverses_id.map(|i| i.to_string()),
        "corrects_id": t.corrects_id.map(|i| i.to_string()),
    });
    effects.audit(action, data.clone()).event(event, data);
    Ok(())
}

/// Records income or expense on one account. With `idempotency_key`, a retry
/// with the same body returns the same record.
pub async fn record_transaction(
    app: &App,
    actor: &Actor,
    input: NewTransaction,
    idempotency_key: Option<&str>,
) -> Result<TransactionView> {
    // Validation runs inside the write transaction: a refused request rolls
    // back with its key unstored, so a corrected retry with the same key works.
    let now = app.now();
    let (outcome, written) = idempotency::run(
        app,
        actor,
        idempotency_key,
        "finance.record_transaction",
        &input,
        |tx| {
            let (actor, input) = (actor.clone(), input.clone());
            Box::pin(async move {
                let checked = check_new(tx, &actor, &input).await?;
                let mut effects = Effects::by(&actor, now);
                let t = record::insert_at_commit(&actor, now, checked.record, &mut effects);
                announce(
                    &mut effects,
                    "finance.transaction_recorded",
                    "transaction.recorded",
                    &t,
                )?;
                // The row as written, so a first request answers without reading it back.
                Ok(Done::with_value(t.id.0, t, effects))
            })
        },
    )
    .await?;
    match written {
        Some(t) => TransactionView::build(t),
        None => get_transaction(app, actor, TransactionId(outcome.value)).await,
    }
}

pub async fn get_transaction(app: &App, actor: &Actor, id: TransactionId) -> Result<TransactionView> {
    TransactionView::build(load(&app.db, actor, id).await?)
}

pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: TransactionId,
) -> Result<transaction::Model> {
    transaction::Entity::find_by_id(id)
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ReverseInput {
    pub reason: String,
}

fn check_reason(reason: &str) -> Result<String> {
    let mut p = Problems::default();
    let reason = p.text("reason", "a reason", reason, 500);
    p.finish_with(reason)
}

/// Writes the reversal of `original` (which must be reversible), links both,
/// and adds its audit entry and event to `effects`.
pub(crate) async fn write_reversal(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    original: &transaction::Model,
    reason: &str,
    effects: &mut Effects,
) -> Result<transaction::Model> {
    if original.reverses_id.is_some() {
        return Err(Error::invalid(
            "id",
            "This record is itself a reversal and cannot be reversed.",
        ));
    }
    if original.reversed_by_id.is_some() {
        return Err(Error::Conflict("This record has already been reversed.".into()));
    }
    let currency = currency_of(&original.currency)?;
    let reversal = record::insert_linked(
        txn,
        actor,
        now,
        NewRecord {
            account_id: original.account_id,
            kind: original.kind,
            amount: Money::from_storage(-original.amount, currency),
            date: original.date,
            description: format!("Reversal: {}", original.description)
                .chars()
                .take(200)
                .collect(),
            payee: original.payee.clone(),
            category_id: original.category_id,
            tags: tags_from_db(&original.tags),
            notes: None,
            transfer_id: original.transfer_id,
            reverses_id: Some(original.id),
            corrects_id: None,
            reason: Some(reason.to_string()),
        },
        original.social_id,
        original.outside_flow,
        effects,
    )
    .await?;
    let mut active: transaction::ActiveModel = original.clone().into();
    active.reversed_by_id = Set(Some(reversal.id));
    active.updated_at = Set(now);
    active.update(txn).await?;
    announce(
        effects,
        "finance.transaction_reversed",
        "transaction.reversed",
        &reversal,
    )?;
    Ok(reversal)
}

/// A record made by a debt, a group expense or a settlement changes with it.
fn refuse_social(t: &transaction::Model) -> Result<()> {
    if t.social_id.is_some() {
        return Err(Error::invalid(
            "id",
            "This record belongs to a debt, group expense or settlement: change or delete that instead.",
        ));
    }
    Ok(())
}

/// Reverses a record (both legs of a transfer). Returns the reversing record.
pub async fn reverse_transaction(
    app: &App,
    actor: &Actor,
    id: TransactionId,
    input: ReverseInput,
    idempotency_key: Option<&str>,
) -> Result<TransactionView> {
    let reason = check_reason(&input.reason)?;
    refuse_social(&load(&app.db, actor, id).await?)?;
    let now = app.now();
    let request = json!({ "id": id.to_string(), "reason": reason });
    let (outcome, _) = idempotency::run(
        app,
        actor,
        idempotency_key,
        "finance.reverse_transaction",
        &request,
        |txn| {
            let actor = actor.clone();
            Box::pin(async move {
                let mut effects = Effects::by(&actor, now);
                let original = load(txn, &actor, id).await?;
                let Some(transfer_id) = original.transfer_id else {
                    let reversal = write_reversal(txn, &actor, now, &original, &reason, &mut effects).await?;
                    return Ok(Done::new(reversal.id.0, effects));
                };
                let t = transfer::Entity::find_by_id(transfer_id)
                    .filter(transfer::Column::TenantId.eq(actor.tenant_id))
                    .one(txn)
                    .await?
                    .ok_or(Error::NotFound)?;
                let other = if t.from_transaction_id == id {
                    t.to_transaction_id
                } else {
                    t.from_transaction_id
                };
                let other = load(txn, &actor, other).await?;
                // Both legs in account order, as `record_transfer` writes
                // them, so the rollup rows are always locked in one order.
                let (first, second) = if original.account_id <= other.account_id {
                    (&original, &other)
                } else {
                    (&other, &original)
                };
                let first_reversal = write_reversal(txn, &actor, now, first, &reason, &mut effects).await?;
                let second_reversal = write_reversal(txn, &actor, now, second, &reason, &mut effects).await?;
                let of_original = if first.id == original.id {
                    first_reversal
                } else {
                    second_reversal
                };
                Ok(Done::new(of_original.id.0, effects))
            })
        },
    )
    .await?;
    get_transaction(app, actor, TransactionId(outcome.value)).await
}

/// What changes in a correction; anything left out is copied from the original.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Correction {
    pub account_id: Option<String>,
    pub kind: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub date: Option<String>,
    pub description: Option<String>,
    pub payee: Option<String>,
    pub category_id: Option<String>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
    pub reason: Option<String>,
}

fn merged(original: &transaction::Model, c: &Correction) -> Result<NewTransaction> {
    let currency = currency_of(&original.currency)?;
    Ok(NewTransaction {
        account_id: c
            .account_id
            .clone()
            .unwrap_or_else(|| original.account_id.to_string()),
        kind: c
            .kind
            .clone()
            .unwrap_or_else(|| Flow::from(original.kind).as_str().into()),
        amount: c
            .amount
            .clone()
            .unwrap_or_else(|| Money::from_storage(original.amount, currency).to_string()),
        currency: c.currency.clone(),
        date: c.date.clone().unwrap_or_else(|| format_date(original.date)),
        description: c
            .description
            .clone()
            .or_else(|| Some(original.description.clone())),
        payee: c.payee.clone().or_else(|| original.payee.clone()),
        category_id: c
            .category_id
            .clone()
            .or_else(|| original.category_id.map(|i| i.to_string())),
        tags: c.tags.clone().unwrap_or_else(|| tags_from_db(&original.tags)),
        notes: c.notes.clone().or_else(|| original.notes.clone()),
    })
}

/// Reverses `id` and records its corrected replacement in one transaction;
/// returns the new record (linked both ways to the original).
pub async fn correct_transaction(
    app: &App,
    actor: &Actor,
    id: TransactionId,
    c: Correction,
    idempotency_key: Option<&str>,
) -> Result<TransactionView> {
    let original = load(&app.db, actor, id).await?;
    refuse_social(&original)?;
    if original.transfer_id.is_some() {
        return Err(Error::invalid(
            "id",
            "This is part of a transfer: reverse the transfer and record a new one instead.",
        ));
    }
    let reason = c
        .reason
        .as_deref()
        .map(check_reason)
        .transpose()?
        .unwrap_or_else(|| "Corrected".into());
    // Checked against the (possibly new) account's currency before anything is written.
    check_new(&app.db, actor, &merged(&original, &c)?).await?;
    let now = app.now();
    let request = json!({ "id": id.to_string(), "correction": c });
    let (outcome, _) = idempotency::run(
        app,
        actor,
        idempotency_key,
        "finance.correct_transaction",
        &request,
        |txn| {
            let (actor, c) = (actor.clone(), c.clone());
            Box::pin(async move {
                let mut effects = Effects::by(&actor, now);
                let original = load(txn, &actor, id).await?;
                write_reversal(txn, &actor, now, &original, &reason, &mut effects).await?;
                let mut checked = check_new(txn, &actor, &merged(&original, &c)?).await?;
                checked.record.corrects_id = Some(original.id);
                let replacement = record::insert(txn, &actor, now, checked.record, &mut effects).await?;
                let original = load(txn, &actor, id).await?;
                let mut active: transaction::ActiveModel = original.into();
                active.corrected_by_id = Set(Some(replacement.id));
                active.update(txn).await?;
                announce(
                    &mut effects,
                    "finance.transaction_corrected",
                    "transaction.recorded",
                    &replacement,
                )?;
                Ok(Done::new(replacement.id.0, effects))
            })
        },
    )
    .await?;
    get_transaction(app, actor, TransactionId(outcome.value)).await
}
