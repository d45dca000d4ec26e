//! Importing Hisaab's own export (ADR 0029): the zip's `hisaab.json` (or
//! that file alone) is read and every record checked — its fields, its
//! amounts in its currency's decimals, and that each reference points to a
//! record of the file. What the person owned is imported, with new ids and
//! every link kept; what was shared with them but is kept by someone else
//! (their groups, their IOUs) is listed and not imported; notifications and
//! audit entries describe the old account and are not copied.
//!
//! The preview stores the owned records (`ImportPreview::document`), so
//! confirming writes exactly what was checked.

mod read;
mod write;

pub(super) use write::write_hisaab;

use super::{HisaabPlan, ImportPreview, KindCount, LineNote};
use crate::error::{Error, Result};
use crate::exports::{FORMAT_VERSION, KINDS};
use read::Row;
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use uuid::Uuid;

/// The largest export file read (25 MiB): the zip, or `hisaab.json` alone.
pub const MAX_EXPORT_BYTES: usize = 25 * 1024 * 1024;
/// The largest `hisaab.json`, uncompressed (16 MiB): the whole document is
/// read and checked in memory, at about 30 times its size (a 16 MiB
/// document, some 40,000 records, peaks near 500 MB), so the cap is what
/// keeps an upload from exhausting a small server. Streaming it would lift it.
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// Kinds about the old account itself: listed, never imported.
const NOT_IMPORTED: &[&str] = &["notifications", "audit_entries"];

/// `(kind, column, kinds it may point to)` for every reference between
/// records. `transactions.social_id` is not here: see [`split`].
const REFS: &[(&str, &str, &[&str])] = &[
    ("categories", "parent_id", &["categories"]),
    ("transactions", "account_id", &["accounts"]),
    ("transactions", "category_id", &["categories"]),
    ("transactions", "transfer_id", &["transfers"]),
    ("transactions", "reverses_id", &["transactions"]),
    ("transactions", "reversed_by_id", &["transactions"]),
    ("transactions", "corrects_id", &["transactions"]),
    ("transactions", "corrected_by_id", &["transactions"]),
    ("transfers", "from_account_id", &["accounts"]),
    ("transfers", "to_account_id", &["accounts"]),
    ("transfers", "from_transaction_id", &["transactions"]),
    ("transfers", "to_transaction_id", &["transactions"]),
    ("valuations", "holding_id", &["assets", "liabilities"]),
    ("loan_payments", "loan_id", &["loans"]),
    ("loan_payments", "transaction_id", &["transactions"]),
    ("contact_group_members", "contact_group_id", &["contact_groups"]),
    ("contact_group_members", "contact_id", &["contacts"]),
    ("ious", "contact_id", &["contacts"]),
    ("ious", "replaces_id", &["ious"]),
    ("ious", "replaced_by_id", &["ious"]),
    ("settlements", "group_id", &["groups"]),
    ("settlements", "peer_debt_id", &["ious"]),
    ("settlements", "from_member_id", &["members"]),
    ("settlements", "to_member_id", &["members"]),
    ("members", "group_id", &["groups"]),
    ("members", "contact_id", &["contacts"]),
    ("expenses", "group_id", &["groups"]),
    ("expenses", "category_id", &["categories"]),
    ("expense_lines", "group_id", &["groups"]),
    ("expense_lines", "expense_id", &["expenses"]),
    ("expense_lines", "member_id", &["members"]),
];

/// The social records a finance record can have been made by.
const SOCIAL_KINDS: &[&str] = &["ious", "settlements", "expenses"];

/// The owned records, per kind, as the preview stores them for confirming.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Owned {
    /// The exporting person: their `created_by` becomes the importer.
    pub person_id: Option<Uuid>,
    pub records: Map<String, Json>,
}

/// Reads `hisaab.json` from an export zip, or the bytes as that file itself.
fn document(bytes: &[u8]) -> Result<Json> {
    let text: Vec<u8> = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
            Error::invalid(
                "file",
                "The zip cannot be opened. Upload the file Hisaab's export gave you, unchanged.",
            )
        })?;
        let entry = zip.by_name("hisaab.json").map_err(|_| {
            Error::invalid("file", "The zip holds no hisaab.json: it is not a Hisaab export.")
        })?;
        let mut out = Vec::new();
        entry
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|_| Error::invalid("file", "hisaab.json in the zip cannot be read."))?;
        if out.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(Error::invalid(
                "file",
                "hisaab.json is larger than 16 MB uncompressed; it cannot be imported here.",
            ));
        }
        out
    } else if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::invalid(
            "file",
            "hisaab.json is larger than 16 MB; it cannot be imported here.",
        ));
    } else {
        bytes.to_vec()
    };
    serde_json::from_slice(&text).map_err(|e| {
        Error::invalid(
            "file",
            format!("hisaab.json is not valid JSON ({e}): it is not a Hisaab export."),
        )
    })
}

