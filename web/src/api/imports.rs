//! Imports: `/me/imports` (a Splitwise group export, a bank statement CSV
//! or Hisaab's own export; ADRs 0027 and 0029). Upload answers the preview; nothing is written until
//! `POST /me/imports/{id}/confirm`.

use super::security::BearerAuth;
use super::social::instant;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::entity::ImportId;
use hisaab_service::imports::{self, BankMapping, ImportView, UploadInput};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::multipart::Upload;
use poem_openapi::{ApiResponse, Multipart, Object, OpenApi, Tags};

#[derive(Tags)]
enum ApiTags {
    /// Bringing your data in from elsewhere.
    Imports,
}

pub struct ImportsApi;

/// A file to import, as `multipart/form-data`.
#[derive(Multipart)]
struct NewImport {
    /// The CSV file (at most 5 MB and 10,000 lines, UTF-8), or for `hisaab`
    /// the export's zip (or its `hisaab.json` alone; at most 25 MB, and
    /// `hisaab.json` at most 16 MB uncompressed).
    file: Upload,
    /// `splitwise` (a group's "export as spreadsheet" file), `bank_csv` (a
    /// bank statement, with `account_id` and the mapping) or `hisaab` (a
    /// Hisaab export: everything you owned in it, with new ids).
    kind: String,
    /// Splitwise: the person column that is you (default: the first one).
    me: Option<String>,
    /// Splitwise: the new group's name (default: from the file name).
    group_name: Option<String>,
    /// Bank: the account the records go into.
    account_id: Option<String>,
    /// Bank: the date column (its header, or its number from 1).
    mapping_date: Option<String>,
    /// Bank: the description column.
    mapping_description: Option<String>,
    /// Bank: one signed amount column (negative is money out)…
    mapping_amount: Option<String>,
    /// …or a money-out column and a money-in column.
    mapping_debit: Option<String>,
    mapping_credit: Option<String>,
    /// Bank: the running balance column (shown, not imported).
    mapping_balance: Option<String>,
    /// Bank: `YYYY-MM-DD` (default), `DD/MM/YYYY` or `MM/DD/YYYY`.
    mapping_date_format: Option<String>,
    /// Bank: `.` (default) or `,`.
    mapping_decimal: Option<String>,
}

/// A line of the file and what is wrong with it.
#[derive(Object)]
struct ImportLine {
    /// From 1, counting the header; for a Hisaab export, the record's number
    /// within its kind (the message names the kind and the id).
    line: u64,
    message: String,
}

/// A person of a Splitwise file.
#[derive(Object)]
struct ImportPerson {
    name: String,
    /// Your own column.
    me: bool,
    /// One of your contacts has this name and will be used (else a new contact is created).
    existing_contact: bool,
    /// Their balance over the whole file (positive: is owed).
    balance: String,
}

/// What one person paid and owes for an expense.
#[derive(Object)]
struct ImportShare {
    /// Index into `people`.
    person: u64,
    paid: String,
    owed: String,
}

/// An expense that will be created.
#[derive(Object)]
struct ImportExpense {
    line: u64,
    date: String,
    description: String,
    category: String,
    cost: String,
    shares: Vec<ImportShare>,
}

/// A payment that will be recorded as a group settlement.
#[derive(Object)]
struct ImportPayment {
    line: u64,
    date: String,
    description: String,
    /// Index into `people`: who paid.
    from: u64,
    /// Index into `people`: who was paid.
    to: u64,
    amount: String,
}

/// A bank row (negative is money out).
#[derive(Object)]
struct ImportRecord {
    line: u64,
    date: String,
    description: String,
    amount: String,
    balance: Option<String>,
    /// Set when the row will not be imported: it matches a record already
    /// in the account or an earlier line (same date, amount and description).
    duplicate: Option<String>,
}

/// How many records of one kind.
#[derive(Object)]
struct ImportKindCount {
    /// A key of the export's `records` (`accounts`, `transactions`, …).
    kind: String,
    count: u64,
}

