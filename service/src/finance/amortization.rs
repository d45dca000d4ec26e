//! Equal-instalment (annuity) amortization, exact in `rust_decimal`.
//! The instalment is `P·r / (1 − (1 + r)^−n)` rounded HALF_UP to the
//! currency; each period's interest is `outstanding × r` rounded the same way;
//! principal is the instalment minus interest; the last payment absorbs the
//! remainder so the schedule ends at exactly zero. At 0 % the instalment is
//! `P / n` rounded, again with the remainder in the last payment.

use crate::money::{Currency, Money};
use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Duration, Month};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
}

impl Frequency {
    /// The words on the wire.
    pub const WORDS: &[(&str, Frequency)] = &[
        ("monthly", Self::Monthly),
        ("weekly", Self::Weekly),
        ("quarterly", Self::Quarterly),
    ];

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "weekly" => Some(Self::Weekly),
            "" | "monthly" => Some(Self::Monthly),
            "quarterly" => Some(Self::Quarterly),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
        }
    }

    pub fn per_year(self) -> u32 {
        match self {
            Self::Weekly => 52,
            Self::Monthly => 12,
            Self::Quarterly => 4,
        }
    }

    /// Number of payments over `term_months` (at least one).
    pub fn periods(self, term_months: u32) -> u32 {
        let n = match self {
            Self::Weekly => (term_months * 52).div_ceil(12),
            Self::Monthly => term_months,
            Self::Quarterly => term_months.div_ceil(3),
        };
        n.max(1)
    }

    /// The due date of payment `k` (1-based) for a loan starting on `start`.
    pub fn due(self, start: Date, k: u32) -> Date {
        match self {
            Self::Weekly => start + Duration::weeks(k as i64),
            Self::Monthly => add_months(start, k),
            Self::Quarterly => add_months(start, 3 * k),
        }
    }
}

/// `d` plus `months`, the day clamped to the month's length.
pub fn add_months(d: Date, months: u32) -> Date {
    let total = d.year() * 12 + (d.month() as i32 - 1) + months as i32;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let month = Month::try_from(m).unwrap_or(Month::January);
    let day = d.day().min(month.length(y));
    Date::from_calendar_date(y, month, day).unwrap_or(d)
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleRow {
    pub number: u32,
    pub date: Date,
    pub payment: Money,
    pub interest: Money,
    pub principal: Money,
    /// Outstanding principal after this payment.
    pub outstanding: Money,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    pub instalment: Money,
    pub rows: Vec<ScheduleRow>,
    pub total_interest: Money,
    pub total_paid: Money,
}

fn round(d: Decimal, c: Currency) -> Decimal {
    d.round_dp_with_strategy(c.exponent(), RoundingStrategy::MidpointAwayFromZero)
}

/// The periodic rate: annual percent / 100 / periods per year.
pub fn periodic_rate(annual_percent: Decimal, f: Frequency) -> Decimal {
    annual_percent / Decimal::from(100) / Decimal::from(f.per_year())
}

/// The rounded equal instalment.
pub fn instalment(principal: Decimal, r: Decimal, n: u32, c: Currency) -> Decimal {
    if r.is_zero() {
        return round(principal / Decimal::from(n), c);
    }
    let mut growth = Decimal::ONE;
    let base = Decimal::ONE + r;
    for _ in 0..n {
        growth = growth.checked_mul(base).unwrap_or(Decimal::MAX);
    }
    // P·r·g / (g − 1) == P·r / (1 − g⁻¹)
    let payment = principal * r * growth / (growth - Decimal::ONE);
    round(payment, c)
}

/// Interest for one period on `outstanding`.
pub fn period_interest(outstanding: Decimal, r: Decimal, c: Currency) -> Decimal {
    round(outstanding * r, c)
}

/// The full schedule. Rows never go negative; a row's principal is at most
/// what is outstanding, and the last row clears the rest.
pub fn schedule(
    principal: Money,
    annual_percent: Decimal,
    term_months: u32,
    f: Frequency,
    start: Date,
) -> Schedule {
    let c = principal.currency();
    let n = f.periods(term_months);
    let r = periodic_rate(annual_percent, f);
    let pay = instalment(principal.amount(), r, n, c);
    let mut outstanding = principal.amount();
    let (mut total_interest, mut total_paid) = (Decimal::ZERO, Decimal::ZERO);
    let mut rows = Vec::with_capacity(n as usize);
    for k in 1..=n {
        let interest = period_interest(outstanding, r, c);
        let principal_part = if k == n {
            outstanding
        } else {
            (pay - interest).max(Decimal::ZERO).min(outstanding)
        };
        outstanding -= principal_part;
        let payment = principal_part + interest;
        total_interest += interest;
        total_paid += payment;
        rows.push(ScheduleRow {
            number: k,
            date: f.due(start, k),
            payment: Money::new_rounded(payment, c),
            interest: Money::new_rounded(interest, c),
            principal: Money::new_rounded(principal_part, c),
            outstanding: Money::new_rounded(outstanding, c),
        });
    }
    Schedule {
        instalment: Money::new_rounded(pay, c),
        rows,
        total_interest: Money::new_rounded(total_interest, c),
        total_paid: Money::new_rounded(total_paid, c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_textbook_loan() {
        let usd = Currency::parse("USD").unwrap();
        let p = Money::parse("10000", usd).unwrap();
        let start = Date::from_calendar_date(2026, Month::January, 31).unwrap();
        let s = schedule(p, Decimal::new(75, 1), 12, Frequency::Monthly, start);
        assert_eq!(s.instalment.to_string(), "867.57");
        assert_eq!(s.rows.len(), 12);
        assert_eq!(s.rows[0].interest.to_string(), "62.50");
        assert_eq!(s.rows[0].date.to_string(), "2026-02-28");
        assert!(s.rows.last().unwrap().outstanding.is_zero());
        let zero = schedule(p, Decimal::ZERO, 3, Frequency::Monthly, start);
        let pays: Vec<String> = zero.rows.iter().map(|r| r.payment.to_string()).collect();
        assert_eq!(pays, ["3333.33", "3333.33", "3333.34"]);
    }
}
