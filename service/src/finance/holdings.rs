//! Assets (property, vehicles, investments, …) and liabilities (card debt,
//! mortgages, …) with a dated value history: an asset's valuations, a
//! liability's balances. Both live in one table (`side`), so one set of
//! functions serves both; the value on a date is the latest on or before it.

use super::currency_of;
use super::valuations::write_value;
pub use super::valuations::{NewValue, ValueView, list_values, record_value};
pub(crate) use super::valuations::{all_values, value_on};
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App, db};
use hisaab_entity::finance::{HoldingId, holding};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Asset,
    Liability,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Asset => "asset",
            Side::Liability => "liability",
        }
    }

    pub fn kinds(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Side::Asset => ASSET_KINDS,
            Side::Liability => LIABILITY_KINDS,
        }
    }

    /// The event name when a value is recorded.
    pub(crate) fn value_event(self) -> &'static str {
        match self {
            Side::Asset => "asset.valued",
            Side::Liability => "liability.balance_recorded",
        }
    }
}

pub const ASSET_KINDS: &[(&str, &str)] = &[
    ("property", "Property"),
    ("vehicle", "Vehicle"),
    ("investment", "Investment"),
    ("cash_equivalent", "Cash equivalent"),
    ("other", "Other"),
];

pub const LIABILITY_KINDS: &[(&str, &str)] = &[
    ("credit_card_debt", "Credit card debt"),
    ("mortgage", "Mortgage"),
    ("personal_loan", "Personal loan"),
    ("other", "Other"),
];