/// What a Hisaab export would bring in.
#[derive(Object)]
struct ImportHisaab {
    /// When the export was made (as it says).
    exported_at: String,
    /// Whose account it was.
    exported_by: String,
    /// The records that will be created, per kind.
    counts: Vec<ImportKindCount>,
    /// Records shared with that person but kept by someone else: not imported.
    shared: Vec<ImportKindCount>,
    /// The names of those groups.
    shared_groups: Vec<String>,
    /// Notifications and audit entries: about the old account, not imported.
    skipped: Vec<ImportKindCount>,
    /// Records made by someone else's expense or payment: imported without that link.
    links_dropped: u64,
    /// Exchange rates you already have for the same day: yours are kept.
    rates_kept: u64,
    /// Your account already has records: the import adds beside them, merging nothing.
    into_non_empty: bool,
}

fn counts(v: Vec<imports::KindCount>) -> Vec<ImportKindCount> {
    v.into_iter()
        .map(|c| ImportKindCount {
            kind: c.kind,
            count: n(c.count),
        })
        .collect()
}

/// What the import would create, and every line it cannot read.
#[derive(Object)]
struct ImportPreview {
    currency: String,
    file_name: Option<String>,
    /// Unreadable lines: while there is one, confirming is a 422.
    errors: Vec<ImportLine>,
    group_name: Option<String>,
    people: Vec<ImportPerson>,
    expenses: Vec<ImportExpense>,
    payments: Vec<ImportPayment>,
    account_id: Option<String>,
    records: Vec<ImportRecord>,
    /// A Hisaab export: what it brings in.
    hisaab: Option<ImportHisaab>,
}

/// What confirming created.
#[derive(Object)]
struct ImportOutcome {
    group_id: Option<uuid::Uuid>,
    account_id: Option<uuid::Uuid>,
    contacts_created: u64,
    expenses: u64,
    payments: u64,
    records: u64,
    /// A Hisaab export: the records created, per kind.
    created: Vec<ImportKindCount>,
    /// The same file had been imported before: nothing new was written.
    already_imported: bool,
}

/// An import.
#[derive(Object)]
struct Import {
    id: uuid::Uuid,
    /// `splitwise`, `bank_csv` or `hisaab`.
    kind: String,
    /// `previewed` or `confirmed`.
    state: String,
    preview: ImportPreview,
    /// Once confirmed.
    result: Option<ImportOutcome>,
    /// RFC 3339 UTC.
    created_at: String,
    confirmed_at: Option<String>,
}

