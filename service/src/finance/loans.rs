//! Loans you took (`borrowed`) or gave (`lent`): terms, the amortization
//! schedule (see `amortization`), recorded payments and what is outstanding.
//! A payment pays one period's interest on what is outstanding first, then
//! principal; it may record the matching account transaction in the same
//! database transaction.

use super::amortization::{self, Frequency, Schedule};
use super::record::{self, NewRecord};
use super::transactions::{self, usable_account};
use super::{AccountId, FlowKind, currency_of, format_date};
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::idempotency::{self, Done};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::{Actor, App};
use hisaab_entity::finance::{LoanId, LoanPaymentId, TransactionId, loan, loan_payment};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::json;
use time::{Date, OffsetDateTime};

/// Highest annual rate accepted, in percent.
pub const MAX_RATE_PERCENT: i64 = 100;
/// Longest term, in months (50 years).
pub const MAX_TERM_MONTHS: u32 = 600;

#[derive(Clone, Debug)]
pub struct LoanView {
    pub id: LoanId,
    /// `borrowed` or `lent`.
    pub direction: String,
    pub counterparty: String,
    pub currency: Currency,
    pub principal: Money,
    pub annual_rate: Decimal,
    pub term_months: u32,
    pub start_date: Date,
    pub frequency: Frequency,
    pub notes: Option<String>,
    pub instalment: Money,
    pub outstanding: Money,
    pub principal_paid: Money,
    pub interest_paid: Money,
    pub payments_made: u32,
    pub created_at: OffsetDateTime,
}

impl LoanView {
    /// Whole percent of the principal repaid (see [`share_percent`]).
    pub fn repaid_percent(&self) -> i64 {
        share_percent(&self.principal_paid, &self.principal)
    }
}

/// Whole percent of `part` in `whole`, rounded half up, within 0..=100 (0
/// when `whole` is zero); exact: integer minor units, no floats.
fn share_percent(part: &Money, whole: &Money) -> i64 {
    let (part, whole) = (i128::from(part.to_minor()), i128::from(whole.to_minor()));
    if whole == 0 {
        return 0;
    }
    let rounded = (part * 200 + whole) / (2 * whole);
    i64::try_from(rounded.clamp(0, 100)).unwrap_or(0)
}

#[derive(Clone, Debug)]
pub struct PaymentView {
    pub id: LoanPaymentId,
    pub loan_id: LoanId,
    pub date: Date,
    pub amount: Money,
    pub principal: Money,
    pub interest: Money,
    pub transaction_id: Option<TransactionId>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewLoan {
    pub direction: String,
    pub counterparty: String,
    pub currency: String,
    pub principal: String,
    pub annual_rate: String,
    pub term_months: String,
    pub start_date: String,
    pub frequency: Option<String>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct NewPayment {
    pub amount: String,
    pub date: String,
    pub account_id: Option<String>,
}

fn parse_rate(p: &mut Problems, text: &str) -> Option<Decimal> {
    let t = text.trim();
    let plain =
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.matches('.').count() <= 1;
    match t.parse::<Decimal>() {
        Ok(d) if plain && d.scale() <= 6 && d <= Decimal::from(MAX_RATE_PERCENT) => Some(d.normalize()),
        _ => {
            p.add(
                "annual_rate",
                format!("Enter a percentage from 0 to {MAX_RATE_PERCENT} like 7.5 (at most 6 decimals)."),
            );
            None
        }
    }
}

fn stored_rate(m: &loan::Model) -> Result<Decimal> {
    m.annual_rate
        .parse()
        .map_err(|_| Error::Internal(anyhow::anyhow!("stored loan rate {}", m.annual_rate)))
}

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, actor: &Actor, id: LoanId) -> Result<loan::Model> {
    loan::Entity::find_by_id(id)
        .filter(loan::Column::TenantId.eq(actor.tenant_id))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

pub(crate) async fn payments_of<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    ids: &[LoanId],
) -> Result<Vec<loan_payment::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(loan_payment::Entity::find()
        .filter(loan_payment::Column::TenantId.eq(actor.tenant_id))
        .filter(loan_payment::Column::LoanId.is_in(ids.to_vec()))
        .order_by_asc(loan_payment::Column::Date)
        .order_by_asc(loan_payment::Column::Id)
        .all(conn)
        .await?)
}

