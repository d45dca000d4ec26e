use std::fmt;

/// An ISO 4217 currency that money can be kept in (it has a minor-unit exponent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    #[error("is not an ISO 4217 currency code (like USD, EUR, INR)")]
    Unknown,
    #[error("is not a currency money can be kept in")]
    NoMinorUnit,
}

impl Currency {
    /// Parses a three-letter code; case-insensitive.
    pub fn parse(code: &str) -> Result<Self, CurrencyError> {
        let code = code.trim();
        let Ok(mut upper) = <[u8; 3]>::try_from(code.as_bytes()) else {
            return Err(CurrencyError::Unknown);
        };
        if !upper.iter().all(u8::is_ascii_alphabetic) {
            return Err(CurrencyError::Unknown);
        }
        upper.make_ascii_uppercase();
        let upper = std::str::from_utf8(&upper).map_err(|_| CurrencyError::Unknown)?;
        let currency = iso_currency::Currency::from_code(upper).ok_or(CurrencyError::Unknown)?;
        match currency.exponent() {
            Some(e) if e <= super::STORAGE_SCALE as u16 => Ok(Self(currency)),
            _ => Err(CurrencyError::NoMinorUnit),
        }
    }

    /// Every currency `parse` accepts, in code order.
    pub fn all() -> &'static [Currency] {
        static ALL: std::sync::OnceLock<Vec<Currency>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| {
            // iso_currency lists its codes only behind a feature that pulls in
            // strum; asking for every three-letter code is cheap and done once.
            let letters = b'A'..=b'Z';
            letters
                .clone()
                .flat_map(|a| {
                    letters
                        .clone()
                        .flat_map(move |b| (b'A'..=b'Z').map(move |c| [a, b, c]))
                })
                .filter_map(|code| Currency::parse(std::str::from_utf8(&code).ok()?).ok())
                .collect()
        })
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Decimal places of the minor unit: USD 2, JPY 0, KWD 3.
    pub fn exponent(&self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(0))
    }

    pub fn symbol(&self) -> String {
        self.0.symbol().to_string()
    }

    pub fn name(&self) -> &str {
        self.0.name()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = CurrencyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_exponents() {
        assert_eq!(Currency::parse("usd").unwrap().exponent(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().exponent(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().exponent(), 3);
        assert_eq!(Currency::parse("XYZ"), Err(CurrencyError::Unknown));
        assert_eq!(Currency::parse("XAU"), Err(CurrencyError::NoMinorUnit));
        assert_eq!(Currency::parse("US"), Err(CurrencyError::Unknown));
        let all = Currency::all();
        assert!(all.contains(&Currency::parse("INR").unwrap()));
        assert!(all.iter().all(|c| c.exponent() <= 4) && all.len() > 100);
    }
}
