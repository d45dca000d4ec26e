//! Assets and liabilities (list, detail with value history, add forms) and
//! the net worth page with its server-rendered SVG history chart.

use super::{id, key, kind_label, kind_options, money, month_label};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::Error;
use hisaab_service::finance::holdings::{self, HoldingView, NewHolding, NewValue, Side};
use hisaab_service::finance::net_worth::{self, ItemKind, NetWorth, NetWorthHistory};
use hisaab_service::finance::{HoldingId, format_date};
use hisaab_service::i18n::{self, Locale};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;
use serde_json::{Value, json};

/// `assets` or `liabilities`; anything else is a 404.
fn side_of(s: &str) -> Result<Side, Error> {
    match s {
        "assets" => Ok(Side::Asset),
        "liabilities" => Ok(Side::Liability),
        _ => Err(Error::NotFound),
    }
}

/// Words for a side in the reader's language, so one template serves both;
/// the templates pick their other words by `path` (`assets`, `liabilities`).
fn words(side: Side, locale: Locale) -> Value {
    let t = |id: &str| i18n::tr(locale, id);
    match side {
        Side::Asset => json!({
            "path": "assets", "title": t("fin-assets"), "value": t("fin-asset-value"), "values": t("fin-asset-values"),
            "lede": t("fin-assets-lede"), "empty": t("fin-assets-empty"),
        }),
        Side::Liability => json!({
            "path": "liabilities", "title": t("fin-liabilities"), "value": t("fin-balance"), "values": t("fin-liability-values"),
            "lede": t("fin-liabilities-lede"), "empty": t("fin-liabilities-empty"),
        }),
    }
}

/// The path segment of a side (`/app/finance/<path>`).
fn path_of(side: Side) -> &'static str {
    match side {
        Side::Asset => "assets",
        Side::Liability => "liabilities",
    }
}

fn holding_json(locale: Locale, h: &HoldingView) -> Value {
    json!({
        "id": h.id.to_string(), "name": h.name, "kind_label": kind_label(locale, &h.kind), "currency": h.currency.code(),
        "value": money(&h.value), "value_date": h.value_date.map(format_date), "archived": h.archived, "notes": h.notes,
    })
}

async fn render_list(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    side: Side,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let items = holdings::all_holdings(&ctx.state.app, actor, side).await?;
    let w = words(side, ctx.locale);
    let title = w["title"].as_str().unwrap_or_default().to_string();
    Ok(ctx.render(
        status,
        "web/finance/holdings.html",
        &title,
        json!({
            "side": w, "kinds": kind_options(ctx.locale, side.kinds()), "form": form.to_value(),
            "items": items.iter().map(|h| holding_json(ctx.locale, h)).collect::<Vec<_>>(),
        }),
    ))
}

#[handler]
pub async fn holdings_page(ctx: PageCtx, user: SignedIn, Path(side): Path<String>) -> PageResult {
    let side = side_of(&side)?;
    let today = format_date(ctx.state.app.now().date());
    let form = FormState::with_values(&[("currency", "USD"), ("value_date", &today)]);
    render_list(&ctx, &user.actor, side, StatusCode::OK, form).await
}

#[derive(Deserialize, Default)]
pub struct HoldingForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    value_date: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    idempotency_key: String,
}

#[handler]
pub async fn create_holding(
    ctx: PageCtx,
    user: SignedIn,
    Path(side): Path<String>,
    Form(f): Form<HoldingForm>,
) -> PageResult {
    let side = side_of(&side)?;
    let input = NewHolding {
        kind: f.kind.clone(),
        name: f.name.clone(),
        currency: f.currency.clone(),
        notes: super::opt(&f.notes),
        value: super::opt(&f.value),
        value_date: super::opt(&f.value_date),
    };
    match holdings::create_holding_once(
        &ctx.state.app,
        &user.actor,
        side,
        input,
        super::key(&f.idempotency_key),
    )
    .await
    {
        Ok(h) => Ok(ctx.redirect(&format!("/app/finance/{}/{}", path_of(side), h.id))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("kind", &f.kind),
                ("name", &f.name),
                ("currency", &f.currency),
                ("value", &f.value),
                ("value_date", &f.value_date),
                ("notes", &f.notes),
                ("idempotency_key", &f.idempotency_key),
            ]);
            let status = form.absorb(e)?;
            render_list(&ctx, &user.actor, side, status, form).await
        }
    }
}

async fn render_holding(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    side: Side,
    id: HoldingId,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let app = &ctx.state.app;
    let h = holdings::get_holding(app, actor, side, id).await?;
    let values = holdings::list_values(app, actor, side, id).await?;
    Ok(ctx.render(status, "web/finance/holding.html", &h.name.clone(), json!({
        "side": words(side, ctx.locale), "holding": holding_json(ctx.locale, &h), "form": form.to_value(),
        "values": values.iter().map(|v| json!({ "date": format_date(v.date), "value": money(&v.value) })).collect::<Vec<_>>(),
    })))
}