pub(crate) fn build(m: loan::Model, payments: &[loan_payment::Model]) -> Result<LoanView> {
    let c = currency_of(&m.currency)?;
    let rate = stored_rate(&m)?;
    let frequency = Frequency::parse(&m.frequency).unwrap_or(Frequency::Monthly);
    let principal = Money::from_storage(m.principal, c);
    let n = frequency.periods(m.term_months as u32);
    let instalment = amortization::instalment(
        principal.amount(),
        amortization::periodic_rate(rate, frequency),
        n,
        c,
    );
    let mine: Vec<&loan_payment::Model> = payments.iter().filter(|p| p.loan_id == m.id).collect();
    let principal_paid: i64 = mine.iter().map(|p| p.principal_part).sum();
    let interest_paid: i64 = mine.iter().map(|p| p.interest_part).sum();
    Ok(LoanView {
        id: m.id,
        direction: m.direction,
        counterparty: m.counterparty,
        currency: c,
        principal,
        annual_rate: rate,
        term_months: m.term_months as u32,
        start_date: m.start_date,
        frequency,
        notes: m.notes,
        instalment: Money::new_rounded(instalment, c),
        outstanding: Money::from_storage(m.principal - principal_paid, c),
        principal_paid: Money::from_storage(principal_paid, c),
        interest_paid: Money::from_storage(interest_paid, c),
        payments_made: mine.len() as u32,
        created_at: m.created_at,
    })
}

pub async fn create_loan(app: &App, actor: &Actor, input: NewLoan) -> Result<LoanView> {
    create_loan_once(app, actor, input, None).await
}

/// Records a loan (its principal is money). With `idempotency_key`, a retry
/// with the same body answers the same loan and records no second one.
pub async fn create_loan_once(
    app: &App,
    actor: &Actor,
    input: NewLoan,
    idempotency_key: Option<&str>,
) -> Result<LoanView> {
    let mut p = Problems::default();
    let direction = p.choice(
        "direction",
        &input.direction,
        &[("borrowed", "borrowed"), ("lent", "lent")],
    );
    let counterparty = p.text("counterparty", "who the loan is with", &input.counterparty, 100);
    let currency = p.currency("currency", &input.currency);
    let principal = p.amount("principal", &input.principal, currency, Sign::Positive);
    let rate = parse_rate(&mut p, &input.annual_rate);
    let term = match input.term_months.trim().parse::<u32>() {
        Ok(t) if (1..=MAX_TERM_MONTHS).contains(&t) => Some(t),
        _ => {
            p.add(
                "term_months",
                format!("Enter a whole number of months from 1 to {MAX_TERM_MONTHS}."),
            );
            None
        }
    };
    let start = p.date("start_date", &input.start_date);
    let frequency = p.choice_or(
        "frequency",
        input.frequency.as_deref(),
        Frequency::WORDS,
        Frequency::Monthly,
    );
    let notes = p.optional_text("notes", "notes", input.notes.as_deref(), 2000);
    let (direction, counterparty, currency, principal, rate, term, start, frequency, notes) =
        p.finish_with((
            direction,
            counterparty,
            currency,
            principal,
            rate,
            term,
            start,
            frequency,
            notes,
        ))?;
    let now = app.now();
    let (outcome, written) = idempotency::run(app, actor, idempotency_key, "finance.create_loan", &input, |tx| {
        let actor = actor.clone();
        Box::pin(async move {
            let model = loan::ActiveModel {
                id: Set(LoanId::new()),
                tenant_id: Set(actor.tenant_id),
                direction: Set(direction.into()),
                counterparty: Set(counterparty),
                currency: Set(currency.code().into()),
                principal: Set(principal.to_storage()),
                annual_rate: Set(rate.to_string()),
                term_months: Set(term as i32),
                start_date: Set(start),
                frequency: Set(frequency.name().into()),
                notes: Set(notes),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx)
            .await?;
            let data = json!({
                "loan_id": model.id.to_string(), "direction": model.direction, "counterparty": model.counterparty,
                "principal": principal.to_string(), "currency": model.currency,
                "annual_rate": model.annual_rate, "term_months": model.term_months,
            });
            let mut effects = Effects::by(&actor, now);
            effects
                .audit("finance.loan_created", data.clone())
                .event("loan.created", data);
            Ok(Done::with_value(model.id.0, model, effects))
        })
    })
    .await?;
    match written {
        Some(model) => build(model, &[]),
        None => get_loan(app, actor, LoanId(outcome.value)).await,
    }
}

