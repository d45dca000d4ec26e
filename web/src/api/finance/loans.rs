//! Loans: `/finance/loans` (+ `/{id}/schedule`, `/{id}/payments`).

use super::{FinanceTags, instant, location};
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::amortization::Schedule;
use hisaab_service::finance::loans::{self, LoanView, NewLoan, NewPayment, PaymentView};
use hisaab_service::finance::{LoanId, format_date};
use poem::web::Data;
use poem_openapi::param::{Header, Path};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// A loan you took (`borrowed`) or gave (`lent`), with what is paid and outstanding.
#[derive(Object)]
struct Loan {
    id: uuid::Uuid,
    /// `borrowed` (you owe) or `lent` (you are owed).
    direction: String,
    counterparty: String,
    currency: String,
    principal: String,
    /// Percent per year, decimal string (`7.5`).
    annual_rate: String,
    term_months: u32,
    start_date: String,
    /// `monthly`, `weekly` or `quarterly`.
    frequency: String,
    notes: Option<String>,
    /// The equal instalment per period.
    instalment: String,
    /// Principal not yet repaid.
    outstanding: String,
    principal_paid: String,
    interest_paid: String,
    payments_made: u32,
    created_at: String,
}

impl From<LoanView> for Loan {
    fn from(l: LoanView) -> Self {
        Self {
            id: l.id.0,
            direction: l.direction,
            counterparty: l.counterparty,
            currency: l.currency.code().into(),
            principal: l.principal.to_string(),
            annual_rate: l.annual_rate.to_string(),
            term_months: l.term_months,
            start_date: format_date(l.start_date),
            frequency: l.frequency.name().into(),
            notes: l.notes,
            instalment: l.instalment.to_string(),
            outstanding: l.outstanding.to_string(),
            principal_paid: l.principal_paid.to_string(),
            interest_paid: l.interest_paid.to_string(),
            payments_made: l.payments_made,
            created_at: instant(l.created_at),
        }
    }
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateLoan {
    /// `borrowed` or `lent`.
    #[oai(validator(pattern = r"^\s*(borrowed|lent)\s*$"))]
    direction: String,
    /// Who the loan is with (a bank, a friend).
    counterparty: String,
    currency: String,
    /// Positive decimal string.
    principal: String,
    /// Percent per year as a decimal string, 0 to 100.
    annual_rate: String,
    /// 1 to 600.
    term_months: u32,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    start_date: String,
    /// `monthly` (default), `weekly` or `quarterly`.
    frequency: Option<String>,
    notes: Option<String>,
}

impl poem_openapi::types::Example for CreateLoan {
    fn example() -> Self {
        Self {
            direction: "borrowed".into(),
            counterparty: "City Bank".into(),
            currency: "USD".into(),
            principal: "10000.00".into(),
            annual_rate: "7.5".into(),
            term_months: 12,
            start_date: "2026-11-01".into(),
            frequency: Some("monthly".into()),
            notes: None,
        }
    }
}

/// One row of an amortization schedule.
#[derive(Object)]
struct LoanScheduleRow {
    number: u32,
    date: String,
    payment: String,
    interest: String,
    principal: String,
    /// Principal outstanding after this payment.
    outstanding: String,
}

/// Equal instalments; interest rounded per currency each period; the last
/// payment absorbs the remainder so the schedule ends at exactly zero.
#[derive(Object)]
struct LoanSchedule {
    loan_id: uuid::Uuid,
    currency: String,
    instalment: String,
    total_interest: String,
    total_paid: String,
    rows: Vec<LoanScheduleRow>,
}

fn schedule_of(loan: &LoanView, s: Schedule) -> LoanSchedule {
    LoanSchedule {
        loan_id: loan.id.0,
        currency: loan.currency.code().into(),
        instalment: s.instalment.to_string(),
        total_interest: s.total_interest.to_string(),
        total_paid: s.total_paid.to_string(),
        rows: s
            .rows
            .into_iter()
            .map(|r| LoanScheduleRow {
                number: r.number,
                date: format_date(r.date),
                payment: r.payment.to_string(),
                interest: r.interest.to_string(),
                principal: r.principal.to_string(),
                outstanding: r.outstanding.to_string(),
            })
            .collect(),
    }
}

/// A recorded payment: interest for the period first, the rest principal.
#[derive(Object)]
struct LoanPayment {
    id: uuid::Uuid,
    loan_id: uuid::Uuid,
    date: String,
    amount: String,
    currency: String,
    principal: String,
    interest: String,
    /// The account transaction recorded with it, if any.
    transaction_id: Option<uuid::Uuid>,
}

impl From<PaymentView> for LoanPayment {
    fn from(p: PaymentView) -> Self {
        Self {
            id: p.id.0,
            loan_id: p.loan_id.0,
            date: format_date(p.date),
            currency: p.amount.currency().code().into(),
            amount: p.amount.to_string(),
            principal: p.principal.to_string(),
            interest: p.interest.to_string(),
            transaction_id: p.transaction_id.map(|t| t.0),
        }
    }
}

/// `{amount, date, account_id?}`; with `account_id` the matching account
/// transaction (expense when borrowed, income when lent) is recorded too.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct CreateLoanPayment {
    amount: String,
    #[oai(validator(
        pattern = r"^(19\d\d|2[01]\d\d)-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))$"
    ))]
    date: String,
    account_id: Option<uuid::Uuid>,
}