fn n(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

impl From<ImportView> for Import {
    fn from(v: ImportView) -> Self {
        let p = v.preview;
        Self {
            id: v.id.0,
            kind: v.kind,
            state: v.state,
            preview: ImportPreview {
                currency: p.currency,
                file_name: p.file_name,
                errors: p
                    .errors
                    .into_iter()
                    .map(|e| ImportLine {
                        line: n(e.line),
                        message: e.message,
                    })
                    .collect(),
                group_name: p.group_name,
                people: p
                    .people
                    .into_iter()
                    .map(|x| ImportPerson {
                        name: x.name,
                        me: x.me,
                        existing_contact: x.existing_contact,
                        balance: x.balance,
                    })
                    .collect(),
                expenses: p
                    .expenses
                    .into_iter()
                    .map(|e| ImportExpense {
                        line: n(e.line),
                        date: e.date,
                        description: e.description,
                        category: e.category,
                        cost: e.cost,
                        shares: e
                            .shares
                            .into_iter()
                            .map(|s| ImportShare {
                                person: n(s.person),
                                paid: s.paid,
                                owed: s.owed,
                            })
                            .collect(),
                    })
                    .collect(),
                payments: p
                    .payments
                    .into_iter()
                    .map(|x| ImportPayment {
                        line: n(x.line),
                        date: x.date,
                        description: x.description,
                        from: n(x.from),
                        to: n(x.to),
                        amount: x.amount,
                    })
                    .collect(),
                account_id: p.account_id,
                records: p
                    .records
                    .into_iter()
                    .map(|r| ImportRecord {
                        line: n(r.line),
                        date: r.date,
                        description: r.description,
                        amount: r.amount,
                        balance: r.balance,
                        duplicate: r.duplicate,
                    })
                    .collect(),
                hisaab: p.hisaab.map(|h| ImportHisaab {
                    exported_at: h.exported_at,
                    exported_by: h.exported_by,
                    counts: counts(h.counts),
                    shared: counts(h.shared),
                    shared_groups: h.shared_groups,
                    skipped: counts(h.skipped),
                    links_dropped: n(h.links_dropped),
                    rates_kept: n(h.rates_kept),
                    into_non_empty: h.into_non_empty,
                }),
            },
            result: v.result.map(|r| ImportOutcome {
                group_id: r.group_id,
                account_id: r.account_id,
                contacts_created: n(r.contacts_created),
                expenses: n(r.expenses),
                payments: n(r.payments),
                records: n(r.records),
                created: counts(r.created),
                already_imported: r.already_imported,
            }),
            created_at: instant(v.created_at),
            confirmed_at: v.confirmed_at.map(instant),
        }
    }
}

#[derive(ApiResponse)]
enum Uploaded {
    /// The preview: nothing is imported until it is confirmed.
    #[oai(status = 201)]
    Created(Json<Import>, #[oai(header = "Location")] String),
    /// The same file was already imported (into the same account): that import.
    #[oai(status = 200)]
    Existing(Json<Import>),
}

#[OpenApi(tag = "ApiTags::Imports")]
impl ImportsApi {
    /// Upload a file to import
    ///
    /// Reads the file and answers what it would create and every line it
    /// cannot read (with its line number); nothing is imported yet. A file
    /// that cannot be read at all (not CSV, not Splitwise's header, a
    /// mapping naming no such column, a zip without `hisaab.json`, another
    /// export format version) is a 422 on `file`. A Hisaab export lists what
    /// it would create per kind, every record it cannot read (kind, number,
    /// id and why) and the shared records that are not imported. Bank rows matching a record
    /// of the account (same date, amount and description) or an earlier
    /// line are flagged and will not be imported; the mapping is remembered
    /// for the account.
    #[oai(path = "/me/imports", method = "post")]
    async fn upload(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: NewImport,
    ) -> Result<Uploaded, ApiError> {
        let file_name = body.file.file_name().map(str::to_string);
        let bytes = body.file.into_vec().await.map_err(|_| {
            ApiError::from(hisaab_service::Error::invalid(
                "file",
                "The upload could not be read. Send the file again.",
            ))
        })?;
        let bank = body.kind.trim() == "bank_csv";
        let mapping = bank.then(|| BankMapping {
            date: body.mapping_date.unwrap_or_default(),
            description: body.mapping_description.unwrap_or_default(),
            amount: body.mapping_amount,
            debit: body.mapping_debit,
            credit: body.mapping_credit,
            balance: body.mapping_balance,
            date_format: body
                .mapping_date_format
                .unwrap_or_else(|| imports::DEFAULT_DATE_FORMAT.into()),
            decimal: body
                .mapping_decimal
                .unwrap_or_else(|| imports::DEFAULT_DECIMAL.into()),
        });
        let input = UploadInput {
            kind: body.kind,
            file_name,
            bytes,
            me: body.me,
            group_name: body.group_name,
            account_id: body.account_id,
            mapping,
        };
        let v = imports::upload_import(&state.app, &auth.0, input).await?;
        if v.state == "confirmed" {
            return Ok(Uploaded::Existing(Json(v.into())));
        }
        let location = format!("/api/v1/me/imports/{}", v.id);
        Ok(Uploaded::Created(Json(v.into()), location))
    }

    /// An import and its preview
    #[oai(path = "/me/imports/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Import>, ApiError> {
        Ok(Json(
            imports::get_import(&state.app, &auth.0, ImportId(id.0))
                .await?
                .into(),
        ))
    }

    /// Confirm an import
    ///
    /// Writes everything the preview lists in one transaction, or nothing: a
    /// preview with an unreadable line is a 422 naming the lines, a preview
    /// older than 24 hours a 409 (upload the file again). Confirming again
    /// answers the same import without writing anything.
    #[oai(path = "/me/imports/:id/confirm", method = "post")]
    async fn confirm(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Import>, ApiError> {
        Ok(Json(
            imports::confirm_import(&state.app, &auth.0, ImportId(id.0))
                .await?
                .into(),
        ))
    }
}
