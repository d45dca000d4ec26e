//! Net worth in the base currency: accounts + assets − liabilities − loans you
//! owe + loans you lent, as of any date, computed from records (never from
//! snapshots that could go stale). Account balances come from the opening
//! balance plus the monthly rollup (ADR 0004), so the cost grows with
//! accounts × months, not with transactions; asset valuations and liability
//! balances are the latest on or before the date; a loan counts its principal
//! outstanding after the payments dated on or before it; what people owe you
//! minus what you owe them (peer debts, group expenses and settlements, by
//! their dates) counts per currency as `people`.

use super::holdings::{self, Side};
use super::reports::{Converter, last_day};
use super::settings::get_settings;
use super::{currency_of, loans, month_key, month_start};
use crate::error::Result;
use crate::input::Problems;
use crate::money::{Currency, Money};
use crate::{Actor, App};
use hisaab_entity::finance::{HoldingId, LoanId, account, holding, loan, loan_payment};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};
use time::{Date, Duration};

/// Most months a history may span.
pub const MAX_HISTORY_MONTHS: u32 = 120;

/// What a net-worth item is; serializes to its word (`"loan_borrowed"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Account,
    Asset,
    Liability,
    LoanBorrowed,
    LoanLent,
    People,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Account => "account",
            ItemKind::Asset => "asset",
            ItemKind::Liability => "liability",
            ItemKind::LoanBorrowed => "loan_borrowed",
            ItemKind::LoanLent => "loan_lent",
            ItemKind::People => "people",
        }
    }
}

/// One thing counted in net worth.
#[derive(Clone, Debug)]
pub struct NetWorthItem {
    pub kind: ItemKind,
    pub id: uuid::Uuid,
    pub name: String,
    /// Its value in its own currency: positive adds to net worth, negative subtracts.
    pub amount: Money,
    /// The same in the base currency; `None` when no rate is recorded.
    pub in_base: Option<Money>,
}

#[derive(Clone, Debug)]
pub struct NetWorth {
    pub base_currency: Currency,
    pub as_of: Date,
    pub total: Money,
    /// Everything that adds (as a positive amount).
    pub assets: Money,
    /// Everything that subtracts (as a positive amount).
    pub liabilities: Money,
    pub breakdown: Vec<NetWorthItem>,
    /// Pairs (`EUR→USD`) with no recorded rate: those items are left out of the totals.
    pub missing_rates: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct NetWorthHistory {
    pub base_currency: Currency,
    /// Oldest first: each month's last day (today for the current month).
    pub points: Vec<NetWorth>,
    pub missing_rates: Vec<String>,
}

/// One account-month of the rollup.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MonthRow {
    pub month: i32,
    pub income: i64,
    pub expense: i64,
    pub net_change: i64,
}

/// Everything needed to value the tenant at any date, loaded once (four
/// queries when there are no assets or loans, six at most).
pub(crate) struct Records {
    pub accounts: Vec<account::Model>,
    /// account → its rollup rows, by month.
    pub months: HashMap<hisaab_entity::finance::AccountId, Vec<MonthRow>>,
    holdings: Vec<holding::Model>,
    values: Vec<(HoldingId, Date, i64)>,
    loans: Vec<loan::Model>,
    payments: Vec<loan_payment::Model>,
    /// What people owe you (positive) or you owe them, per currency and month.
    people: Vec<(Currency, i32, i64)>,
}