#[derive(Clone, Debug)]
pub struct HoldingView {
    pub id: HoldingId,
    pub side: Side,
    pub kind: String,
    pub name: String,
    pub currency: Currency,
    pub notes: Option<String>,
    pub archived: bool,
    /// The latest recorded value (zero when none).
    pub value: Money,
    /// The date of that value.
    pub value_date: Option<Date>,
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewHolding {
    pub kind: String,
    pub name: String,
    pub currency: String,
    pub notes: Option<String>,
    /// An optional first value, dated `value_date` (default today).
    pub value: Option<String>,
    pub value_date: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct HoldingChanges {
    pub name: Option<String>,
    /// `Some(None)` clears the notes.
    pub notes: Option<Option<String>>,
    pub archived: Option<bool>,
}

fn build(h: holding::Model, latest: Option<&(Date, i64)>) -> Result<HoldingView> {
    let currency = currency_of(&h.currency)?;
    let side = if h.side == "liability" {
        Side::Liability
    } else {
        Side::Asset
    };
    Ok(HoldingView {
        id: h.id,
        side,
        kind: h.kind,
        name: h.name,
        currency,
        notes: h.notes,
        archived: h.archived,
        value: Money::from_storage(latest.map(|l| l.1).unwrap_or(0), currency),
        value_date: latest.map(|l| l.0),
        created_at: h.created_at,
    })
}

pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    side: Side,
    id: HoldingId,
) -> Result<holding::Model> {
    holding::Entity::find_by_id(id)
        .filter(holding::Column::TenantId.eq(actor.tenant_id))
        .filter(holding::Column::Side.eq(side.name()))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// All holdings on `side` (active first), with their latest values.
pub async fn all_holdings(app: &App, actor: &Actor, side: Side) -> Result<Vec<HoldingView>> {
    let rows = holding::Entity::find()
        .filter(holding::Column::TenantId.eq(actor.tenant_id))
        .filter(holding::Column::Side.eq(side.name()))
        .order_by_asc(holding::Column::Archived)
        .order_by_asc(holding::Column::Id)
        .all(&app.db)
        .await?;
    let ids: Vec<HoldingId> = rows.iter().map(|h| h.id).collect();
    let latest = value_on(&all_values(&app.db, actor, &ids).await?, Date::MAX);
    rows.into_iter()
        .map(|h| build(h.clone(), latest.get(&h.id)))
        .collect()
}

#[derive(Serialize)]
struct ListTag {
    side: Side,
    include_archived: bool,
}

/// A page of holdings on `side`, oldest first.
pub async fn list_holdings(
    app: &App,
    actor: &Actor,
    side: Side,
    include_archived: bool,
    cursor: Option<String>,
    limit: Option<u64>,
) -> Result<Page<HoldingView>> {
    let limit = pagination::limit(limit)?;
    let tag = pagination::filter_tag(&ListTag {
        side,
        include_archived,
    });
    let mut q = holding::Entity::find()
        .filter(holding::Column::TenantId.eq(actor.tenant_id))
        .filter(holding::Column::Side.eq(side.name()))
        .order_by_asc(holding::Column::Id);
    if !include_archived {
        q = q.filter(holding::Column::Archived.eq(false));
    }
    if let Some(c) = cursor.as_deref().filter(|c| !c.is_empty()) {
        let after: HoldingId = pagination::decode(c, &tag)?
            .id
            .parse()
            .map_err(|_| Error::invalid("cursor", "is not a cursor from this list"))?;
        q = q.filter(holding::Column::Id.gt(after));
    }
    let rows: Vec<holding::Model> = crate::db::all_limited(&app.db, q, limit + 1).await?;
    let ids: Vec<HoldingId> = rows.iter().map(|h| h.id).collect();
    let latest = value_on(&all_values(&app.db, actor, &ids).await?, Date::MAX);
    let views = rows
        .into_iter()
        .map(|h| build(h.clone(), latest.get(&h.id)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(views, limit, &tag, |h| Cursor {
        key: String::new(),
        id: h.id.to_string(),
    }))
}

pub async fn get_holding(app: &App, actor: &Actor, side: Side, id: HoldingId) -> Result<HoldingView> {
    let h = load(&app.db, actor, side, id).await?;
    let latest = value_on(&all_values(&app.db, actor, &[id]).await?, Date::MAX);
    build(h, latest.get(&id))
}

pub async fn create_holding(app: &App, actor: &Actor, side: Side, input: NewHolding) -> Result<HoldingView> {
    create_holding_once(app, actor, side, input, None).await
}

/// Adds an asset or a liability (with its first value, which is money). With
/// `idempotency_key`, a retry with the same body answers the same record and
/// adds no second one.
pub async fn create_holding_once(
    app: &App,
    actor: &Actor,
    side: Side,
    input: NewHolding,
    idempotency_key: Option<&str>,
) -> Result<HoldingView> {
    let mut p = Problems::default();
    let name = p.text("name", "a name", &input.name, 100);
    let kinds: Vec<(&str, &str)> = side.kinds().iter().map(|(k, _)| (*k, *k)).collect();
    let kind = p.choice("kind", &input.kind, &kinds);
    let currency = p.currency("currency", &input.currency);
    let notes = p.optional_text("notes", "notes", input.notes.as_deref(), 2000);
    let value = match input.value.as_deref().filter(|v| !v.trim().is_empty()) {
        None => Some(None),
        Some(v) => p.amount("value", v, currency, Sign::NonNegative).map(Some),
    };
    let value_date = p
        .optional_date("value_date", input.value_date.as_deref())
        .map(|d| d.unwrap_or_else(|| app.now().date()));
    let (name, kind, currency, notes, value, value_date) =
        p.finish_with((name, kind, currency, notes, value, value_date))?;
    let now = app.now();
    let operation = format!("finance.create_{}", side.name());
    let (outcome, written) = idempotency::run(app, actor, idempotency_key, &operation, &input, |tx| {
        let actor = actor.clone();
        Box::pin(async move {
            let model = holding::ActiveModel {
                id: Set(HoldingId::new()),
                tenant_id: Set(actor.tenant_id),
                side: Set(side.name().into()),
                kind: Set(kind.to_string()),
                name: Set(name),
                currency: Set(currency.code().into()),
                notes: Set(notes),
                archived: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx)
            .await?;
            let details = json!({ "holding_id": model.id.to_string(), "side": side.name(), "name": model.name, "kind": model.kind, "currency": model.currency });
            let mut effects = Effects::by(&actor, now);
            effects
                .audit(&format!("finance.{}_created", side.name()), details.clone())
                .event(&format!("{}.created", side.name()), details);
            let mut latest = None;
            if let Some(v) = value {
                write_value(tx, &actor, now, &model, value_date, v, &mut effects).await?;
                latest = Some((value_date, v.to_storage()));
            }
            Ok(Done::with_value(model.id.0, (model, latest), effects))
        })
    })
    .await?;
    match written {
        Some((model, latest)) => build(model, latest.as_ref()),
        None => get_holding(app, actor, side, HoldingId(outcome.value)).await,
    }
}

pub async fn update_holding(
    app: &App,
    actor: &Actor,
    side: Side,
    id: HoldingId,
    changes: HoldingChanges,
) -> Result<HoldingView> {
    let mut p = Problems::default();
    let name = p.edit(changes.name.as_deref(), |p, n| p.text("name", "a name", n, 100));
    let notes = p.edit(changes.notes.as_ref(), |p, n| {
        p.optional_text("notes", "notes", n.as_deref(), 2000)
    });
    let (name, notes) = p.finish_with((name, notes))?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let current = load(&txn, actor, side, id).await?;
    let mut active: holding::ActiveModel = current.clone().into();
    let mut changed = serde_json::Map::new();
    if let Some(name) = name.filter(|n| *n != current.name) {
        changed.insert("name".into(), json!({ "before": current.name, "after": name }));
        active.name = Set(name);
    }
    if let Some(notes) = notes.filter(|n| *n != current.notes) {
        changed.insert("notes".into(), json!({ "before": current.notes, "after": notes }));
        active.notes = Set(notes);
    }
    if let Some(archived) = changes.archived.filter(|a| *a != current.archived) {
        changed.insert(
            "archived".into(),
            json!({ "before": current.archived, "after": archived }),
        );
        active.archived = Set(archived);
    }
    if changed.is_empty() {
        txn.rollback().await?;
    } else {
        active.updated_at = Set(now);
        active.update(&txn).await?;
        txn.commit(Effects::by(actor, now).audit(
            &format!("finance.{}_updated", side.name()),
            json!({ "holding_id": id.to_string(), "changes": changed }),
        ))
        .await?;
    }
    get_holding(app, actor, side, id).await
}
