//! The two integer units money travels in, kept apart by type so a value in
//! one can never be added to, or stored as, the other:
//! - [`Minor`]: whole minor units of one currency (cents, yen, fils), what
//!   splits, debts within an expense and settle-up plans are computed in;
//! - [`Stored`]: ten-thousandths of the unit whatever the currency, what the
//!   database keeps (ADR 0001), so sums across rows need no conversion.
//!
//! A `Minor` becomes `Stored` only through its currency ([`Minor::to_stored`]).

use super::{Currency, Money, STORAGE_SCALE};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Whole minor units of one currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minor(pub i64);

/// Ten-thousandths of a currency unit, as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stored(pub i64);

impl Minor {
    pub const ZERO: Self = Self(0);

    /// The same amount as stored: `Minor(1250)` USD (12.50) is `Stored(125_000)`.
    pub fn to_stored(self, currency: Currency) -> Stored {
        Stored(self.0 * 10_i64.pow(STORAGE_SCALE - currency.exponent()))
    }

    pub fn to_money(self, currency: Currency) -> Money {
        Money::from_minor(self.0, currency)
    }
}

impl Stored {
    pub const ZERO: Self = Self(0);
}

impl Money {
    /// The amount in typed minor units.
    pub fn minor(&self) -> Minor {
        Minor(self.to_minor())
    }
}

macro_rules! arithmetic {
    ($unit:ident) => {
        impl Add for $unit {
            type Output = Self;
            fn add(self, other: Self) -> Self {
                Self(self.0 + other.0)
            }
        }
        impl Sub for $unit {
            type Output = Self;
            fn sub(self, other: Self) -> Self {
                Self(self.0 - other.0)
            }
        }
        impl Neg for $unit {
            type Output = Self;
            fn neg(self) -> Self {
                Self(-self.0)
            }
        }
        impl AddAssign for $unit {
            fn add_assign(&mut self, other: Self) {
                self.0 += other.0;
            }
        }
        impl SubAssign for $unit {
            fn sub_assign(&mut self, other: Self) {
                self.0 -= other.0;
            }
        }
        impl Sum for $unit {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|v| v.0).sum())
            }
        }
    };
}

arithmetic!(Minor);
arithmetic!(Stored);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_become_storage_units_through_their_currency() {
        let c = |code| Currency::parse(code).unwrap();
        assert_eq!(Minor(1250).to_stored(c("USD")), Stored(125_000));
        assert_eq!(Minor(1250).to_stored(c("JPY")), Stored(12_500_000));
        assert_eq!(Minor(1250).to_stored(c("KWD")), Stored(12_500));
        let usd = c("USD");
        let m = Money::parse("12.34", usd).unwrap();
        assert_eq!(m.minor().to_stored(usd).0, m.to_storage());
        assert_eq!(m.minor().to_money(usd), m);
        assert_eq!(
            [Minor(1), Minor(2)].into_iter().sum::<Minor>() - Minor(3),
            Minor::ZERO
        );
    }
}
