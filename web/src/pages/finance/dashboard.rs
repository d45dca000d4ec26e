//! The finance dashboard with a server-rendered cash-flow chart.

use super::{account_json, money, month_label, names_of_accounts, tx_json};
use crate::pages::{PageCtx, PageResult, SignedIn};
use hisaab_service::finance::format_date;
use hisaab_service::finance::reports::{self, CashFlow};
use hisaab_service::i18n::Locale;
use poem::handler;
use poem::http::StatusCode;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};
use std::collections::HashMap;

const CHART_HEIGHT: i64 = 160;
const BAR: i64 = 14;
const SLOT: i64 = 44;

/// Bar geometry for the SVG (pixels only; the amounts stay exact in the table).
fn chart(flow: &CashFlow, locale: Locale) -> Value {
    let max = flow
        .periods
        .iter()
        .flat_map(|p| [p.income.amount(), p.expense.amount()])
        .fold(Decimal::ZERO, Decimal::max);
    let height = |d: Decimal| {
        if max.is_zero() {
            0
        } else {
            (d * Decimal::from(CHART_HEIGHT) / max)
                .round()
                .to_i64()
                .unwrap_or(0)
        }
    };
    let bars: Vec<Value> = flow
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = i as i64 * SLOT + 8;
            let (hi, he) = (height(p.income.amount()), height(p.expense.amount()));
            json!({
                "label": month_label(locale, p.start.month()),
                "start": format_date(p.start),
                "income": money(&p.income),
                "expense": money(&p.expense),
                "net": money(&p.net),
                "x_income": x,
                "x_expense": x + BAR + 2,
                "x_label": x + BAR,
                "y_income": CHART_HEIGHT - hi + 10,
                "y_expense": CHART_HEIGHT - he + 10,
                "h_income": hi,
                "h_expense": he,
            })
        })
        .collect();
    json!({ "bars": bars, "empty": max.is_zero(), "width": flow.periods.len() as i64 * SLOT + 16, "height": CHART_HEIGHT + 40, "baseline": CHART_HEIGHT + 10, "label_y": CHART_HEIGHT + 28, "bar": BAR })
}

#[handler]
pub async fn finance_home(ctx: PageCtx, user: SignedIn) -> PageResult {
    let d = reports::dashboard(&ctx.state.app, &user.actor).await?;
    let names = names_of_accounts(&d.accounts);
    let recent: Vec<Value> = d
        .recent
        .iter()
        .map(|t| tx_json(t, &names, &HashMap::new()))
        .collect();
    // Every account in another currency (a new user whose accounts are all in
    // INR while totals are in USD): offer the first account's currency as the base.
    let suggest_base = (!d.accounts.is_empty() && d.accounts.iter().all(|a| a.currency != d.base_currency))
        .then(|| d.accounts[0].currency.code());
    Ok(ctx.render(StatusCode::OK, "web/finance/dashboard.html", &ctx.t("nav-finance"), json!({
        // Nothing here is typed in: the whole page is swapped on a change.
        "live": "#main:innerHTML",
        "base_currency": d.base_currency.code(),
        "suggest_base": suggest_base,
        "total_balance": money(&d.total_balance),
        "accounts": d.accounts.iter().map(|a| account_json(ctx.locale, a)).collect::<Vec<_>>(),
        "this_month": { "income": money(&d.this_month.income), "expense": money(&d.this_month.expense), "net": money(&d.this_month.net) },
        "recent": recent,
        "chart": chart(&d.cash_flow, ctx.locale),
        "missing_rates": d.missing_rates,
        "net_worth": money(&d.net_worth),
        "net_worth_change": money(&d.net_worth_change),
        "people": d.people.iter().map(|t| json!({ "currency": t.currency.code(), "owed_to_you": t.owed_to_you.to_string(), "you_owe": t.you_owe.to_string() })).collect::<Vec<_>>(),
    })))
}
