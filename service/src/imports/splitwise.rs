//! Reading Splitwise's per-group "export as spreadsheet" file (pure; ADR 0027).
//!
//! The header is `Date,Description,Category,Cost,Currency,<person>…`; each
//! person's cell is their net for the row (what they paid minus their share:
//! positive is owed, negative owes), so a row's nets sum to zero. Blank lines
//! and the closing `Total balance` row are skipped.
//!
//! Splitwise does not say who paid, so an expense is rebuilt by one rule
//! that reproduces every net exactly and whose shares sum to the cost:
//!
//! | who | paid | share |
//! |---|---|---|
//! | the largest positive net (first column on a tie) | cost − the other positive nets | cost − all positive nets |
//! | any other positive net | their net | 0 |
//! | a negative net | 0 | −net |
//! | nobody positive (all nets 0) | the first person paid the whole cost | and owes it all |
//!
//! A `Payment` row moves money between exactly two people and becomes a
//! group settlement from the person with the positive net to the other.

use super::csv::Row;
use super::{ExpensePlan, LineNote, PaymentPlan, SharePlan};
use crate::input::{format_date, iso_date};
use crate::money::{Currency, Money};

/// The fixed columns before the people.
const FIXED: [&str; 5] = ["date", "description", "category", "cost", "currency"];

/// What a Splitwise file holds, read and checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SplitwiseFile {
    pub people: Vec<String>,
    pub currency: Option<Currency>,
    pub expenses: Vec<ExpensePlan>,
    pub payments: Vec<PaymentPlan>,
    /// Every line that could not be read: the import is blocked while there is one.
    pub errors: Vec<LineNote>,
}

fn note(line: usize, message: impl Into<String>) -> LineNote {
    LineNote {
        line,
        message: message.into(),
    }
}

/// Reads the rows of a Splitwise export. A header that is not Splitwise's is
/// the only error returned as `Err` (the whole file is wrong); a bad row is
/// listed in `errors` with its line number.
pub(crate) fn parse(rows: &[Row]) -> Result<SplitwiseFile, String> {
    let mut rows = rows.iter().filter(|r| !r.is_blank());
    let Some(header) = rows.next() else {
        return Err("The file is empty.".into());
    };
    let names: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    let fixed_ok =
        names.len() > FIXED.len() && names.iter().zip(FIXED).all(|(n, f)| n.eq_ignore_ascii_case(f));
    if !fixed_ok {
        return Err("This is not a Splitwise export: its first line should be Date,Description,Category,Cost,Currency followed by one column per person.".into());
    }
    let people: Vec<String> = names[FIXED.len()..].to_vec();
    let mut file = SplitwiseFile {
        people: people.clone(),
        ..SplitwiseFile::default()
    };
    let mut seen = std::collections::HashSet::new();
    for p in &people {
        if p.is_empty() || p.chars().count() > 100 {
            return Err("Every person column needs a name of at most 100 characters.".into());
        }
        if !seen.insert(p.to_lowercase()) {
            return Err(format!("Two person columns are both called “{p}”."));
        }
    }
    for row in rows {
        let first = row.cells.first().map(|c| c.trim()).unwrap_or("");
        if first.eq_ignore_ascii_case("total balance")
            || row
                .cells
                .get(1)
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("total balance"))
        {
            continue;
        }
        match read_row(row, &people, &mut file.currency) {
            Ok(Read::Expense(e)) => file.expenses.push(e),
            Ok(Read::Payment(p)) => file.payments.push(p),
            Err(message) => file.errors.push(note(row.line, message)),
        }
    }
    if file.expenses.is_empty() && file.payments.is_empty() && file.errors.is_empty() {
        return Err("The file has no expenses.".into());
    }
    Ok(file)
}

enum Read {
    Expense(ExpensePlan),
    Payment(PaymentPlan),
}

