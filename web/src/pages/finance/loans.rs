//! Loans: list with the add form, and a loan page with its amortization
//! table, progress and the payment form.

use super::{id, key, money};
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::finance::loans::{self, LoanView, NewLoan, NewPayment};
use hisaab_service::finance::{LoanId, accounts, format_date};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

fn loan_json(l: &LoanView) -> Value {
    let paid_pct = l.repaid_percent();
    json!({
        "id": l.id.to_string(), "counterparty": l.counterparty, "borrowed": l.direction == "borrowed",
        "currency": l.currency.code(), "principal": money(&l.principal), "annual_rate": l.annual_rate.to_string(),
        "term_months": l.term_months, "start_date": format_date(l.start_date), "frequency": l.frequency.name(),
        "instalment": money(&l.instalment), "outstanding": money(&l.outstanding),
        "principal_paid": money(&l.principal_paid), "interest_paid": money(&l.interest_paid),
        "payments_made": l.payments_made, "paid_pct": paid_pct, "notes": l.notes,
    })
}

async fn render_list(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let items = loans::list_loans(&ctx.state.app, actor).await?;
    Ok(ctx.render(status, "web/finance/loans.html", &ctx.t("fin-loans"), json!({
        "loans": items.iter().map(loan_json).collect::<Vec<_>>(), "form": form.to_value(),
        "directions": [{"value": "borrowed", "label": ctx.t("fin-loans-borrowed")}, {"value": "lent", "label": ctx.t("fin-loans-lent")}],
        "frequencies": [{"value": "monthly", "label": ctx.t("fin-loans-monthly")}, {"value": "weekly", "label": ctx.t("fin-loans-weekly")}, {"value": "quarterly", "label": ctx.t("fin-loans-quarterly")}],
    })))
}

#[handler]
pub async fn loans_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let today = format_date(ctx.state.app.now().date());
    let form = FormState::with_values(&[
        ("direction", "borrowed"),
        ("currency", "USD"),
        ("frequency", "monthly"),
        ("start_date", &today),
    ]);
    render_list(&ctx, &user.actor, StatusCode::OK, form).await
}

#[derive(Deserialize, Default)]
pub struct LoanForm {
    #[serde(default)]
    direction: String,
    #[serde(default)]
    counterparty: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    principal: String,
    #[serde(default)]
    annual_rate: String,
    #[serde(default)]
    term_months: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    idempotency_key: String,
}

#[handler]
pub async fn create_loan(ctx: PageCtx, user: SignedIn, Form(f): Form<LoanForm>) -> PageResult {
    let input = NewLoan {
        direction: f.direction.clone(),
        counterparty: f.counterparty.clone(),
        currency: f.currency.clone(),
        principal: f.principal.clone(),
        annual_rate: f.annual_rate.clone(),
        term_months: f.term_months.clone(),
        start_date: f.start_date.clone(),
        frequency: Some(f.frequency.clone()),
        notes: None,
    };
    match loans::create_loan_once(&ctx.state.app, &user.actor, input, super::key(&f.idempotency_key)).await {
        Ok(l) => Ok(ctx.redirect(&format!("/app/finance/loans/{}", l.id))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("direction", &f.direction),
                ("counterparty", &f.counterparty),
                ("currency", &f.currency),
                ("principal", &f.principal),
                ("annual_rate", &f.annual_rate),
                ("term_months", &f.term_months),
                ("start_date", &f.start_date),
                ("frequency", &f.frequency),
                ("idempotency_key", &f.idempotency_key),
            ]);
            let status = form.absorb(e)?;
            render_list(&ctx, &user.actor, status, form).await
        }
    }
}

async fn render_loan(
    ctx: &PageCtx,
    actor: &hisaab_service::Actor,
    id: LoanId,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let app = &ctx.state.app;
    let (loan, schedule) = loans::loan_schedule(app, actor, id).await?;
    let payments = loans::list_payments(app, actor, id).await?;
    let accounts: Vec<Value> = accounts::all_accounts(app, actor)
        .await?
        .into_iter()
        .filter(|a| !a.archived && a.currency == loan.currency)
        .map(|a| json!({ "id": a.id.to_string(), "name": a.name, "currency": a.currency.code() }))
        .collect();
    let rows: Vec<Value> = schedule
        .rows
        .iter()
        .map(|r| json!({ "number": r.number, "date": format_date(r.date), "payment": money(&r.payment), "interest": money(&r.interest), "principal": money(&r.principal), "outstanding": money(&r.outstanding) }))
        .collect();
    Ok(ctx.render(status, "web/finance/loan.html", &loan.counterparty.clone(), json!({
        "loan": loan_json(&loan), "rows": rows, "form": form.to_value(), "accounts": accounts,
        "total_interest": money(&schedule.total_interest), "total_paid": money(&schedule.total_paid),
        "payments": payments.iter().map(|p| json!({ "date": format_date(p.date), "amount": money(&p.amount), "principal": money(&p.principal), "interest": money(&p.interest), "transaction_id": p.transaction_id.map(|t| t.to_string()) })).collect::<Vec<_>>(),
    })))
}

#[handler]
pub async fn loan_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let id: LoanId = id(&raw)?;
    let today = format_date(ctx.state.app.now().date());
    render_loan(
        &ctx,
        &user.actor,
        id,
        StatusCode::OK,
        FormState::with_values(&[("date", &today)]),
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct PaymentForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    account_id: String,
    #[serde(default)]
    idempotency_key: String,
}

#[handler]
pub async fn record_loan_payment(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<PaymentForm>,
) -> PageResult {
    let id: LoanId = id(&raw)?;
    let input = NewPayment {
        amount: f.amount.clone(),
        date: f.date.clone(),
        account_id: super::opt(&f.account_id),
    };
    match loans::record_payment(&ctx.state.app, &user.actor, id, input, key(&f.idempotency_key)).await {
        Ok(_) => Ok(ctx.redirect(&format!("/app/finance/loans/{id}"))),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("amount", &f.amount),
                ("date", &f.date),
                ("account_id", &f.account_id),
                ("idempotency_key", &f.idempotency_key),
            ]);
            let status = form.absorb(e)?;
            render_loan(&ctx, &user.actor, id, status, form).await
        }
    }
}
