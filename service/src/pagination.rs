//! Opaque, stable list cursors (API.md "Lists"): a cursor encodes the sort key
//! and id of the last item seen plus a hash of the filters that produced it,
//! so it stays valid under inserts and cannot be replayed against other filters.

use crate::crypto;
use crate::error::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// The position after which the next page starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort key of the last item (a date, a timestamp, a name…), as text.
    pub key: String,
    /// The id of the last item: breaks ties between equal keys.
    pub id: String,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    k: String,
    i: String,
    f: String,
}

/// A short fingerprint of the filters (anything serializable).
pub fn filter_tag<F: Serialize + ?Sized>(filters: &F) -> String {
    let canonical = serde_json::to_value(filters)
        .map(|v| v.to_string())
        .unwrap_or_default();
    crypto::sha256_hex(canonical.as_bytes())[..12].to_string()
}

pub fn encode(cursor: &Cursor, filter_tag: &str) -> String {
    let wire = Wire {
        k: cursor.key.clone(),
        i: cursor.id.clone(),
        f: filter_tag.to_string(),
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&wire).expect("cursor serializes"))
}

/// Decodes a cursor made for the same filters; anything else is a 422 on `cursor`.
pub fn decode(text: &str, filter_tag: &str) -> Result<Cursor> {
    let invalid = || Error::invalid("cursor", "is not a cursor from this list; start again without it");
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| invalid())?;
    let wire: Wire = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if wire.f != filter_tag {
        return Err(Error::invalid(
            "cursor",
            "was made for different filters; start again without it",
        ));
    }
    Ok(Cursor {
        key: wire.k,
        id: wire.i,
    })
}

/// Checks `?limit=`: 1..=200, default 50.
pub fn limit(requested: Option<u64>) -> Result<u64> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(Error::invalid(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        )),
    }
}

/// One page of results.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only says
    /// whether there is more.
    pub fn from_rows(
        mut rows: Vec<T>,
        limit: u64,
        filter_tag: &str,
        cursor_of: impl Fn(&T) -> Cursor,
    ) -> Self {
        let next_cursor = if rows.len() as u64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|last| encode(&cursor_of(last), filter_tag))
        } else {
            None
        };
        Self {
            items: rows,
            next_cursor,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_are_tied_to_filters() {
        let c = Cursor {
            key: "2026-11-25".into(),
            id: "abc".into(),
        };
        let tag = filter_tag(&("acct", 1));
        let text = encode(&c, &tag);
        assert_eq!(decode(&text, &tag).unwrap(), c);
        assert!(decode(&text, &filter_tag(&("other", 1))).is_err());
        assert!(decode("garbage!!", &tag).is_err());
        assert_eq!(limit(None).unwrap(), 50);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(201)).is_err());
    }

    #[test]
    fn pages_know_when_there_is_more() {
        let page = Page::from_rows(vec![1, 2, 3], 2, "t", |n| Cursor {
            key: n.to_string(),
            id: n.to_string(),
        });
        assert_eq!(page.items, vec![1, 2]);
        let next = decode(page.next_cursor.as_deref().unwrap(), "t").unwrap();
        assert_eq!(next.key, "2");
        let last = Page::from_rows(vec![1], 2, "t", |n| Cursor {
            key: n.to_string(),
            id: n.to_string(),
        });
        assert!(last.next_cursor.is_none());
    }
}
