//! The dated values of assets (valuations) and liabilities (balances): the
//! value on a date is the latest recorded on or before it; recording a date
//! again replaces that date's value.

use super::holdings::{Side, load};
use super::{currency_of, format_date};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::{Actor, App};
use hisaab_entity::finance::{HoldingId, HoldingValueId, holding, holding_value};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug)]
pub struct ValueView {
    pub id: HoldingValueId,
    pub holding_id: HoldingId,
    pub date: Date,
    pub value: Money,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewValue {
    pub date: String,
    pub value: String,
}

/// Every value of the tenant's holdings on `side`, oldest first: `(holding, date, value)`.
pub(crate) async fn all_values<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    ids: &[HoldingId],
) -> Result<Vec<(HoldingId, Date, i64)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(holding_value::Entity::find()
        .filter(holding_value::Column::TenantId.eq(actor.tenant_id))
        .filter(holding_value::Column::HoldingId.is_in(ids.to_vec()))
        .order_by_asc(holding_value::Column::Date)
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.holding_id, v.date, v.value))
        .collect())
}

/// The latest value of each holding on or before `on`.
pub(crate) fn value_on(values: &[(HoldingId, Date, i64)], on: Date) -> HashMap<HoldingId, (Date, i64)> {
    let mut out = HashMap::new();
    for (id, date, value) in values.iter().filter(|v| v.1 <= on) {
        out.insert(*id, (*date, *value));
    }
    out
}

/// Writes the value and adds its audit entry and event to `effects`.
pub(crate) async fn write_value(
    conn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    h: &holding::Model,
    date: Date,
    value: Money,
    effects: &mut Effects,
) -> Result<holding_value::Model> {
    let existing = holding_value::Entity::find()
        .filter(holding_value::Column::HoldingId.eq(h.id))
        .filter(holding_value::Column::Date.eq(date))
        .one(conn)
        .await?;
    let before = existing
        .as_ref()
        .map(|e| Money::from_storage(e.value, value.currency()).to_string());
    let model = match existing {
        Some(e) => {
            let mut a: holding_value::ActiveModel = e.into();
            a.value = Set(value.to_storage());
            a.update(conn).await?
        }
        None => {
            holding_value::ActiveModel {
                id: Set(HoldingValueId::new()),
                tenant_id: Set(actor.tenant_id),
                holding_id: Set(h.id),
                date: Set(date),
                value: Set(value.to_storage()),
                created_by: Set(actor.user_id),
                created_at: Set(now),
            }
            .insert(conn)
            .await?
        }
    };
    let side = if h.side == "liability" {
        Side::Liability
    } else {
        Side::Asset
    };
    let data = json!({
        "holding_id": h.id.to_string(), "side": h.side, "date": format_date(date),
        "value": value.to_string(), "currency": h.currency, "before": before,
    });
    effects
        .audit(&format!("finance.{}_value_recorded", h.side), data.clone())
        .event(side.value_event(), data);
    Ok(model)
}

fn check_value(input: &NewValue, currency: Currency) -> Result<(Date, Money)> {
    let mut p = Problems::default();
    let date = p.date("date", &input.date);
    let value = p.amount("value", &input.value, currency, Sign::NonNegative);
    p.finish_with((date, value))
}

/// Records the value on a date (replacing one already recorded for that date).
pub async fn record_value(
    app: &App,
    actor: &Actor,
    side: Side,
    id: HoldingId,
    input: NewValue,
    idempotency_key: Option<&str>,
) -> Result<ValueView> {
    let h = load(&app.db, actor, side, id).await?;
    let currency = currency_of(&h.currency)?;
    check_value(&input, currency)?;
    let now = app.now();
    let operation = format!("finance.record_{}_value.{id}", side.name());
    let (outcome, _) = idempotency::run(app, actor, idempotency_key, &operation, &input, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move {
            let h = load(txn, &actor, side, id).await?;
            let (date, value) = check_value(&input, currency)?;
            let mut effects = Effects::by(&actor, now);
            let v = write_value(txn, &actor, now, &h, date, value, &mut effects).await?;
            Ok(Done::new(v.id.0, effects))
        })
    })
    .await?;
    let v = holding_value::Entity::find_by_id(HoldingValueId(outcome.value))
        .filter(holding_value::Column::TenantId.eq(actor.tenant_id))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(ValueView {
        id: v.id,
        holding_id: v.holding_id,
        date: v.date,
        value: Money::from_storage(v.value, currency),
    })
}

/// The value history, newest first.
pub async fn list_values(app: &App, actor: &Actor, side: Side, id: HoldingId) -> Result<Vec<ValueView>> {
    let h = load(&app.db, actor, side, id).await?;
    let currency = currency_of(&h.currency)?;
    let select = holding_value::Entity::find()
        .filter(holding_value::Column::TenantId.eq(actor.tenant_id))
        .filter(holding_value::Column::HoldingId.eq(id))
        .order_by_desc(holding_value::Column::Date);
    Ok(
        crate::db::all_limited::<holding_value::Model, _, _>(&app.db, select, 1000)
            .await?
            .into_iter()
            .map(|v| ValueView {
                id: v.id,
                holding_id: v.holding_id,
                date: v.date,
                value: Money::from_storage(v.value, currency),
            })
            .collect(),
    )
}
