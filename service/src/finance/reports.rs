//! Cash flow and the dashboard, computed from the monthly rollup (their cost
//! grows with accounts × months, not with the number of records) and shown
//! in the person's base currency. Each account-month converts at the rate
//! valid on the month's last day (or the report's end, when earlier).

use super::accounts::AccountView;
use super::settings::get_settings;
use super::transactions::{TransactionFilter, TransactionView, latest_transactions};
use super::{AccountId, month_key, month_start, rates};
use crate::error::Result;
use crate::input::Problems;
use crate::money::{Currency, Money};
use crate::{Actor, App};
use hisaab_entity::finance::account;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use time::{Date, Duration};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Month,
    Year,
}

#[derive(Clone, Debug, Default)]
pub struct CashFlowQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub interval: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Period {
    pub start: Date,
    pub income: Money,
    pub expense: Money,
    pub net: Money,
}

#[derive(Clone, Debug)]
pub struct CashFlow {
    pub base_currency: Currency,
    pub interval: Interval,
    pub from: Date,
    pub to: Date,
    pub periods: Vec<Period>,
    pub income: Money,
    pub expense: Money,
    pub net: Money,
    /// Pairs (`EUR→USD`) with no recorded rate: those amounts are left out.
    pub missing_rates: Vec<String>,
}

pub(crate) fn last_day(month: i32) -> Date {
    let start = month_start(month);
    let next = if month % 100 == 12 {
        month_start((month / 100 + 1) * 100 + 1)
    } else {
        month_start(month + 1)
    };
    if next > start {
        next - Duration::days(1)
    } else {
        start
    }
}

fn months_between(from: i32, to: i32) -> Vec<i32> {
    let mut out = vec![];
    let mut m = from;
    while m <= to {
        out.push(m);
        m = if m % 100 == 12 {
            (m / 100 + 1) * 100 + 1
        } else {
            m + 1
        };
    }
    out
}

/// Converts per-currency, per-month sums (ten-thousandths) into the base currency.
pub(crate) struct Converter<'a> {
    app: &'a App,
    actor: &'a Actor,
    base: Currency,
    cache: HashMap<(Currency, Date), Option<Decimal>>,
    pub(crate) missing: BTreeSet<String>,
}

impl<'a> Converter<'a> {
    pub(crate) fn new(app: &'a App, actor: &'a Actor, base: Currency) -> Self {
        Self {
            app,
            actor,
            base,
            cache: HashMap::new(),
            missing: BTreeSet::new(),
        }
    }

    pub(crate) async fn convert(
        &mut self,
        stored: i64,
        currency: Currency,
        on: Date,
    ) -> Result<Option<Decimal>> {
        let amount = Money::from_storage(stored, currency);
        if currency == self.base {
            return Ok(Some(amount.amount()));
        }
        let key = (currency, on);
        let rate = match self.cache.get(&key) {
            Some(r) => *r,
            None => {
                let r = rates::rate_on(&self.app.db, self.actor, currency, self.base, on).await?;
                self.cache.insert(key, r);
                r
            }
        };
        match rate {
            Some(r) => Ok(Some(amount.convert(r, self.base).amount())),
            None => {
                self.missing
                    .insert(format!("{}→{}", currency.code(), self.base.code()));
                Ok(None)
            }
        }
    }
}

pub async fn cash_flow(app: &App, actor: &Actor, q: CashFlowQuery) -> Result<CashFlow> {
    let mut p = Problems::default();
    let today = app.now().date();
    let to = p.optional_date("to", q.to.as_deref()).map(|t| t.unwrap_or(today));
    let from = p
        .optional_date("from", q.from.as_deref())
        .and_then(|f| f.or_else(|| to.map(twelve_months_before)));
    let interval = p.choice_or(
        "interval",
        q.interval.as_deref(),
        &[("month", Interval::Month), ("year", Interval::Year)],
        Interval::Month,
    );
    if let (Some(f), Some(t)) = (from, to) {
        p.check(f <= t, "to", "must be on or after from");
        p.check(
            month_key(t) - month_key(f) <= 100 * 50,
            "from",
            "The range can span at most 50 years.",
        );
    }
    let (from, to, interval) = p.finish_with((from, to, interval))?;
    let base = get_settings(app, actor).await?.base_currency;
    let (fk, tk) = (month_key(from), month_key(to));
    let currencies: HashMap<AccountId, String> = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.currency))
        .collect();
    let rows = super::rollups::month_sums(&app.db, actor.tenant_id, Some((fk, tk)))
        .await?
        .into_iter()
        .filter_map(|r| {
            let code = currencies.get(&r.account_id)?.clone();
            Some((code, r.month, r.income, r.expense))
        })
        .collect();
    let mut conv = Converter::new(app, actor, base);
    flow_of(&mut conv, base, rows, from, to, interval).await
}

/// The first day of the month eleven months before `to`'s: with `to`'s own
/// month, the last twelve months.
fn twelve_months_before(to: Date) -> Date {
    let k = month_key(to);
    let back = if k % 100 == 12 {
        (k / 100) * 100 + 1
    } else {
        (k / 100 - 1) * 100 + (k % 100) + 1
    };
    month_start(back)
}