pub async fn get_loan(app: &App, actor: &Actor, id: LoanId) -> Result<LoanView> {
    let m = load(&app.db, actor, id).await?;
    let payments = payments_of(&app.db, actor, &[id]).await?;
    build(m, &payments)
}

/// Every loan, newest first (a person has few).
pub async fn list_loans(app: &App, actor: &Actor) -> Result<Vec<LoanView>> {
    let rows = loan::Entity::find()
        .filter(loan::Column::TenantId.eq(actor.tenant_id))
        .order_by_desc(loan::Column::Id)
        .all(&app.db)
        .await?;
    let ids: Vec<LoanId> = rows.iter().map(|l| l.id).collect();
    let payments = payments_of(&app.db, actor, &ids).await?;
    rows.into_iter().map(|m| build(m, &payments)).collect()
}

/// The loan's amortization schedule from its terms.
pub async fn loan_schedule(app: &App, actor: &Actor, id: LoanId) -> Result<(LoanView, Schedule)> {
    let loan = get_loan(app, actor, id).await?;
    let s = amortization::schedule(
        loan.principal,
        loan.annual_rate,
        loan.term_months,
        loan.frequency,
        loan.start_date,
    );
    Ok((loan, s))
}

pub async fn list_payments(app: &App, actor: &Actor, id: LoanId) -> Result<Vec<PaymentView>> {
    let m = load(&app.db, actor, id).await?;
    let c = currency_of(&m.currency)?;
    Ok(payments_of(&app.db, actor, &[id])
        .await?
        .into_iter()
        .map(|p| payment_view(p, c))
        .collect())
}

fn payment_view(p: loan_payment::Model, c: Currency) -> PaymentView {
    PaymentView {
        id: p.id,
        loan_id: p.loan_id,
        date: p.date,
        amount: Money::from_storage(p.amount, c),
        principal: Money::from_storage(p.principal_part, c),
        interest: Money::from_storage(p.interest_part, c),
        transaction_id: p.transaction_id,
    }
}

struct CheckedPayment {
    amount: Money,
    date: Date,
    account_id: Option<AccountId>,
}

fn check_payment(input: &NewPayment, c: Currency) -> Result<CheckedPayment> {
    let mut p = Problems::default();
    let amount = p.amount("amount", &input.amount, c, Sign::Positive);
    let date = p.date("date", &input.date);
    let account_id = p.optional_id("account_id", input.account_id.as_deref());
    let (amount, date, account_id) = p.finish_with((amount, date, account_id))?;
    Ok(CheckedPayment {
        amount,
        date,
        account_id,
    })
}

/// How a payment divides: interest for the period first, the rest principal.
struct Split {
    interest: Decimal,
    principal: Decimal,
}

/// Splits `amount` against the loan as it stands; more than the outstanding
/// principal plus this period's interest is refused.
fn split_payment(view: &LoanView, amount: Money) -> Result<Split> {
    let c = view.currency;
    let r = amortization::periodic_rate(view.annual_rate, view.frequency);
    let outstanding = view.outstanding.amount();
    let due_interest = amortization::period_interest(outstanding, r, c);
    let interest = due_interest.min(amount.amount());
    let principal = amount.amount() - interest;
    if principal > outstanding {
        return Err(Error::invalid(
            "amount",
            format!(
                "is more than this loan needs: {} principal is outstanding plus {} interest this period",
                view.outstanding,
                Money::new_rounded(due_interest, c)
            ),
        ));
    }
    Ok(Split { interest, principal })
}

