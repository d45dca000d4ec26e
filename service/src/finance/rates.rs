//! Exchange rates the person records (nothing is fetched from the internet).
//! A conversion uses the latest rate on or before the record's date; the
//! inverse of a recorded pair is used when only that one exists.

use super::format_date;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::input::{Problems, iso_date};
use crate::money::Currency;
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App, db};
use hisaab_entity::finance::{ExchangeRateId, exchange_rate};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;
use time::Date;

/// Most decimals a rate may carry.
pub const RATE_MAX_DECIMALS: u32 = 12;

#[derive(Clone, Debug)]
pub struct RateView {
    pub id: ExchangeRateId,
    pub date: Date,
    pub from: Currency,
    pub to: Currency,
    pub rate: Decimal,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewRate {
    pub date: String,
    pub from: String,
    pub to: String,
    pub rate: String,
}

/// A positive decimal with at most 12 decimals.
pub fn parse_rate(p: &mut Problems, field: &str, text: &str) -> Option<Decimal> {
    let text = text.trim();
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.matches('.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.');
    match text.parse::<Decimal>() {
        Ok(d)
            if plain
                && d > Decimal::ZERO
                && d.normalize().scale() <= RATE_MAX_DECIMALS
                && d < Decimal::from(1_000_000_000) =>
        {
            Some(d.normalize())
        }
        Ok(d) if plain && d.normalize().scale() > RATE_MAX_DECIMALS => {
            p.add(
                field,
                format!("must have at most {RATE_MAX_DECIMALS} decimal places"),
            );
            None
        }
        _ => {
            p.add(field, "must be a positive decimal like 83.125");
            None
        }
    }
}

fn view(m: exchange_rate::Model) -> Result<RateView> {
    let bad = |e: String| Error::Internal(anyhow::anyhow!(e));
    Ok(RateView {
        id: m.id,
        date: m.date,
        from: Currency::parse(&m.from_currency).map_err(|e| bad(e.to_string()))?,
        to: Currency::parse(&m.to_currency).map_err(|e| bad(e.to_string()))?,
        rate: m
            .rate
            .parse()
            .map_err(|_| bad(format!("stored rate {}", m.rate)))?,
    })
}

struct Checked {
    date: Date,
    from: Currency,
    to: Currency,
    rate: Decimal,
}

fn check(input: &NewRate, prefix: &str) -> Result<Checked> {
    let mut p = Problems::default();
    let f = |n: &str| format!("{prefix}{n}");
    let date = p.date(&f("date"), &input.date);
    let from = p.currency(&f("from"), &input.from);
    let to = p.currency(&f("to"), &input.to);
    let rate = parse_rate(&mut p, &f("rate"), &input.rate);
    if let (Some(a), Some(b)) = (from, to) {
        p.check(a != b, &f("to"), "must be a different currency from `from`");
    }
    let (date, from, to, rate) = p.finish_with((date, from, to, rate))?;
    Ok(Checked { date, from, to, rate })
}

async fn upsert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    now: time::OffsetDateTime,
    c: &Checked,
) -> Result<exchange_rate::Model> {
    let existing = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::TenantId.eq(actor.tenant_id))
        .filter(exchange_rate::Column::FromCurrency.eq(c.from.code()))
        .filter(exchange_rate::Column::ToCurrency.eq(c.to.code()))
        .filter(exchange_rate::Column::Date.eq(c.date))
        .one(conn)
        .await?;
    Ok(match existing {
        Some(e) => {
            let mut a: exchange_rate::ActiveModel = e.into();
            a.rate = Set(c.rate.to_string());
            a.update(conn).await?
        }
        None => {
            exchange_rate::ActiveModel {
                id: Set(ExchangeRateId::new()),
                tenant_id: Set(actor.tenant_id),
                date: Set(c.date),
                from_currency: Set(c.from.code().into()),
                to_currency: Set(c.to.code().into()),
                rate: Set(c.rate.to_string()),
                created_at: Set(now),
            }
            .insert(conn)
            .await?
        }
    })
}

/// Records (or replaces) the rate for a pair on a date.
pub async fn record_rate(app: &App, actor: &Actor, input: NewRate) -> Result<RateView> {
    let c = check(&input, "")?;
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let m = upsert(&txn, actor, now, &c).await?;
    txn.commit(Effects::by(actor, now).audit("finance.rate_recorded", json!({ "from": c.from.code(), "to": c.to.code(), "date": format_date(c.date), "rate": c.rate.to_string() }))).await?;
    view(m)
}

/// One CSV line that could not be used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub imported: usize,
    pub errors: Vec<LineError>,
}