impl poem_openapi::types::Example for CreateLoanPayment {
    fn example() -> Self {
        Self {
            amount: "867.57".into(),
            date: "2026-12-01".into(),
            account_id: None,
        }
    }
}

#[derive(Object)]
struct LoanList {
    items: Vec<Loan>,
    next_cursor: Option<String>,
}

#[derive(Object)]
struct LoanPaymentList {
    items: Vec<LoanPayment>,
    next_cursor: Option<String>,
}

#[derive(ApiResponse)]
enum Created {
    #[oai(status = 201)]
    Created(Json<Loan>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
enum PaymentCreated {
    #[oai(status = 201)]
    Created(Json<LoanPayment>),
}

pub struct LoansApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Wealth")]
impl LoansApi {
    /// Add a loan you took or gave
    #[oai(path = "/loans", method = "post")]
    async fn create_loan(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateLoan>,
        /// A retry with the same key and body answers the same loan and records no second one.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let input = NewLoan {
            direction: b.direction,
            counterparty: b.counterparty,
            currency: b.currency,
            principal: b.principal,
            annual_rate: b.annual_rate,
            term_months: b.term_months.to_string(),
            start_date: b.start_date,
            frequency: b.frequency,
            notes: b.notes,
        };
        let l = loans::create_loan_once(&state.app, &auth.0, input, idempotency_key.0.as_deref()).await?;
        let loc = location(&format!("/loans/{}", l.id));
        Ok(Created::Created(Json(l.into()), loc))
    }

    /// Your loans, newest first
    #[oai(path = "/loans", method = "get")]
    async fn list_loans(&self, state: Data<&AppState>, auth: BearerAuth) -> Result<Json<LoanList>, ApiError> {
        let items = loans::list_loans(&state.app, &auth.0).await?;
        Ok(Json(LoanList {
            items: items.into_iter().map(Loan::from).collect(),
            next_cursor: None,
        }))
    }

    /// Get a loan with what is outstanding
    #[oai(path = "/loans/:id", method = "get")]
    async fn get_loan(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Loan>, ApiError> {
        Ok(Json(
            loans::get_loan(&state.app, &auth.0, LoanId(id.0)).await?.into(),
        ))
    }

    /// The loan's full amortization schedule
    #[oai(path = "/loans/:id/schedule", method = "get")]
    async fn loan_schedule(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<LoanSchedule>, ApiError> {
        let (loan, s) = loans::loan_schedule(&state.app, &auth.0, LoanId(id.0)).await?;
        Ok(Json(schedule_of(&loan, s)))
    }

    /// Payments recorded on the loan, oldest first
    #[oai(path = "/loans/:id/payments", method = "get")]
    async fn list_loan_payments(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<LoanPaymentList>, ApiError> {
        let items = loans::list_payments(&state.app, &auth.0, LoanId(id.0)).await?;
        Ok(Json(LoanPaymentList {
            items: items.into_iter().map(LoanPayment::from).collect(),
            next_cursor: None,
        }))
    }

    /// Record a payment on the loan
    #[oai(path = "/loans/:id/payments", method = "post")]
    async fn record_loan_payment(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: ApiJson<CreateLoanPayment>,
    ) -> Result<PaymentCreated, ApiError> {
        let b = body.0;
        let input = NewPayment {
            amount: b.amount,
            date: b.date,
            account_id: b.account_id.map(|a| a.to_string()),
        };
        let p = loans::record_payment(
            &state.app,
            &auth.0,
            LoanId(id.0),
            input,
            idempotency_key.0.as_deref(),
        )
        .await?;
        Ok(PaymentCreated::Created(Json(p.into())))
    }
}