/// The account record of a payment made through `account_id` (an expense
/// when you borrowed, income when you lent), with its audit entry and event.
async fn write_account_record(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    m: &loan::Model,
    account_id: AccountId,
    checked: &CheckedPayment,
    effects: &mut Effects,
) -> Result<TransactionId> {
    let account = usable_account(txn, actor, account_id).await?;
    if account.currency != m.currency {
        return Err(Error::invalid(
            "account_id",
            format!("must be an account in {} (the loan's currency)", m.currency),
        ));
    }
    let kind = if m.direction == "borrowed" {
        FlowKind::Expense
    } else {
        FlowKind::Income
    };
    let t = record::insert(
        txn,
        actor,
        now,
        NewRecord {
            account_id,
            kind,
            amount: checked.amount,
            date: checked.date,
            description: format!("Loan payment: {}", m.counterparty),
            payee: Some(m.counterparty.clone()),
            category_id: None,
            tags: vec!["loan".into()],
            notes: None,
            transfer_id: None,
            reverses_id: None,
            corrects_id: None,
            reason: None,
        },
        effects,
    )
    .await?;
    transactions::announce(
        effects,
        "finance.transaction_recorded",
        "transaction.recorded",
        &t,
    )?;
    Ok(t.id)
}

/// Parses the payment against the loan as it is in `txn`, splits it, and
/// writes it (and its account record).
async fn write_payment(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    id: LoanId,
    input: &NewPayment,
) -> Result<Done<uuid::Uuid>> {
    let m = load(txn, actor, id).await?;
    let c = currency_of(&m.currency)?;
    let checked = check_payment(input, c)?;
    let view = build(m.clone(), &payments_of(txn, actor, &[id]).await?)?;
    let Split { interest, principal } = split_payment(&view, checked.amount)?;
    let mut effects = Effects::by(actor, now);
    let transaction_id = match checked.account_id {
        Some(account_id) => {
            Some(write_account_record(txn, actor, now, &m, account_id, &checked, &mut effects).await?)
        }
        None => None,
    };
    let (principal, interest) = (Money::new_rounded(principal, c), Money::new_rounded(interest, c));
    let payment = loan_payment::ActiveModel {
        id: Set(LoanPaymentId::new()),
        tenant_id: Set(actor.tenant_id),
        loan_id: Set(id),
        date: Set(checked.date),
        amount: Set(checked.amount.to_storage()),
        principal_part: Set(principal.to_storage()),
        interest_part: Set(interest.to_storage()),
        transaction_id: Set(transaction_id),
        created_by: Set(actor.user_id),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let data = json!({
        "loan_id": id.to_string(), "payment_id": payment.id.to_string(), "date": format_date(checked.date),
        "amount": checked.amount.to_string(), "currency": m.currency,
        "principal": principal.to_string(), "interest": interest.to_string(),
        "transaction_id": transaction_id.map(|t| t.to_string()),
    });
    effects
        .audit("finance.loan_payment_recorded", data.clone())
        .event("loan.payment_recorded", data);
    Ok(Done::new(payment.id.0, effects))
}

/// Records a payment (interest for the period first, then principal); with
/// `account_id`, also the account transaction (an expense when you borrowed,
/// income when you lent), all in one database transaction.
pub async fn record_payment(
    app: &App,
    actor: &Actor,
    id: LoanId,
    input: NewPayment,
    idempotency_key: Option<&str>,
) -> Result<PaymentView> {
    let m = load(&app.db, actor, id).await?;
    let c = currency_of(&m.currency)?;
    check_payment(&input, c)?;
    let now = app.now();
    let operation = format!("finance.record_loan_payment.{id}");
    let (outcome, _) = idempotency::run(app, actor, idempotency_key, &operation, &input, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { write_payment(txn, &actor, now, id, &input).await })
    })
    .await?;
    let p = loan_payment::Entity::find_by_id(LoanPaymentId(outcome.value))
        .filter(loan_payment::Column::TenantId.eq(actor.tenant_id))
        .one(&app.db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(payment_view(p, c))
}

#[cfg(test)]
mod share_percent_tests {
    use super::share_percent;
    use crate::money::{Currency, Money};

    #[test]
    fn rounds_half_up_and_stays_within_0_and_100() {
        let usd = |s: &str| Money::parse(s, Currency::parse("USD").unwrap()).unwrap();
        assert_eq!(share_percent(&usd("1.00"), &usd("8.00")), 13); // 12.5
        assert_eq!(share_percent(&usd("0.00"), &usd("8.00")), 0);
        assert_eq!(share_percent(&usd("9.00"), &usd("8.00")), 100);
        assert_eq!(share_percent(&usd("1.00"), &usd("0.00")), 0);
        assert_eq!(share_percent(&usd("2.00"), &usd("3.00")), 67);
    }
}