/// Imports `date,from,to,rate` lines (a header line is optional). All or
/// nothing: when any line is wrong nothing is imported and every problem is reported.
pub async fn import_rates_csv(app: &App, actor: &Actor, csv: &str) -> Result<ImportReport> {
    if csv.len() > 512 * 1024 {
        return Err(Error::invalid("file", "is larger than 512 KiB; split it"));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in csv.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || (i == 0 && line.to_ascii_lowercase().starts_with("date")) {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() != 4 {
            errors.push(LineError {
                line: i + 1,
                field: "line".into(),
                message: "must have 4 values: date,from,to,rate".into(),
            });
            continue;
        }
        let input = NewRate {
            date: cols[0].into(),
            from: cols[1].into(),
            to: cols[2].into(),
            rate: cols[3].into(),
        };
        match check(&input, "") {
            Ok(c) => rows.push(c),
            Err(Error::Invalid { errors: fields, .. }) => {
                errors.extend(fields.into_iter().map(|f| LineError {
                    line: i + 1,
                    field: f.field,
                    message: f.message,
                }))
            }
            Err(e) => return Err(e),
        }
        if rows.len() + errors.len() > 10_000 {
            return Err(Error::invalid("file", "has more than 10,000 lines; split it"));
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 1,
            field: "file".into(),
            message: "has no rates: expected lines like 2026-11-25,USD,INR,83.25".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(ImportReport { imported: 0, errors });
    }
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    for c in &rows {
        upsert(&txn, actor, now, c).await?;
    }
    txn.commit(Effects::by(actor, now).audit("finance.rates_imported", json!({ "count": rows.len() })))
        .await?;
    Ok(ImportReport {
        imported: rows.len(),
        errors,
    })
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RateFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(skip)]
    pub cursor: Option<String>,
    #[serde(skip)]
    pub limit: Option<u64>,
}

/// Rates, newest first.
pub async fn list_rates(app: &App, actor: &Actor, filter: RateFilter) -> Result<Page<RateView>> {
    let limit = pagination::limit(filter.limit)?;
    let tag = pagination::filter_tag(&filter);
    let mut p = Problems::default();
    let from = p.edit(filter.from.as_deref().filter(|s| !s.trim().is_empty()), |p, c| {
        p.currency("from", c)
    });
    let to = p.edit(filter.to.as_deref().filter(|s| !s.trim().is_empty()), |p, c| {
        p.currency("to", c)
    });
    let (from, to) = p.finish_with((from, to))?;
    use exchange_rate::Column as C;
    let mut q = exchange_rate::Entity::find()
        .filter(C::TenantId.eq(actor.tenant_id))
        .order_by_desc(C::Date)
        .order_by_desc(C::Id);
    if let Some(f) = from {
        q = q.filter(C::FromCurrency.eq(f.code()));
    }
    if let Some(t) = to {
        q = q.filter(C::ToCurrency.eq(t.code()));
    }
    if let Some(c) = filter.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor = pagination::decode(c, &tag)?;
        let bad = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
        let date = iso_date(&cursor.key).ok_or_else(bad)?;
        let id: ExchangeRateId = cursor.id.parse().map_err(|_| bad())?;
        q = q.filter(
            Condition::any()
                .add(C::Date.lt(date))
                .add(Condition::all().add(C::Date.eq(date)).add(C::Id.lt(id))),
        );
    }
    let rows = crate::db::all_limited::<exchange_rate::Model, _, _>(&app.db, q, limit + 1)
        .await?
        .into_iter()
        .map(view)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, limit, &tag, |r| Cursor {
        key: format_date(r.date),
        id: r.id.to_string(),
    }))
}

pub async fn delete_rate(app: &App, actor: &Actor, id: ExchangeRateId) -> Result<()> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let row = exchange_rate::Entity::find_by_id(id)
        .filter(exchange_rate::Column::TenantId.eq(actor.tenant_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    exchange_rate::Entity::delete_by_id(row.id).exec(&txn).await?;
    txn.commit(Effects::by(actor, now).audit(
        "finance.rate_deleted",
        json!({ "from": row.from_currency, "to": row.to_currency, "date": format_date(row.date) }),
    ))
    .await?;
    Ok(())
}

async fn latest<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    from: Currency,
    to: Currency,
    date: Date,
) -> Result<Option<(Date, Decimal)>> {
    let row = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::TenantId.eq(actor.tenant_id))
        .filter(exchange_rate::Column::FromCurrency.eq(from.code()))
        .filter(exchange_rate::Column::ToCurrency.eq(to.code()))
        .filter(exchange_rate::Column::Date.lte(date))
        .order_by_desc(exchange_rate::Column::Date)
        .one(conn)
        .await?;
    Ok(row.and_then(|r| r.rate.parse().ok().map(|rate| (r.date, rate))))
}

/// Units of `to` per unit of `from` valid on `date`: the latest recorded on or
/// before it (direct, or the inverse of the reverse pair; the more recent wins).
pub async fn rate_on<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    from: Currency,
    to: Currency,
    date: Date,
) -> Result<Option<Decimal>> {
    if from == to {
        return Ok(Some(Decimal::ONE));
    }
    let direct = latest(conn, actor, from, to, date).await?;
    let inverse = latest(conn, actor, to, from, date)
        .await?
        .and_then(|(d, r)| Decimal::ONE.checked_div(r).map(|inv| (d, inv)));
    Ok(match (direct, inverse) {
        (Some((dd, r)), Some((di, inv))) => Some(if di > dd { inv } else { r }),
        (Some((_, r)), None) => Some(r),
        (None, Some((_, inv))) => Some(inv),
        (None, None) => None,
    })
}

/// `rate_on` for the person's own use (pages, API).
pub async fn find_rate(
    app: &App,
    actor: &Actor,
    from: Currency,
    to: Currency,
    date: Date,
) -> Result<Option<Decimal>> {
    rate_on(&app.db, actor, from, to, date).await
}