fn read_row(row: &Row, people: &[String], currency: &mut Option<Currency>) -> Result<Read, String> {
    let want = FIXED.len() + people.len();
    if row.cells.len() != want {
        return Err(format!(
            "This line has {} cells; the header has {want}.",
            row.cells.len()
        ));
    }
    let cell = |i: usize| row.cells[i].trim();
    let date = iso_date(cell(0)).ok_or_else(|| format!("“{}” is not a date like 2024-01-31.", cell(0)))?;
    let description = cell(1).to_string();
    if description.is_empty() || description.chars().count() > 200 {
        return Err("The description must be 1 to 200 characters.".into());
    }
    let category = cell(2).to_string();
    let cur = Currency::parse(cell(4)).map_err(|_| format!("“{}” is not a currency code.", cell(4)))?;
    match currency {
        Some(c) if *c != cur => {
            return Err(format!(
                "This line is in {cur} but the group is in {c}; a group has one currency."
            ));
        }
        Some(_) => {}
        None => *currency = Some(cur),
    }
    let amount = |i: usize, what: &str| {
        Money::parse(cell(i), cur)
            .map(|m| m.to_minor())
            .map_err(|_| format!("{what} “{}” is not an amount in {cur}.", cell(i)))
    };
    let cost = amount(3, "The cost")?;
    if cost <= 0 {
        return Err("The cost must be more than 0.".into());
    }
    let nets = people
        .iter()
        .enumerate()
        .map(|(i, name)| amount(FIXED.len() + i, &format!("{name}'s amount")))
        .collect::<Result<Vec<i64>, String>>()?;
    let sum: i64 = nets.iter().sum();
    if sum != 0 {
        return Err(format!(
            "The people's amounts add up to {}, not 0.",
            Money::from_minor(sum, cur)
        ));
    }
    let positive: i64 = nets.iter().filter(|n| **n > 0).sum();
    if positive > cost {
        return Err(format!(
            "People are owed {} in all, more than the cost.",
            Money::from_minor(positive, cur)
        ));
    }
    let date = format_date(date);
    let money = |m: i64| Money::from_minor(m, cur).to_string();
    if category.eq_ignore_ascii_case("payment") {
        let from: Vec<usize> = (0..nets.len()).filter(|i| nets[*i] > 0).collect();
        let to: Vec<usize> = (0..nets.len()).filter(|i| nets[*i] < 0).collect();
        if from.len() != 1 || to.len() != 1 {
            return Err("A payment must be from one person to one other.".into());
        }
        return Ok(Read::Payment(PaymentPlan {
            line: row.line,
            date,
            description,
            from: from[0],
            to: to[0],
            amount: money(nets[from[0]]),
        }));
    }
    let (paid, owed) = reconstruct(cost, &nets);
    let shares = (0..nets.len())
        .filter(|i| paid[*i] != 0 || owed[*i] != 0)
        .map(|i| SharePlan {
            person: i,
            paid: money(paid[i]),
            owed: money(owed[i]),
        })
        .collect();
    Ok(Read::Expense(ExpensePlan {
        line: row.line,
        date,
        description,
        category,
        cost: money(cost),
        shares,
    }))
}

