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