pub(crate) async fn load(app: &App, actor: &Actor) -> Result<Records> {
    let db = &app.db;
    let accounts = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(account::Column::Id)
        .all(db)
        .await?;
    let mut months: HashMap<_, Vec<MonthRow>> = HashMap::new();
    for r in super::rollups::month_sums(db, actor.tenant_id, None).await? {
        months.entry(r.account_id).or_default().push(MonthRow {
            month: r.month,
            income: r.income,
            expense: r.expense,
            net_change: r.net_change,
        });
    }
    let holdings = holding::Entity::find()
        .filter(holding::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(holding::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<HoldingId> = holdings.iter().map(|h| h.id).collect();
    let values = holdings::all_values(db, actor, &ids).await?;
    let loans = loan::Entity::find()
        .filter(loan::Column::TenantId.eq(actor.tenant_id))
        .order_by_asc(loan::Column::Id)
        .all(db)
        .await?;
    let loan_ids: Vec<LoanId> = loans.iter().map(|l| l.id).collect();
    let payments = loans::payments_of(db, actor, &loan_ids).await?;
    let people = crate::social::people_by_month(app, actor).await?;
    Ok(Records {
        accounts,
        months,
        holdings,
        values,
        loans,
        payments,
        people,
    })
}

/// `(kind, id, name, currency, signed stored amount)`.
type Item = (ItemKind, uuid::Uuid, String, Currency, i64);

/// Each item as of `on`.
fn items_at(r: &Records, on: Date) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    let key = month_key(on);
    for a in r.accounts.iter().filter(|a| a.opening_date <= on) {
        let moved: i64 = r
            .months
            .get(&a.id)
            .map(|ms| {
                ms.iter()
                    .take_while(|r| r.month <= key)
                    .map(|r| r.net_change)
                    .sum()
            })
            .unwrap_or(0);
        out.push((
            ItemKind::Account,
            a.id.0,
            a.name.clone(),
            currency_of(&a.currency)?,
            a.opening_balance + moved,
        ));
    }
    let latest = holdings::value_on(&r.values, on);
    for h in &r.holdings {
        let Some((_, value)) = latest.get(&h.id) else {
            continue;
        };
        let (kind, sign) = if h.side == Side::Liability.name() {
            (ItemKind::Liability, -1)
        } else {
            (ItemKind::Asset, 1)
        };
        out.push((
            kind,
            h.id.0,
            h.name.clone(),
            currency_of(&h.currency)?,
            sign * value,
        ));
    }
    for l in r.loans.iter().filter(|l| l.start_date <= on) {
        let paid: i64 = r
            .payments
            .iter()
            .filter(|p| p.loan_id == l.id && p.date <= on)
            .map(|p| p.principal_part)
            .sum();
        let (kind, sign) = if l.direction == "borrowed" {
            (ItemKind::LoanBorrowed, -1)
        } else {
            (ItemKind::LoanLent, 1)
        };
        out.push((
            kind,
            l.id.0,
            l.counterparty.clone(),
            currency_of(&l.currency)?,
            sign * (l.principal - paid),
        ));
    }
    let mut people: BTreeMap<&'static str, (Currency, i64)> = BTreeMap::new();
    for (currency, _, amount) in r.people.iter().filter(|p| p.1 <= key) {
        people.entry(currency.code()).or_insert((*currency, 0)).1 += amount;
    }
    for (currency, amount) in people.into_values().filter(|p| p.1 != 0) {
        out.push((
            ItemKind::People,
            uuid::Uuid::nil(),
            "People (owed to you − you owe)".to_string(),
            currency,
            amount,
        ));
    }
    Ok(out)
}

async fn value_at(conv: &mut Converter<'_>, base: Currency, r: &Records, on: Date) -> Result<NetWorth> {
    let (mut plus, mut minus) = (Decimal::ZERO, Decimal::ZERO);
    let mut breakdown = Vec::new();
    for (kind, id, name, currency, stored) in items_at(r, on)? {
        let in_base = conv.convert(stored, currency, on).await?;
        if let Some(v) = in_base {
            if v.is_sign_negative() {
                minus -= v;
            } else {
                plus += v;
            }
        }
        breakdown.push(NetWorthItem {
            kind,
            id,
            name,
            amount: Money::from_storage(stored, currency),
            in_base: in_base.map(|v| Money::new_rounded(v, base)),
        });
    }
    Ok(NetWorth {
        base_currency: base,
        as_of: on,
        total: Money::new_rounded(plus - minus, base),
        assets: Money::new_rounded(plus, base),
        liabilities: Money::new_rounded(minus, base),
        breakdown,
        missing_rates: vec![],
    })
}

/// Net worth at each date (one load of the records, one rate lookup per currency and date).
pub async fn net_worth_at(app: &App, actor: &Actor, dates: &[Date]) -> Result<NetWorthHistory> {
    let base = get_settings(app, actor).await?.base_currency;
    let records = load(app, actor).await?;
    let mut conv = Converter::new(app, actor, base);
    net_worth_from(&mut conv, base, &records, dates).await
}

/// Net worth at each date from records already loaded.
pub(crate) async fn net_worth_from(
    conv: &mut Converter<'_>,
    base: Currency,
    records: &Records,
    dates: &[Date],
) -> Result<NetWorthHistory> {
    let mut points = Vec::with_capacity(dates.len());
    for d in dates {
        points.push(value_at(conv, base, records, *d).await?);
    }
    let missing: Vec<String> = conv.missing.iter().cloned().collect();
    for p in &mut points {
        p.missing_rates = missing.clone();
    }
    Ok(NetWorthHistory {
        base_currency: base,
        points,
        missing_rates: missing,
    })
}

/// Net worth today, with its breakdown.
pub async fn net_worth(app: &App, actor: &Actor) -> Result<NetWorth> {
    let today = app.now().date();
    let mut h = net_worth_at(app, actor, &[today]).await?;
    Ok(h.points.pop().expect("one date"))
}

/// The last day of each of the last `months` months (today for this month), oldest first.
pub fn month_ends(today: Date, months: u32) -> Vec<Date> {
    let mut out = Vec::with_capacity(months as usize);
    let mut key = month_key(today);
    for _ in 0..months {
        out.push(last_day(key).min(today));
        let start = month_start(key) - Duration::days(1);
        key = month_key(start);
    }
    out.reverse();
    out
}

/// Net worth at each of the last `months` month ends (default 12, at most 120).
pub async fn net_worth_history(app: &App, actor: &Actor, months: Option<u32>) -> Result<NetWorthHistory> {
    let months = months.unwrap_or(12);
    let mut p = Problems::default();
    p.check(
        (1..=MAX_HISTORY_MONTHS).contains(&months),
        "months",
        "Enter a number of months from 1 to 120.",
    );
    p.finish()?;
    let today = app.now().date();
    let key = format!("finance.net_worth_history:{months}:{today}");
    let view = crate::view_cache::cached(
        app,
        actor.user_id,
        key,
        net_worth_at(app, actor, &month_ends(today, months)),
    )
    .await?;
    Ok((*view).clone())
}
