//! What an import would create and what it created, as stored (JSON) and shown.

use super::BankMapping;
use crate::entity::ImportId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A line of the file and what is wrong with it (or why it is skipped).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineNote {
    pub line: usize,
    pub message: String,
}

/// A person of a Splitwise file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPlan {
    pub name: String,
    /// The importer's own column.
    pub me: bool,
    /// A contact with this name exists and will be used.
    pub existing_contact: bool,
    /// Their balance over the whole file (positive: is owed).
    pub balance: String,
}

/// What one person paid and owes for an expense (index into `people`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharePlan {
    pub person: usize,
    pub paid: String,
    pub owed: String,
}

/// An expense that will be created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpensePlan {
    pub line: usize,
    pub date: String,
    pub description: String,
    pub category: String,
    pub cost: String,
    pub shares: Vec<SharePlan>,
}

/// A payment between two people, recorded as a group settlement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPlan {
    pub line: usize,
    pub date: String,
    pub description: String,
    pub from: usize,
    pub to: usize,
    pub amount: String,
}

/// A bank row: signed amount (negative is money out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordPlan {
    pub line: usize,
    pub date: String,
    pub description: String,
    pub amount: String,
    pub balance: Option<String>,
    /// Why it will not be imported: it matches a record already there or an earlier line.
    pub duplicate: Option<String>,
}

/// How many records of one kind (a key of `hisaab.json`'s `records`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: String,
    pub count: usize,
}

impl KindCount {
    pub fn of(kind: &str, count: usize) -> Self {
        Self {
            kind: kind.into(),
            count,
        }
    }
}

/// What a Hisaab export would bring in (ADR 0029).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HisaabPlan {
    /// When the export was made, as it says (RFC 3339).
    pub exported_at: String,
    /// Whose account it was (their email then).
    pub exported_by: String,
    /// The records that will be created, per kind, in the export's order.
    pub counts: Vec<KindCount>,
    /// Records shared with the exporter but kept by someone else (their
    /// groups and everything in them, their IOUs and payments on them): not imported.
    pub shared: Vec<KindCount>,
    /// The names of those groups.
    pub shared_groups: Vec<String>,
    /// Kinds about the old account itself (notifications, audit entries): not imported.
    pub skipped: Vec<KindCount>,
    /// Records made by someone else's expense or payment: imported, without that link.
    pub links_dropped: usize,
    /// Exchange rates this account already has for the same day: its own are kept.
    pub rates_kept: usize,
    /// The account already has records: the import adds beside them, merging nothing.
    pub into_non_empty: bool,
}

/// What an import would create, as shown before confirming.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub kind: String,
    pub file_name: Option<String>,
    pub currency: String,
    /// Lines that cannot be read: while there is one, the import cannot be confirmed.
    pub errors: Vec<LineNote>,
    pub group_name: Option<String>,
    pub people: Vec<PersonPlan>,
    pub expenses: Vec<ExpensePlan>,
    pub payments: Vec<PaymentPlan>,
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub mapping: Option<BankMapping>,
    pub records: Vec<RecordPlan>,
    /// A Hisaab export: what it brings in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hisaab: Option<HisaabPlan>,
    /// A Hisaab export: its owned records as checked, written on confirming
    /// (not shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

impl ImportPreview {
    /// Bank rows that will be imported (not flagged as duplicates).
    pub fn new_records(&self) -> usize {
        self.records.iter().filter(|r| r.duplicate.is_none()).count()
    }
}

/// What confirming created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResult {
    pub group_id: Option<uuid::Uuid>,
    pub account_id: Option<uuid::Uuid>,
    pub contacts_created: usize,
    pub expenses: usize,
    pub payments: usize,
    pub records: usize,
    /// A Hisaab export: the records created, per kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created: Vec<KindCount>,
    /// Another import of the same file had already written it: nothing new was.
    pub already_imported: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportView {
    pub id: ImportId,
    pub kind: String,
    /// previewed or confirmed.
    pub state: String,
    pub preview: ImportPreview,
    pub result: Option<ImportResult>,
    pub created_at: OffsetDateTime,
    pub confirmed_at: Option<OffsetDateTime>,
}

/// An uploaded file and what the person said about it.
#[derive(Clone, Debug, Default)]
pub struct UploadInput {
    pub kind: String,
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
    /// Splitwise: the person column that is you (default: the first).
    pub me: Option<String>,
    /// Splitwise: the new group's name (default: from the file name).
    pub group_name: Option<String>,
    /// Bank: the account the records go into.
    pub account_id: Option<String>,
    /// Bank: the columns.
    pub mapping: Option<BankMapping>,
}
