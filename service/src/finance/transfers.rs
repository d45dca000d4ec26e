//! Transfers between two of a person's accounts: one outflow and one inflow,
//! written together and flagged so cash flow ignores them. Across currencies
//! the person gives both amounts (the rate is derived) or one amount and a
//! rate (converted HALF_UP); with neither, the recorded rate for the date is used.

use super::record::{self, NewRecord};
use super::transactions::usable_account;
use super::{AccountId, FlowKind, TransactionId, TransferId, currency_of, format_date, rates};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::Money;
use crate::{Actor, App};
use hisaab_entity::finance::transfer;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde_json::json;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewTransfer {
    pub from_account_id: String,
    pub to_account_id: String,
    pub amount: String,
    pub to_amount: Option<String>,
    pub rate: Option<String>,
    pub date: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TransferView {
    pub id: TransferId,
    pub from_account_id: AccountId,
    pub to_account_id: AccountId,
    pub from_transaction_id: TransactionId,
    pub to_transaction_id: TransactionId,
    pub amount: Money,
    pub to_amount: Money,
    /// Units of the target currency per unit of the source, as decimal text.
    pub rate: String,
    pub date: Date,
    pub description: String,
    pub created_at: OffsetDateTime,
}

impl TransferView {
    fn build(t: transfer::Model, from_currency: &str, to_currency: &str) -> Result<Self> {
        let (fc, tc) = (currency_of(from_currency)?, currency_of(to_currency)?);
        Ok(Self {
            id: t.id,
            from_account_id: t.from_account_id,
            to_account_id: t.to_account_id,
            from_transaction_id: t.from_transaction_id,
            to_transaction_id: t.to_transaction_id,
            amount: Money::from_storage(t.from_amount, fc),
            to_amount: Money::from_storage(t.to_amount, tc),
            rate: t.rate,
            date: t.date,
            description: t.description,
            created_at: t.created_at,
        })
    }
}

struct Plan {
    from: hisaab_entity::finance::account::Model,
    to: hisaab_entity::finance::account::Model,
    amount: Money,
    to_amount: Money,
    rate: Decimal,
    date: Date,
    description: Option<String>,
}

async fn plan<C: ConnectionTrait>(conn: &C, actor: &Actor, input: &NewTransfer) -> Result<Plan> {
    let mut p = Problems::default();
    let from_id: Option<AccountId> = p.id("from_account_id", &input.from_account_id);
    let to_id: Option<AccountId> = p.id("to_account_id", &input.to_account_id);
    let date = p.date("date", &input.date);
    let description = p.optional_text(
        "description",
        "the description",
        input.description.as_deref(),
        200,
    );
    let rate_given = match input.rate.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => rates::parse_rate(&mut p, "rate", r).map(Some),
        None => Some(None),
    };
    let accounts = match (from_id, to_id) {
        (Some(a), Some(b)) if a == b => {
            p.add(
                "to_account_id",
                "must be a different account from from_account_id",
            );
            None
        }
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    // The accounts decide the currencies the amounts are read in.
    let Some((from_id, to_id)) = accounts else {
        return p.finish_with(None);
    };
    let from = usable_account(conn, actor, from_id)
        .await
        .map_err(|e| rename(e, "from_account_id"))?;
    let to = usable_account(conn, actor, to_id)
        .await
        .map_err(|e| rename(e, "to_account_id"))?;
    let (fc, tc) = (currency_of(&from.currency)?, currency_of(&to.currency)?);
    let amount = p.amount("amount", &input.amount, fc, Sign::Positive);
    let to_amount_given = match input.to_amount.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => p.amount("to_amount", t, tc, Sign::Positive).map(Some),
        None => Some(None),
    };
    let (date, description, rate_given, amount, to_amount_given) =
        p.finish_with((date, description, rate_given, amount, to_amount_given))?;
    let (to_amount, rate) = if fc == tc {
        if to_amount_given.is_some_and(|t| t != amount) {
            return Err(Error::invalid(
                "to_amount",
                "must equal amount when both accounts use the same currency (or be left out)",
            ));
        }
        if rate_given.is_some_and(|r| r != Decimal::ONE) {
            return Err(Error::invalid(
                "rate",
                "must be 1 when both accounts use the same currency (or be left out)",
            ));
        }
        (amount, Decimal::ONE)
    } else if let Some(to_amount) = to_amount_given {
        let rate = (to_amount.amount() / amount.amount()).round_dp(10).normalize();
        if let Some(r) = rate_given
            && amount.convert(r, tc) != to_amount
        {
            return Err(Error::invalid(
                "rate",
                format!(
                    "does not match: {amount} {fc} at {r} is not {to_amount} {tc}; give the amounts or the rate, not both"
                ),
            ));
        }
        (to_amount, rate)
    } else {
        let rate = match rate_given {
            Some(r) => r,
            None => rates::rate_on(conn, actor, fc, tc, date).await?.ok_or_else(|| {
                Error::invalid("to_amount", format!("Enter the amount received in {tc} or a rate: there is no {fc}→{tc} rate recorded on or before {}.", format_date(date)))
            })?,
        };
        let to_amount = amount.convert(rate, tc);
        if !to_amount.is_positive() {
            return Err(Error::invalid(
                "rate",
                format!("is too small: {amount} {fc} would be 0 {tc}"),
            ));
        }
        (to_amount, rate)
    };
    Ok(Plan {
        from,
        to,
        amount,
        to_amount,
        rate,
        date,
        description,
    })
}

