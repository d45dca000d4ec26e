//! Which accounts the console's user list shows (and its CSV download and
//! bulk actions act on): a search plus role, plan, verified, locked and a
//! range of sign-up dates. The query names are the console's contract
//! (`/users?locked=true`, `/users?verified=false` are linked from elsewhere).

use super::{parse_role, role_name};
use crate::error::Result;
use crate::input::Problems;
use hisaab_entity::user::{self, Role};
use sea_orm::{ColumnTrait, Condition};
use serde::Deserialize;
use serde_json::{Value, json};
use time::{Date, Duration, OffsetDateTime, Time};

/// The filter as a query string carries it: every field as typed, blank
/// for "any".
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RawUserFilter {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub verified: String,
    #[serde(default)]
    pub locked: String,
    #[serde(default)]
    pub created_from: String,
    #[serde(default)]
    pub created_to: String,
}

/// A checked filter; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// Part of the email or name, any case.
    pub q: String,
    pub role: Option<Role>,
    /// `user` or `premium`: the non-staff roles.
    pub plan: Option<Role>,
    pub verified: Option<bool>,
    /// Locked now (a staff lock or a lockout that has not run out).
    pub locked: Option<bool>,
    /// Signed up on or after this day (UTC).
    pub created_from: Option<Date>,
    /// Signed up on or before this day (UTC).
    pub created_to: Option<Date>,
}

/// Longer than any email address: a search beyond is cut.
const MAX_QUERY: usize = 254;

/// PostgreSQL refuses NUL in text where SQLite would accept it: control
/// characters never reach a query.
pub fn clean_text(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_QUERY)
        .collect()
}

fn yes_no(p: &mut Problems, field: &str, raw: &str) -> Option<Option<bool>> {
    match raw.trim() {
        "" => Some(None),
        "true" => Some(Some(true)),
        "false" => Some(Some(false)),
        _ => {
            p.add(field, "Choose true or false (or leave it out for either).");
            None
        }
    }
}

fn one_of(
    p: &mut Problems,
    field: &str,
    raw: &str,
    parse: fn(&str) -> Option<Role>,
    words: &str,
) -> Option<Option<Role>> {
    match raw.trim() {
        "" => Some(None),
        text => match parse(text) {
            Some(role) => Some(Some(role)),
            None => {
                p.add(field, format!("Choose one of {words}."));
                None
            }
        },
    }
}

impl UserFilter {
    /// Checks every field; a word or date it does not know is a 422 naming
    /// the field.
    pub fn parse(raw: &RawUserFilter) -> Result<Self> {
        let mut p = Problems::default();
        let role = one_of(
            &mut p,
            "role",
            &raw.role,
            parse_role,
            "user, premium, support, superadmin",
        );
        let plan = one_of(
            &mut p,
            "plan",
            &raw.plan,
            super::support::parse_plan,
            "user, premium",
        );
        let verified = yes_no(&mut p, "verified", &raw.verified);
        let locked = yes_no(&mut p, "locked", &raw.locked);
        let from = p.optional_date("created_from", Some(&raw.created_from));
        let to = p.optional_date("created_to", Some(&raw.created_to));
        if let (Some(Some(from)), Some(Some(to))) = (from, to)
            && to < from
        {
            p.add("created_to", "The end date is before the start date.");
        }
        let (role, plan, verified, locked, created_from, created_to) =
            p.finish_with((role, plan, verified, locked, from, to))?;
        Ok(Self {
            q: clean_text(&raw.q),
            role,
            plan,
            verified,
            locked,
            created_from,
            created_to,
        })
    }