#[handler]
pub async fn holding_page(
    ctx: PageCtx,
    user: SignedIn,
    Path((side, raw)): Path<(String, String)>,
) -> PageResult {
    let (side, id): (Side, HoldingId) = (side_of(&side)?, id(&raw)?);
    let today = format_date(ctx.state.app.now().date());
    render_holding(
        &ctx,
        &user.actor,
        side,
        id,
        StatusCode::OK,
        FormState::with_values(&[("date", &today)]),
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct ValueForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    idempotency_key: String,
}

#[handler]
pub async fn record_holding_value(
    ctx: PageCtx,
    user: SignedIn,
    Path((side, raw)): Path<(String, String)>,
    Form(f): Form<ValueForm>,
) -> PageResult {
    let (side, id): (Side, HoldingId) = (side_of(&side)?, id(&raw)?);
    let input = NewValue {
        date: f.date.clone(),
        value: f.value.clone(),
    };
    match holdings::record_value(
        &ctx.state.app,
        &user.actor,
        side,
        id,
        input,
        key(&f.idempotency_key),
    )
    .await
    {
        Ok(_) => Ok(ctx.redirect(&format!("/app/finance/{}/{id}", path_of(side)))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("date", &f.date),
                ("value", &f.value),
                ("idempotency_key", &f.idempotency_key),
            ]);
            let status = form.absorb(e)?;
            render_holding(&ctx, &user.actor, side, id, status, form).await
        }
    }
}

const CHART_W: i64 = 600;
const CHART_H: i64 = 180;
const PAD: i64 = 20;

/// Line-chart geometry (pixels only; the exact amounts are in the table).
fn history_chart(h: &NetWorthHistory, locale: Locale) -> Value {
    let totals: Vec<Decimal> = h.points.iter().map(|p| p.total.amount()).collect();
    let max = totals.iter().copied().fold(Decimal::ZERO, Decimal::max);
    let min = totals.iter().copied().fold(Decimal::ZERO, Decimal::min);
    let span = max - min;
    let n = h.points.len().max(2) as i64 - 1;
    let y = |d: Decimal| -> i64 {
        if span.is_zero() {
            CHART_H + PAD
        } else {
            PAD + ((max - d) * Decimal::from(CHART_H) / span)
                .round()
                .to_i64()
                .unwrap_or(0)
        }
    };
    let points: Vec<Value> = h
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = PAD + i as i64 * (CHART_W - 2 * PAD) / n;
            json!({ "x": x, "y": y(p.total.amount()), "label": month_label(locale, p.as_of.month()) })
        })
        .collect();
    let line = points
        .iter()
        .map(|p| format!("{},{}", p["x"], p["y"]))
        .collect::<Vec<_>>()
        .join(" ");
    json!({ "width": CHART_W, "height": CHART_H + 2 * PAD + 20, "zero_y": y(Decimal::ZERO), "line": line, "points": points, "label_y": CHART_H + 2 * PAD + 14 })
}

fn worth_json(n: &NetWorth) -> Value {
    json!({ "date": format_date(n.as_of), "total": money(&n.total), "assets": money(&n.assets), "liabilities": money(&n.liabilities) })
}

#[handler]
pub async fn net_worth_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let app = &ctx.state.app;
    let history = net_worth::net_worth_history(app, &user.actor, Some(12)).await?;
    let Some(now) = history.points.last() else {
        return Err(Error::NotFound.into());
    };
    // Exhaustive on purpose: a new kind must get its own words ("people"
    // showed as "Loan you gave" while this matched strings with a catch-all).
    let kind_label = |k: ItemKind| {
        ctx.t(match k {
            ItemKind::Account => "fin-nw-item-account",
            ItemKind::Asset => "fin-nw-item-asset",
            ItemKind::Liability => "fin-nw-item-liability",
            ItemKind::LoanBorrowed => "fin-nw-item-loan-borrowed",
            ItemKind::LoanLent => "fin-nw-item-loan-lent",
            ItemKind::People => "fin-nw-item-people",
        })
    };
    let breakdown: Vec<Value> = now
        .breakdown
        .iter()
        .map(|i| json!({ "kind": kind_label(i.kind), "name": i.name, "amount": money(&i.amount), "in_base": i.in_base.as_ref().map(money) }))
        .collect();
    Ok(ctx.render(
        StatusCode::OK,
        "web/finance/net_worth.html",
        &ctx.t("fin-net-worth"),
        json!({
            "base_currency": history.base_currency.code(),
            "now": worth_json(now),
            "breakdown": breakdown,
            "points": history.points.iter().map(worth_json).collect::<Vec<_>>(),
            "chart": history_chart(&history, ctx.locale),
            "missing_rates": history.missing_rates,
        }),
    ))
}
