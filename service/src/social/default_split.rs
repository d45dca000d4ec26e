//! A group's default split: the percentages that pre-fill the expense form
//! (say 60/40 for a couple). Stored on the group as JSON, a list of
//! `{"member_id", "percent"}`; every member listed is a current member, each
//! percentage is greater than 0 and at most 100 with at most 4 decimal places
//! (the percentage split's own rules), and together they add up to exactly
//! 100. Members left out share nothing by default.

use super::groups::MemberView;
use crate::error::{Error, Result};
use crate::input::Problems;
use hisaab_entity::social::GroupMemberId;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::str::FromStr;

/// One member's percentage of the default split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultShare {
    pub member_id: GroupMemberId,
    pub percent: Decimal,
}

/// One member's percentage as typed (a form field or a JSON string).
#[derive(Clone, Debug, Default)]
pub struct DefaultShareInput {
    pub member_id: String,
    pub percent: String,
}

/// The stored form of one share (entity ids carry no serde).
#[derive(Serialize, Deserialize)]
struct Stored {
    member_id: uuid::Uuid,
    percent: Decimal,
}

/// The stored split (`None` when the group has none).
pub(crate) fn decode(stored: Option<&str>) -> Result<Option<Vec<DefaultShare>>> {
    let Some(text) = stored else { return Ok(None) };
    let rows: Vec<Stored> = serde_json::from_str(text)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored default split {text:?}: {e}")))?;
    Ok(Some(
        rows.into_iter()
            .map(|r| DefaultShare {
                member_id: GroupMemberId(r.member_id),
                percent: r.percent,
            })
            .collect(),
    ))
}

pub(crate) fn encode(split: &[DefaultShare]) -> Result<String> {
    serde_json::to_string(&to_stored(split)).map_err(|e| Error::Internal(e.into()))
}

fn to_stored(split: &[DefaultShare]) -> Vec<Stored> {
    split
        .iter()
        .map(|s| Stored {
            member_id: s.member_id.0,
            percent: s.percent,
        })
        .collect()
}

/// The stored split as JSON for an activity line's before → after (`null` when none).
pub(crate) fn as_json(stored: Option<&str>) -> Result<serde_json::Value> {
    Ok(match decode(stored)? {
        Some(split) => serde_json::to_value(to_stored(&split)).map_err(|e| Error::Internal(e.into()))?,
        None => serde_json::Value::Null,
    })
}

/// Parses and checks a default split against the group's current members.
/// An empty list is refused (clearing the split is `null`, not `[]`).
pub(crate) fn parse(
    p: &mut Problems,
    input: &[DefaultShareInput],
    members: &[MemberView],
) -> Option<Vec<DefaultShare>> {
    let mut bad = false;
    let mut out = Vec::with_capacity(input.len());
    let mut seen = HashSet::new();
    for (i, share) in input.iter().enumerate() {
        let field = format!("default_split[{i}].member_id");
        let member = p.id::<GroupMemberId>(&field, &share.member_id);
        let member = member.and_then(|id| {
            if !members.iter().any(|m| m.id == id) {
                p.add(&field, "Choose a member of this group.");
                None
            } else if !seen.insert(id) {
                p.add(&field, "This member is listed twice; list each member once.");
                None
            } else {
                Some(id)
            }
        });
        let field = format!("default_split[{i}].percent");
        let raw = share.percent.as_str();
        let ok_chars =
            !raw.is_empty() && raw.len() <= 12 && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let percent = match Decimal::from_str(raw).ok().filter(|_| ok_chars) {
            None => {
                p.add(&field, "Enter a percentage like 60 or 33.5.");
                None
            }
            Some(d) if d <= Decimal::ZERO || d > Decimal::ONE_HUNDRED => {
                p.add(&field, "Enter a percentage greater than 0 and at most 100.");
                None
            }
            Some(d) if d.normalize().scale() > 4 => {
                p.add(&field, "Use at most 4 decimal places for a percentage.");
                None
            }
            Some(d) => Some(d.normalize()),
        };
        match (member, percent) {
            (Some(member_id), Some(percent)) => out.push(DefaultShare { member_id, percent }),
            _ => bad = true,
        }
    }
    if input.is_empty() {
        p.add(
            "default_split",
            "Give at least one member a percentage, or clear the default split.",
        );
        return None;
    }
    if bad {
        return None;
    }
    let total: Decimal = out.iter().map(|s| s.percent).sum();
    if total != Decimal::ONE_HUNDRED {
        p.add(
            "default_split",
            format!(
                "The percentages add up to {}, not 100. Change them so they add up to exactly 100.",
                total.normalize()
            ),
        );
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(n: u128) -> MemberView {
        MemberView {
            id: GroupMemberId(uuid::Uuid::from_u128(n)),
            contact_id: None,
            name: format!("m{n}"),
            viewer: false,
            removed: false,
        }
    }

    fn share(n: u128, percent: &str) -> DefaultShareInput {
        DefaultShareInput {
            member_id: uuid::Uuid::from_u128(n).to_string(),
            percent: percent.into(),
        }
    }

    #[test]
    fn sixty_forty_is_kept() {
        let mut p = Problems::default();
        let got = parse(
            &mut p,
            &[share(1, "60"), share(2, "40.0")],
            &[member(1), member(2)],
        )
        .unwrap();
        assert_eq!(got[1].percent, Decimal::from(40));
        assert!(p.is_empty());
        let stored = encode(&got).unwrap();
        assert_eq!(decode(Some(&stored)).unwrap(), Some(got));
    }

    #[test]
    fn mistakes_name_their_field() {
        let members = [member(1), member(2)];
        let cases: &[(&[DefaultShareInput], &str)] = &[
            (&[share(1, "60"), share(2, "30")], "default_split"),
            (&[share(1, "60"), share(3, "40")], "default_split[1].member_id"),
            (&[share(1, "60"), share(1, "40")], "default_split[1].member_id"),
            (&[share(1, "sixty"), share(2, "40")], "default_split[0].percent"),
            (&[share(1, "0"), share(2, "100")], "default_split[0].percent"),
            (
                &[share(1, "50.00001"), share(2, "49.99999")],
                "default_split[0].percent",
            ),
            (&[], "default_split"),
        ];
        for (input, field) in cases {
            let mut p = Problems::default();
            assert!(parse(&mut p, input, &members).is_none(), "{field}");
            assert!(p.has(field), "{field}: {p:?}");
        }
    }
}