    /// The filter as SQL, as of `now` (what "locked" means changes with time).
    pub fn condition(&self, now: OffsetDateTime) -> Condition {
        let mut all = Condition::all();
        let q = self.q.to_lowercase();
        if !q.is_empty() {
            all = all.add(
                Condition::any()
                    .add(user::Column::Email.contains(&q))
                    .add(user::Column::DisplayName.contains(&q)),
            );
        }
        for role in [self.role, self.plan].into_iter().flatten() {
            all = all.add(user::Column::Role.eq(role));
        }
        if let Some(verified) = self.verified {
            all = all.add(user::Column::EmailVerified.eq(verified));
        }
        match self.locked {
            Some(true) => all = all.add(user::Column::LockedUntil.gt(now)),
            Some(false) => {
                all = all.add(
                    Condition::any()
                        .add(user::Column::LockedUntil.is_null())
                        .add(user::Column::LockedUntil.lte(now)),
                )
            }
            None => {}
        }
        if let Some(from) = self.created_from {
            all = all.add(user::Column::CreatedAt.gte(from.with_time(Time::MIDNIGHT).assume_utc()));
        }
        if let Some(to) = self.created_to {
            let next_day = to.with_time(Time::MIDNIGHT).assume_utc() + Duration::days(1);
            all = all.add(user::Column::CreatedAt.lt(next_day));
        }
        all
    }

    /// The fields that narrow the list, as query pairs (for links that keep
    /// the filter: "Load more", the CSV, the bulk actions).
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let date = |d: Option<Date>| d.map(crate::input::format_date);
        [
            ("q", Some(self.q.clone()).filter(|q| !q.is_empty())),
            ("role", self.role.map(|r| role_name(r).to_string())),
            ("plan", self.plan.map(|r| role_name(r).to_string())),
            ("verified", self.verified.map(|b| b.to_string())),
            ("locked", self.locked.map(|b| b.to_string())),
            ("created_from", date(self.created_from)),
            ("created_to", date(self.created_to)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }

    /// The filter as the audit log records it (exports, bulk actions).
    pub fn to_json(&self) -> Value {
        let map: serde_json::Map<String, Value> = self
            .query_pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        Value::Object(map)
    }

    /// Whether anything beyond "every account" is asked for.
    pub fn is_empty(&self) -> bool {
        self.query_pairs().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawUserFilter {
        let mut r = RawUserFilter::default();
        for (k, v) in pairs {
            let v = v.to_string();
            match *k {
                "q" => r.q = v,
                "role" => r.role = v,
                "plan" => r.plan = v,
                "verified" => r.verified = v,
                "locked" => r.locked = v,
                "created_from" => r.created_from = v,
                "created_to" => r.created_to = v,
                _ => unreachable!(),
            }
        }
        r
    }

    #[test]
    fn blank_is_any_and_words_are_checked() {
        assert_eq!(UserFilter::parse(&raw(&[])).unwrap(), UserFilter::default());
        let f = UserFilter::parse(&raw(&[
            ("role", "support"),
            ("verified", "false"),
            ("created_from", "2026-11-01"),
        ]))
        .unwrap();
        assert_eq!(f.role, Some(Role::Support));
        assert_eq!(f.verified, Some(false));
        assert_eq!(
            f.query_pairs(),
            vec![
                ("role", "support".to_string()),
                ("verified", "false".to_string()),
                ("created_from", "2026-11-01".to_string()),
            ]
        );
        for bad in [
            ("role", "root"),
            ("plan", "support"),
            ("locked", "yes"),
            ("created_to", "tomorrow"),
        ] {
            match UserFilter::parse(&raw(&[bad])) {
                Err(crate::Error::Invalid { errors, .. }) => assert_eq!(errors[0].field, bad.0),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert!(
            UserFilter::parse(&raw(&[
                ("created_from", "2026-11-02"),
                ("created_to", "2026-11-01")
            ]))
            .is_err()
        );
    }

    #[test]
    fn search_text_loses_control_characters() {
        assert_eq!(clean_text("ali\0ce@exa\u{7f}mple.com"), "alice@example.com");
        assert_eq!(clean_text(&"a".repeat(500)).len(), MAX_QUERY);
    }
}