/// What each person paid and owes (minor units) for `cost` given their
/// nets, by the rule in the module doc. The caller has checked that the nets
/// sum to 0 and the positive ones to at most `cost`.
pub(crate) fn reconstruct(cost: i64, nets: &[i64]) -> (Vec<i64>, Vec<i64>) {
    let mut paid = vec![0; nets.len()];
    let mut owed = vec![0; nets.len()];
    let positive: i64 = nets.iter().filter(|n| **n > 0).sum();
    let main = nets
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .fold(None::<(usize, i64)>, |best, (i, n)| match best {
            Some((_, b)) if b >= *n => best,
            _ => Some((i, *n)),
        });
    let Some((main, _)) = main else {
        paid[0] = cost;
        owed[0] = cost;
        return (paid, owed);
    };
    for (i, n) in nets.iter().enumerate() {
        if i == main {
            paid[i] = cost - (positive - n);
            owed[i] = cost - positive;
        } else if *n > 0 {
            paid[i] = *n;
        } else {
            owed[i] = -n;
        }
    }
    (paid, owed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::csv::read;

    fn file(text: &str) -> SplitwiseFile {
        parse(&read(text, ',').unwrap()).unwrap()
    }

    #[test]
    fn rebuilds_one_payer() {
        let f = file(
            "Date,Description,Category,Cost,Currency,Asha,Bilal,Chen\n\
             2024-01-05,Dinner,Dining out,90.00,USD,60.00,-30.00,-30.00\n\n\
             2024-01-06,Total balance, , ,USD,60.00,-30.00,-30.00\n",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.expenses.len(), 1);
        let e = &f.expenses[0];
        assert_eq!(e.line, 2);
        assert_eq!(e.cost, "90.00");
        let s: Vec<(usize, &str, &str)> = e
            .shares
            .iter()
            .map(|s| (s.person, s.paid.as_str(), s.owed.as_str()))
            .collect();
        assert_eq!(
            s,
            vec![(0, "90.00", "30.00"), (1, "0.00", "30.00"), (2, "0.00", "30.00")]
        );
    }

    #[test]
    fn two_positive_nets_keep_every_net_and_the_cost() {
        let nets = [3000, 2000, -5000, 0];
        let (paid, owed) = reconstruct(10000, &nets);
        assert_eq!(paid, vec![8000, 2000, 0, 0]);
        assert_eq!(owed, vec![5000, 0, 5000, 0]);
        for i in 0..nets.len() {
            assert_eq!(paid[i] - owed[i], nets[i]);
        }
        assert_eq!(owed.iter().sum::<i64>(), 10000);
        assert_eq!(paid.iter().sum::<i64>(), 10000);
    }

    #[test]
    fn nobody_owed_means_the_first_person_paid_for_themselves() {
        assert_eq!(reconstruct(500, &[0, 0]), (vec![500, 0], vec![500, 0]));
    }

    #[test]
    fn reconstruction_holds_for_many_rows() {
        // Deterministic pseudo-random rows: every net kept, shares sum to the cost.
        let mut seed: u64 = 7;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..2000 {
            let n = 2 + next(5) as usize;
            let owed: Vec<i64> = (0..n).map(|_| next(5000) as i64).collect();
            let cost: i64 = owed.iter().sum::<i64>() + 1;
            let mut paid = vec![0i64; n];
            let mut left = cost;
            for p in paid.iter_mut().take(n - 1) {
                let x = next(left as u64 + 1) as i64;
                *p = x;
                left -= x;
            }
            paid[n - 1] = left;
            let mut owed = owed;
            owed[0] += 1;
            let nets: Vec<i64> = (0..n).map(|i| paid[i] - owed[i]).collect();
            let (p2, o2) = reconstruct(cost, &nets);
            assert_eq!(o2.iter().sum::<i64>(), cost);
            assert!(p2.iter().chain(o2.iter()).all(|v| *v >= 0));
            for i in 0..n {
                assert_eq!(p2[i] - o2[i], nets[i]);
            }
        }
    }

    #[test]
    fn a_payment_is_a_settlement() {
        let f = file(
            "Date,Description,Category,Cost,Currency,Asha,Bilal\n\
             2024-01-07,Bilal paid Asha,Payment,25.00,USD,-25.00,25.00\n",
        );
        assert_eq!(f.payments.len(), 1);
        assert_eq!((f.payments[0].from, f.payments[0].to), (1, 0));
        assert_eq!(f.payments[0].amount, "25.00");
    }

    #[test]
    fn bad_lines_are_listed_with_their_numbers() {
        let f = file(
            "Date,Description,Category,Cost,Currency,Asha,Bilal\n\
             2024-01-05,Ok,General,10.00,USD,5.00,-5.00\n\
             2024-13-05,Bad date,General,10.00,USD,5.00,-5.00\n\
             2024-01-06,Off,General,10.00,USD,5.00,-4.00\n\
             2024-01-06,Yen,General,10,JPY,5,-5\n\
             2024-01-06,Too fine,General,10.001,USD,5.00,-5.00\n",
        );
        let lines: Vec<usize> = f.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(
            f.errors[1].message.contains("add up to 1.00"),
            "{}",
            f.errors[1].message
        );
    }

    #[test]
    fn a_foreign_header_is_refused() {
        assert!(parse(&read("Date,Amount\n2024-01-01,3\n", ',').unwrap()).is_err());
    }
}