/// Cash flow from account-month rows `(currency, month, income, expense)`
/// already limited to the range: per period in the base currency.
async fn flow_of(
    conv: &mut Converter<'_>,
    base: Currency,
    rows: Vec<(String, i32, i64, i64)>,
    from: Date,
    to: Date,
    interval: Interval,
) -> Result<CashFlow> {
    let (fk, tk) = (month_key(from), month_key(to));
    // (month, currency) → (income, expense)
    let mut sums: BTreeMap<(i32, String), (i64, i64)> = BTreeMap::new();
    for (code, month, income, expense) in rows {
        let e = sums.entry((month, code)).or_default();
        e.0 += income;
        e.1 += expense;
    }
    let mut by_month: BTreeMap<i32, (Decimal, Decimal)> = months_between(fk, tk)
        .into_iter()
        .map(|m| (m, Default::default()))
        .collect();
    for ((month, code), (income, expense)) in sums {
        let currency = super::currency_of(&code)?;
        let on = last_day(month).min(to);
        let i = conv.convert(income, currency, on).await?;
        let e = conv.convert(expense, currency, on).await?;
        let slot = by_month.entry(month).or_default();
        slot.0 += i.unwrap_or_default();
        slot.1 += e.unwrap_or_default();
    }
    let mut grouped: BTreeMap<Date, (Decimal, Decimal)> = BTreeMap::new();
    for (month, (i, e)) in by_month {
        let start = match interval {
            Interval::Month => month_start(month),
            Interval::Year => month_start((month / 100) * 100 + 1),
        };
        let g = grouped.entry(start).or_default();
        g.0 += i;
        g.1 += e;
    }
    let money = |d: Decimal| Money::new_rounded(d, base);
    let (mut ti, mut te) = (Decimal::ZERO, Decimal::ZERO);
    let periods = grouped
        .into_iter()
        .map(|(start, (i, e))| {
            ti += i;
            te += e;
            Period {
                start,
                income: money(i),
                expense: money(e),
                net: money(i - e),
            }
        })
        .collect();
    Ok(CashFlow {
        base_currency: base,
        interval,
        from,
        to,
        periods,
        income: money(ti),
        expense: money(te),
        net: money(ti - te),
        missing_rates: conv.missing.iter().cloned().collect(),
    })
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub base_currency: Currency,
    pub accounts: Vec<AccountView>,
    /// Σ active account balances in the base currency (today's rates).
    pub total_balance: Money,
    pub this_month: Period,
    pub recent: Vec<TransactionView>,
    pub cash_flow: CashFlow,
    /// Net worth today (see `net_worth`).
    pub net_worth: Money,
    /// Today's net worth minus last month's closing net worth.
    pub net_worth_change: Money,
    pub missing_rates: Vec<String>,
    /// With people (social finance), per currency: owed to you and you owe.
    pub people: Vec<crate::social::Totals>,
}

/// Everything the dashboard shows, from one load of the records (ADR 0004,
/// 0005): the cost grows with accounts × months, not with records.
/// What the dashboard shows. Cached per user until their next write (ADR 0014).
pub async fn dashboard(app: &App, actor: &Actor) -> Result<Dashboard> {
    let today = app.now().date();
    let key = format!("finance.dashboard:{today}");
    let view =
        crate::view_cache::cached(app, actor.user_id, key, compute_dashboard(app, actor, today)).await?;
    Ok((*view).clone())
}

async fn compute_dashboard(app: &App, actor: &Actor, today: Date) -> Result<Dashboard> {
    let base = get_settings(app, actor).await?.base_currency;
    let records = super::net_worth::load(app, actor).await?;
    let mut conv = Converter::new(app, actor, base);
    let from = twelve_months_before(today);
    let (fk, tk) = (month_key(from), month_key(today));
    let rows = records
        .accounts
        .iter()
        .flat_map(|a| {
            records
                .months
                .get(&a.id)
                .into_iter()
                .flatten()
                .filter(|r| (fk..=tk).contains(&r.month))
                .map(|r| (a.currency.clone(), r.month, r.income, r.expense))
        })
        .collect();
    let flow = flow_of(&mut conv, base, rows, from, today, Interval::Month).await?;
    let accounts = records
        .accounts
        .iter()
        .filter(|a| !a.archived)
        .map(|a| {
            let moved = records
                .months
                .get(&a.id)
                .map_or(0, |ms| ms.iter().map(|r| r.net_change).sum());
            AccountView::build(a.clone(), moved)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut total = Decimal::ZERO;
    for a in &accounts {
        total += conv
            .convert(a.balance.to_storage(), a.currency, today)
            .await?
            .unwrap_or_default();
    }
    let this_month = flow.periods.last().cloned().unwrap_or(Period {
        start: month_start(month_key(today)),
        income: Money::zero(base),
        expense: Money::zero(base),
        net: Money::zero(base),
    });
    let last_month_end = month_start(month_key(today)) - Duration::days(1);
    let worth = super::net_worth::net_worth_from(&mut conv, base, &records, &[last_month_end, today]).await?;
    let (before, now) = (worth.points[0].total, worth.points[1].total);
    let recent = latest_transactions(
        app,
        actor,
        TransactionFilter {
            limit: Some(10),
            ..Default::default()
        },
    )
    .await?
    .0;
    let people = crate::social::overall_balances(app, actor).await?.totals;
    Ok(Dashboard {
        people,
        base_currency: base,
        accounts,
        total_balance: Money::new_rounded(total, base),
        this_month,
        recent,
        missing_rates: conv.missing.into_iter().collect(),
        cash_flow: flow,
        net_worth: now,
        net_worth_change: Money::new_rounded(now.amount() - before.amount(), base),
    })
}