fn id_of(v: &Json, col: &str) -> Option<Uuid> {
    v.get(col)?.as_str()?.parse().ok()
}

/// Which records are the person's own: false for those shared with them
/// and kept by someone else (their groups and everything in them, their
/// IOUs and payments on them).
fn owned_flags(records: &HashMap<&'static str, Vec<Json>>) -> HashMap<&'static str, Vec<bool>> {
    let shared = |v: &Json| v.get("shared").and_then(Json::as_bool).unwrap_or(false);
    let ids_where = |kind: &str, keep: &dyn Fn(&Json) -> bool| -> HashSet<Uuid> {
        records
            .get(kind)
            .into_iter()
            .flatten()
            .filter(|v| keep(v))
            .filter_map(|v| id_of(v, "id"))
            .collect()
    };
    let shared_groups = ids_where("groups", &shared);
    let shared_ious = ids_where("ious", &shared);
    let in_shared_group = |v: &Json| id_of(v, "group_id").is_some_and(|g| shared_groups.contains(&g));
    let mut out = HashMap::new();
    for k in KINDS {
        let flags = records
            .get(k.name)
            .into_iter()
            .flatten()
            .map(|v| match k.name {
                "groups" | "ious" => !shared(v),
                "members" | "expenses" | "expense_lines" => !in_shared_group(v),
                "settlements" => {
                    !shared(v)
                        && !in_shared_group(v)
                        && !id_of(v, "peer_debt_id").is_some_and(|d| shared_ious.contains(&d))
                }
                _ => true,
            })
            .collect();
        out.insert(k.name, flags);
    }
    out
}

/// Checks one owned record by reading it into its row.
fn check_record(kind: &str, v: &Json) -> Vec<String> {
    let mut r = match Row::new(v) {
        Ok(r) => r,
        Err(why) => return vec![why],
    };
    let ok = match kind {
        "accounts" => read::account(&mut r).is_some(),
        "categories" => read::category(&mut r).is_some(),
        "transactions" => read::transaction(&mut r).is_some(),
        "transfers" => read::transfer(&mut r).is_some(),
        "assets" => read::holding(&mut r, "asset").is_some(),
        "liabilities" => read::holding(&mut r, "liability").is_some(),
        "valuations" => read::valuation(&mut r).is_some(),
        "loans" => read::loan(&mut r).is_some(),
        "loan_payments" => read::loan_payment(&mut r).is_some(),
        "exchange_rates" => read::exchange_rate(&mut r).is_some(),
        "contacts" => read::contact(&mut r).is_some(),
        "contact_groups" => read::contact_group(&mut r).is_some(),
        "contact_group_members" => read::contact_group_member(&mut r).is_some(),
        "ious" => read::iou(&mut r).is_some(),
        "settlements" => read::settlement(&mut r).is_some(),
        "groups" => read::group(&mut r).is_some(),
        "members" => read::member(&mut r).is_some(),
        "expenses" => read::expense(&mut r).is_some(),
        "expense_lines" => read::expense_line(&mut r).is_some(),
        _ => true,
    };
    if ok { Vec::new() } else { r.problems }
}

/// What reading an export found: the plan shown, every unreadable record,
/// and the owned records to store for confirming.
pub(super) struct Checked {
    pub plan: HisaabPlan,
    pub errors: Vec<LineNote>,
    pub owned: Owned,
}

/// Reads and checks an uploaded export. A file that is not an export at all
/// is an error on `file`; a record that cannot be read is listed.
pub(super) fn check(bytes: &[u8]) -> Result<Checked> {
    let doc = document(bytes)?;
    if doc.get("format").and_then(Json::as_str) != Some("hisaab-export") {
        return Err(Error::invalid(
            "file",
            "hisaab.json does not say it is a Hisaab export (format \"hisaab-export\").",
        ));
    }
    let version = doc.get("version").and_then(Json::as_u64);
    if version != Some(u64::from(FORMAT_VERSION)) {
        return Err(Error::invalid(
            "file",
            format!(
                "The export is format version {}; this Hisaab reads version {FORMAT_VERSION}.",
                version.map_or_else(|| "(none)".to_string(), |v| v.to_string())
            ),
        ));
    }
    let Some(all) = doc.get("records").and_then(Json::as_object) else {
        return Err(Error::invalid("file", "hisaab.json has no records."));
    };
    let mut records: HashMap<&'static str, Vec<Json>> = HashMap::new();
    for k in KINDS {
        match all.get(k.name) {
            Some(Json::Array(items)) => {
                records.insert(k.name, items.clone());
            }
            _ => {
                return Err(Error::invalid(
                    "file",
                    format!(
                        "hisaab.json has no list of {}: it is not a complete export.",
                        k.name
                    ),
                ));
            }
        }
    }
    let flags = owned_flags(&records);
    // Every id in the file, and the owned ones, per kind.
    let mut all_ids: HashMap<&str, HashSet<Uuid>> = HashMap::new();
    let mut owned_ids: HashMap<&str, HashSet<Uuid>> = HashMap::new();
    for k in KINDS {
        for (v, own) in records[k.name].iter().zip(&flags[k.name]) {
            if let Some(id) = id_of(v, "id") {
                all_ids.entry(k.name).or_default().insert(id);
                if *own {
                    owned_ids.entry(k.name).or_default().insert(id);
                }
            }
        }
    }
    let social: HashSet<Uuid> = SOCIAL_KINDS
        .iter()
        .flat_map(|k| owned_ids.get(k).into_iter().flatten().copied())
        .collect();

    let mut plan = HisaabPlan {
        exported_at: doc
            .get("exported_at")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .into(),
        exported_by: doc
            .pointer("/person/email")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .into(),
        ..HisaabPlan::default()
    };
    let mut errors = Vec::new();
    let mut owned = Owned {
        person_id: doc
            .pointer("/person/id")
            .and_then(Json::as_str)
            .and_then(|s| s.parse().ok()),
        records: Map::new(),
    };
    for k in KINDS {
        let items = &records[k.name];
        if NOT_IMPORTED.contains(&k.name) {
            if !items.is_empty() {
                plan.skipped.push(KindCount::of(k.name, items.len()));
            }
            continue;
        }
        let mut kept = Vec::new();
        let mut seen = HashSet::new();
        let mut shared = 0;
        for (i, (v, own)) in items.iter().zip(&flags[k.name]).enumerate() {
            if !own {
                shared += 1;
                if k.name == "groups" {
                    plan.shared_groups
                        .push(v.get("name").and_then(Json::as_str).unwrap_or_default().into());
                }
                continue;
            }
            let mut problems = check_record(k.name, v);
            if let Some(id) = id_of(v, "id")
                && !seen.insert(id)
            {
                problems.push("id appears twice in the file".into());
            }
            for (_, col, targets) in REFS.iter().filter(|(kind, ..)| *kind == k.name) {
                let Some(target) = id_of(v, col) else { continue };
                let in_kinds = |ids: &HashMap<&str, HashSet<Uuid>>| {
                    targets
                        .iter()
                        .any(|t| ids.get(t).is_some_and(|s| s.contains(&target)))
                };
                if in_kinds(&owned_ids) {
                    continue;
                }
                problems.push(if in_kinds(&all_ids) {
                    format!("{col} points to a record kept by someone else")
                } else {
                    format!("{col} points to no {} record in the file", targets.join(" or "))
                });
            }
            if k.name == "transactions" && id_of(v, "social_id").is_some_and(|s| !social.contains(&s)) {
                // Made by someone else's expense or payment: the record is
                // kept, the link to what is not imported is not.
                plan.links_dropped += 1;
            }
            if !problems.is_empty() {
                let id = v.get("id").and_then(Json::as_str).unwrap_or("no id");
                errors.push(LineNote {
                    line: i + 1,
                    message: format!("{} #{} ({id}): {}.", k.name, i + 1, problems.join("; ")),
                });
            }
            kept.push(v.clone());
        }
        if shared > 0 {
            plan.shared.push(KindCount::of(k.name, shared));
        }
        plan.counts.push(KindCount::of(k.name, kept.len()));
        owned.records.insert(k.name.to_string(), Json::Array(kept));
    }
    Ok(Checked { plan, errors, owned })
}

/// The preview of a checked export (the caller adds what depends on the
/// importing account).
pub(super) fn preview(checked: Checked, file_name: Option<String>) -> Result<ImportPreview> {
    Ok(ImportPreview {
        kind: "hisaab".into(),
        file_name,
        errors: checked.errors,
        hisaab: Some(checked.plan),
        document: Some(serde_json::to_string(&checked.owned).map_err(anyhow::Error::from)?),
        ..ImportPreview::default()
    })
}