fn rename(e: Error, field: &str) -> Error {
    match e {
        Error::Invalid { detail, errors } => Error::Invalid {
            detail,
            errors: errors
                .into_iter()
                .map(|mut f| {
                    if f.field == "account_id" {
                        f.field = field.into();
                    }
                    f
                })
                .collect(),
        },
        other => other,
    }
}

/// Records a transfer (both legs, atomically).
pub async fn record_transfer(
    app: &App,
    actor: &Actor,
    input: NewTransfer,
    idempotency_key: Option<&str>,
) -> Result<TransferView> {
    plan(&app.db, actor, &input).await?;
    let now = app.now();
    let (outcome, _) = idempotency::run(
        app,
        actor,
        idempotency_key,
        "finance.record_transfer",
        &input,
        |txn| {
            let (actor, input) = (actor.clone(), input.clone());
            Box::pin(async move {
                let p = plan(txn, &actor, &input).await?;
                write_transfer(txn, &actor, now, p).await
            })
        },
    )
    .await?;
    get_transfer(app, actor, TransferId(outcome.value)).await
}

/// The outflow and the inflow records of transfer `id`.
fn legs(p: &Plan, id: TransferId) -> (NewRecord, NewRecord) {
    let leg = |account_id, kind, amount, description: String| NewRecord {
        account_id,
        kind,
        amount,
        date: p.date,
        description: description.chars().take(200).collect(),
        payee: None,
        category_id: None,
        tags: vec![],
        notes: None,
        transfer_id: Some(id),
        reverses_id: None,
        corrects_id: None,
        reason: None,
    };
    let out_desc = p
        .description
        .clone()
        .unwrap_or_else(|| format!("Transfer to {}", p.to.name));
    let in_desc = p
        .description
        .clone()
        .unwrap_or_else(|| format!("Transfer from {}", p.from.name));
    (
        leg(p.from.id, FlowKind::Expense, p.amount, out_desc),
        leg(p.to.id, FlowKind::Income, p.to_amount, in_desc),
    )
}

/// Writes both legs and the transfer that links them.
async fn write_transfer(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    p: Plan,
) -> Result<Done<uuid::Uuid>> {
    let id = TransferId::new();
    let (out_leg, in_leg) = legs(&p, id);
    // Both legs' rollup changes go with the commit, in account order
    // (`rollups::Pending`).
    let mut effects = Effects::by(actor, now);
    let out = record::insert(txn, actor, now, out_leg, &mut effects).await?;
    let inn = record::insert(txn, actor, now, in_leg, &mut effects).await?;
    transfer::ActiveModel {
        id: Set(id),
        tenant_id: Set(actor.tenant_id),
        from_account_id: Set(p.from.id),
        to_account_id: Set(p.to.id),
        from_transaction_id: Set(out.id),
        to_transaction_id: Set(inn.id),
        from_amount: Set(p.amount.to_storage()),
        to_amount: Set(p.to_amount.to_storage()),
        rate: Set(p.rate.normalize().to_string()),
        date: Set(p.date),
        description: Set(p.description.clone().unwrap_or_default()),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let data = json!({
        "transfer_id": id.to_string(),
        "from_account_id": p.from.id.to_string(),
        "to_account_id": p.to.id.to_string(),
        "amount": p.amount.to_string(),
        "currency": p.amount.currency().code(),
        "to_amount": p.to_amount.to_string(),
        "to_currency": p.to_amount.currency().code(),
        "date": format_date(p.date),
    });
    effects
        .audit("finance.transfer_recorded", data.clone())
        .event("transfer.recorded", data);
    Ok(Done::new(id.0, effects))
}

pub async fn get_transfer(app: &App, actor: &Actor, id: TransferId) -> Result<TransferView> {
    let t = transfer::Entity::find_by_id(id)
        .filter(transfer::Column::TenantId.eq(actor.tenant_id))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    let from = super::accounts::load(&app.db, actor, t.from_account_id).await?;
    let to = super::accounts::load(&app.db, actor, t.to_account_id).await?;
    TransferView::build(t, &from.currency, &to.currency)
}
