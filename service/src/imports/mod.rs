//! Importing data (issue 14, ADR 0027): a Splitwise group export, or a bank
//! statement CSV into one account.
//!
//! An upload is read at once and its preview stored (`imports`): what would
//! be created and every line that cannot be read. Nothing else is written
//! until the person confirms; confirming re-checks and writes everything in
//! ONE transaction (all or nothing), and a preview with an unreadable line
//! cannot be confirmed. The same file (SHA-256) confirmed before — for the
//! same account, for a bank file — answers the earlier import instead of
//! writing again. Bank rows that match a live record of the account (same
//! date, signed amount and description, ignoring case and spaces), or an
//! earlier row of the same file, are flagged and not imported.

mod bank;
pub(crate) mod csv;
mod hisaab;
mod plan;
mod splitwise;
mod write;

pub use bank::{BankMapping, DATE_FORMATS, DEFAULT_DATE_FORMAT, DEFAULT_DECIMAL};
pub use hisaab::{MAX_DOCUMENT_BYTES, MAX_EXPORT_BYTES};
pub use plan::*;

use crate::actor::Actor;
use crate::effects::Effects;
use crate::entity::{ImportId, bank_import_mapping, import};
use crate::error::{Error, FieldError, Result};
use crate::finance::transactions::usable_account;
use crate::finance::{AccountId, currency_of};
use crate::input::{Problems, iso_date};
use crate::money::{Currency, Money};
use crate::{App, db};
use hisaab_entity::finance::transaction;
use hisaab_entity::social::contact;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use time::Duration;

/// The largest CSV file read (5 MiB; a Hisaab export may be larger:
/// [`MAX_EXPORT_BYTES`]).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most lines a file may have.
pub const MAX_ROWS: usize = 10_000;
/// How long a preview may wait for its confirmation.
pub const PREVIEW_LIFETIME: Duration = Duration::hours(24);

/// The kinds of file, as the API and forms name them.
pub const KINDS: [&str; 3] = ["hisaab", "splitwise", "bank_csv"];

fn view(m: import::Model) -> Result<ImportView> {
    let preview = serde_json::from_str(&m.preview).map_err(anyhow::Error::from)?;
    let result = m
        .result
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(anyhow::Error::from)?;
    Ok(ImportView {
        id: m.id,
        kind: m.kind,
        state: m.state,
        preview,
        result,
        created_at: m.created_at,
        confirmed_at: m.confirmed_at,
    })
}

async fn find<C: ConnectionTrait>(db: &C, actor: &Actor, id: ImportId) -> Result<import::Model> {
    import::Entity::find_by_id(id)
        .filter(import::Column::TenantId.eq(actor.tenant_id))
        .filter(import::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// An earlier confirmed import of the same file (into the same account).
async fn confirmed_same_file<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    kind: &str,
    sha: &str,
    account: Option<AccountId>,
    not: Option<ImportId>,
) -> Result<Option<import::Model>> {
    let mut q = import::Entity::find()
        .filter(import::Column::TenantId.eq(actor.tenant_id))
        .filter(import::Column::Kind.eq(kind))
        .filter(import::Column::FileSha256.eq(sha))
        .filter(import::Column::State.eq("confirmed"));
    q = match account {
        Some(a) => q.filter(import::Column::AccountId.eq(a)),
        None => q.filter(import::Column::AccountId.is_null()),
    };
    if let Some(n) = not {
        q = q.filter(import::Column::Id.ne(n));
    }
    Ok(q.order_by_asc(import::Column::CreatedAt).one(db).await?)
}

pub async fn get_import(app: &App, actor: &Actor, id: ImportId) -> Result<ImportView> {
    view(find(&app.db, actor, id).await?)
}

/// The mapping last used for this account, to pre-fill the form.
pub async fn bank_mapping(app: &App, actor: &Actor, account_id: AccountId) -> Result<Option<BankMapping>> {
    let row = bank_import_mapping::Entity::find_by_id(account_id)
        .filter(bank_import_mapping::Column::TenantId.eq(actor.tenant_id))
        .one(&app.db)
        .await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.mapping).ok()))
}

/// Reads an uploaded file and stores its preview; nothing else is written.
/// The same file already confirmed answers that import.
pub async fn upload_import(app: &App, actor: &Actor, input: UploadInput) -> Result<ImportView> {
    let mut p = Problems::default();
    let kind = p.choice(
        "kind",
        input.kind.trim(),
        &[
            ("hisaab", "hisaab"),
            ("splitwise", "splitwise"),
            ("bank_csv", "bank_csv"),
        ],
    );
    let kind = p.finish_with(kind)?;
    if input.bytes.is_empty() {
        return Err(Error::invalid("file", "Choose a file to import."));
    }
    if kind == "hisaab" {
        return upload_hisaab(app, actor, input).await;
    }
    if input.bytes.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            "The file is larger than 5 MB; split it into smaller files.",
        ));
    }
    let text = std::str::from_utf8(&input.bytes).map_err(|_| {
        Error::invalid(
            "file",
            "The file is not UTF-8 text; save it as CSV (UTF-8) and try again.",
        )
    })?;
    let sha = hex::encode(Sha256::digest(&input.bytes));
    let file_name = input
        .file_name
        .as_deref()
        .map(|n| n.chars().take(200).collect::<String>());
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let (preview, account) = if kind == "splitwise" {
        if let Some(done) = confirmed_same_file(&txn, actor, kind, &sha, None, None).await? {
            return view(done);
        }
        let rows = read_rows(text, ',')?;
        (
            splitwise_preview(&txn, actor, &rows, &input, file_name).await?,
            None,
        )
    } else {
        let mut p = Problems::default();
        let account_id: Option<AccountId> = p.id("account_id", input.account_id.as_deref().unwrap_or(""));
        let Some(mapping) = input.mapping.clone() else {
            p.add(
                "mapping_date",
                "Say which columns hold the date, description and amount.",
            );
            return p.finish_with(None);
        };
        for (field, message) in bank::check_mapping(&mapping) {
            p.add(field, message);
        }
        let account_id = p.finish_with(account_id)?;
        let account = usable_account(&txn, actor, account_id).await?;
        if let Some(done) = confirmed_same_file(&txn, actor, kind, &sha, Some(account_id), None).await? {
            return view(done);
        }
        let currency = currency_of(&account.currency)?;
        let rows = read_rows(text, bank::sniff_delimiter(text))?;
        let (mut records, errors) = bank::parse(&rows, &mapping, currency)
            .map_err(|(field, message)| Error::invalid(field, message))?;
        flag_duplicates(&txn, actor, account_id, currency, &mut records).await?;
        bank_import_mapping::Entity::insert(bank_import_mapping::ActiveModel {
            account_id: Set(account_id),
            tenant_id: Set(actor.tenant_id),
            mapping: Set(serde_json::to_string(&mapping).map_err(anyhow::Error::from)?),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(bank_import_mapping::Column::AccountId)
                .update_columns([
                    bank_import_mapping::Column::Mapping,
                    bank_import_mapping::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        let preview = ImportPreview {
            kind: kind.into(),
            file_name,
            currency: currency.code().into(),
            errors,
            account_id: Some(account_id.to_string()),
            account_name: Some(account.name.clone()),
            mapping: Some(mapping),
            records,
            ..ImportPreview::default()
        };
        (preview, Some(account_id))
    };
    let model = import::ActiveModel {
        id: Set(ImportId::new()),
        tenant_id: Set(actor.tenant_id),
        user_id: Set(actor.user_id),
        kind: Set(kind.into()),
        state: Set("previewed".into()),
        file_sha256: Set(sha),
        account_id: Set(account),
        preview: Set(serde_json::to_string(&preview).map_err(anyhow::Error::from)?),
        result: Set(None),
        created_at: Set(now),
        confirmed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit(Effects::by(actor, now).audit(
        "data.import_previewed",
        json!({ "import_id": model.id.0, "kind": kind, "lines_unreadable": preview.errors.len() }),
    ))
    .await?;
    view(model)
}

/// Reads a Hisaab export and stores its preview; the same export already
/// confirmed into this account answers that import.
async fn upload_hisaab(app: &App, actor: &Actor, input: UploadInput) -> Result<ImportView> {
    if input.bytes.len() > MAX_EXPORT_BYTES {
        return Err(Error::invalid(
            "file",
            "The export is larger than 25 MB; it cannot be imported here.",
        ));
    }
    let sha = hex::encode(Sha256::digest(&input.bytes));
    let file_name = input
        .file_name
        .as_deref()
        .map(|n| n.chars().take(200).collect::<String>());
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    if let Some(done) = confirmed_same_file(&txn, actor, "hisaab", &sha, None, None).await? {
        return view(done);
    }
    let bytes = input.bytes;
    let checked = tokio::task::spawn_blocking(move || hisaab::check(&bytes))
        .await
        .map_err(|e| Error::Internal(e.into()))??;
    let mut preview = hisaab::preview(checked, file_name)?;
    if let Some(plan) = preview.hisaab.as_mut() {
        plan.into_non_empty = has_records(&txn, actor).await?;
        plan.rates_kept = rates_kept(&txn, actor, preview.document.as_deref()).await?;
    }
    let model = import::ActiveModel {
        id: Set(ImportId::new()),
        tenant_id: Set(actor.tenant_id),
        user_id: Set(actor.user_id),
        kind: Set("hisaab".into()),
        state: Set("previewed".into()),
        file_sha256: Set(sha),
        account_id: Set(None),
        preview: Set(serde_json::to_string(&preview).map_err(anyhow::Error::from)?),
        result: Set(None),
        created_at: Set(now),
        confirmed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit(Effects::by(actor, now).audit(
        "data.import_previewed",
        json!({ "import_id": model.id.0, "kind": "hisaab", "lines_unreadable": preview.errors.len() }),
    ))
    .await?;
    view(model)
}

/// Whether the account has any account, contact or group already.
async fn has_records<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<bool> {
    use hisaab_entity::finance::account;
    use hisaab_entity::social::group;
    use sea_orm::PaginatorTrait;
    let t = actor.tenant_id;
    Ok(account::Entity::find()
        .filter(account::Column::TenantId.eq(t))
        .count(db)
        .await?
        + contact::Entity::find()
            .filter(contact::Column::TenantId.eq(t))
            .count(db)
            .await?
        + group::Entity::find()
            .filter(group::Column::TenantId.eq(t))
            .count(db)
            .await?
        > 0)
}

/// How many of the export's exchange rates this account already has a rate
/// for (same pair, same day): those are not imported.
async fn rates_kept<C: ConnectionTrait>(db: &C, actor: &Actor, document: Option<&str>) -> Result<usize> {
    use hisaab_entity::finance::exchange_rate;
    let doc: serde_json::Value = document
        .map(serde_json::from_str)
        .transpose()
        .map_err(anyhow::Error::from)?
        .unwrap_or_default();
    let Some(rates) = doc.pointer("/records/exchange_rates").and_then(|r| r.as_array()) else {
        return Ok(0);
    };
    if rates.is_empty() {
        return Ok(0);
    }
    let have: HashSet<(String, String, String)> = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::TenantId.eq(actor.tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.from_currency, r.to_currency, crate::input::format_date(r.date)))
        .collect();
    let text =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    Ok(rates
        .iter()
        .filter(|r| have.contains(&(text(r, "from_currency"), text(r, "to_currency"), text(r, "date"))))
        .count())
}

fn read_rows(text: &str, delimiter: char) -> Result<Vec<csv::Row>> {
    let rows = csv::read(text, delimiter)
        .map_err(|(line, message)| Error::invalid("file", format!("Line {line}: {message}")))?;
    if rows.len() > MAX_ROWS + 1 {
        return Err(Error::invalid(
            "file",
            format!("The file has more than {MAX_ROWS} lines; split it into smaller files."),
        ));
    }
    Ok(rows)
}

/// The group name from Splitwise's file name ("Goa trip_2024-03-01_export.csv").
fn group_name_from(file_name: Option<&str>) -> String {
    let stem = file_name
        .unwrap_or("")
        .trim_end_matches(".csv")
        .trim_end_matches("_export");
    let stem = match stem.rsplit_once('_') {
        Some((name, date)) if iso_date(date).is_some() => name,
        _ => stem,
    };
    let stem = stem.trim();
    if stem.is_empty() {
        "Imported from Splitwise".into()
    } else {
        stem.chars().take(100).collect()
    }
}

async fn splitwise_preview<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    rows: &[csv::Row],
    input: &UploadInput,
    file_name: Option<String>,
) -> Result<ImportPreview> {
    let file = splitwise::parse(rows).map_err(|m| Error::invalid("file", m))?;
    let me = match input.me.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => 0,
        Some(m) => file
            .people
            .iter()
            .position(|p| p.eq_ignore_ascii_case(m))
            .ok_or_else(|| {
                Error::invalid(
                    "me",
                    format!(
                        "Choose one of the people in the file: {}.",
                        file.people.join(", ")
                    ),
                )
            })?,
    };
    let group_name = match input
        .group_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(n) if n.chars().count() > 100 => {
            return Err(Error::invalid(
                "group_name",
                "Enter a group name of at most 100 characters.",
            ));
        }
        Some(n) => n.to_string(),
        None => group_name_from(file_name.as_deref()),
    };
    let currency = file.currency.map(|c| c.code().to_string()).unwrap_or_default();
    let cur = file.currency;
    let mut balances = vec![0i64; file.people.len()];
    if let Some(cur) = cur {
        let minor = |s: &str| Money::parse(s, cur).map(|m| m.to_minor()).unwrap_or(0);
        for e in &file.expenses {
            for s in &e.shares {
                balances[s.person] += minor(&s.paid) - minor(&s.owed);
            }
        }
        for p in &file.payments {
            balances[p.from] += minor(&p.amount);
            balances[p.to] -= minor(&p.amount);
        }
    }
    let names: HashSet<String> = contact::Entity::find()
        .filter(contact::Column::TenantId.eq(actor.tenant_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| c.name.trim().to_lowercase())
        .collect();
    let people = file
        .people
        .iter()
        .enumerate()
        .map(|(i, name)| PersonPlan {
            name: name.clone(),
            me: i == me,
            existing_contact: i != me && names.contains(&name.trim().to_lowercase()),
            balance: cur
                .map(|c| Money::from_minor(balances[i], c).to_string())
                .unwrap_or_default(),
        })
        .collect();
    Ok(ImportPreview {
        kind: "splitwise".into(),
        file_name,
        currency,
        errors: file.errors,
        group_name: Some(group_name),
        people,
        expenses: file.expenses,
        payments: file.payments,
        ..ImportPreview::default()
    })
}

/// Marks bank rows that match a live record of the account or an earlier row.
async fn flag_duplicates<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    account_id: AccountId,
    currency: Currency,
    records: &mut [RecordPlan],
) -> Result<()> {
    let dates: Vec<time::Date> = records.iter().filter_map(|r| iso_date(&r.date)).collect();
    let (Some(from), Some(to)) = (dates.iter().min(), dates.iter().max()) else {
        return Ok(());
    };
    let existing = transaction::Entity::find()
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction::Column::AccountId.eq(account_id))
        .filter(transaction::Column::Date.between(*from, *to))
        .filter(transaction::Column::ReversesId.is_null())
        .filter(transaction::Column::ReversedById.is_null())
        .filter(transaction::Column::CorrectedById.is_null())
        .all(db)
        .await?;
    let there: HashSet<_> = existing
        .iter()
        .map(|t| {
            bank::duplicate_key(
                &crate::input::format_date(t.date),
                Money::from_storage(t.delta, currency).to_minor(),
                &t.description,
            )
        })
        .collect();
    let mut in_file: HashMap<(String, i64, String), usize> = HashMap::new();
    for r in records.iter_mut() {
        let minor = Money::parse(&r.amount, currency)
            .map(|m| m.to_minor())
            .unwrap_or(0);
        let key = bank::duplicate_key(&r.date, minor, &r.description);
        r.duplicate = if there.contains(&key) {
            Some("The account already has this record (same date, amount and description).".into())
        } else if let Some(first) = in_file.get(&key) {
            Some(format!("Same date, amount and description as line {first}."))
        } else {
            in_file.insert(key, r.line);
            None
        };
    }
    Ok(())
}

fn unreadable(kind: &str, errors: &[LineNote]) -> Error {
    if kind == "hisaab" {
        // The message of each names its kind, number and id.
        let first: Vec<&str> = errors
            .iter()
            .take(5)
            .map(|e| e.message.split(':').next().unwrap_or_default())
            .collect();
        return Error::invalid_fields(
            format!(
                "The export has {} records that cannot be read ({}{}); nothing was imported.",
                errors.len(),
                first.join(", "),
                if errors.len() > 5 { ", …" } else { "" }
            ),
            errors
                .iter()
                .map(|e| FieldError::new("file", e.message.clone()))
                .collect(),
        );
    }
    let lines: Vec<String> = errors.iter().map(|e| e.line.to_string()).collect();
    Error::invalid_fields(
        format!(
            "The file has lines that cannot be read (line {}); nothing was imported. Correct them and upload the file again.",
            lines.join(", ")
        ),
        errors
            .iter()
            .map(|e| FieldError::new("file", format!("Line {}: {}", e.line, e.message)))
            .collect(),
    )
}

/// Writes what the preview lists, in one transaction; confirming again (or
/// a file already imported) answers without writing anything new.
pub async fn confirm_import(app: &App, actor: &Actor, id: ImportId) -> Result<ImportView> {
    let now = app.now();
    let txn = db::begin_write(&app.db).await?;
    let model = find(&txn, actor, id).await?;
    if model.state == "confirmed" {
        return view(model);
    }
    if now - model.created_at > PREVIEW_LIFETIME {
        return Err(Error::Conflict(
            "This preview is more than 24 hours old. Upload the file again.".into(),
        ));
    }
    let preview: ImportPreview = serde_json::from_str(&model.preview).map_err(anyhow::Error::from)?;
    if !preview.errors.is_empty() {
        return Err(unreadable(&model.kind, &preview.errors));
    }
    // Claim the import: a concurrent confirmation waits here and then finds it confirmed.
    let claimed = import::Entity::update_many()
        .col_expr(import::Column::State, "confirmed".into())
        .col_expr(import::Column::ConfirmedAt, Some(now).into())
        .filter(import::Column::Id.eq(id))
        .filter(import::Column::State.eq("previewed"))
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        drop(txn);
        return get_import(app, actor, id).await;
    }
    let earlier = confirmed_same_file(
        &txn,
        actor,
        &model.kind,
        &model.file_sha256,
        model.account_id,
        Some(id),
    )
    .await?;
    let mut effects = Effects::by(actor, now);
    let result = match earlier {
        Some(e) => ImportResult {
            already_imported: true,
            ..e.result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default()
        },
        None if model.kind == "hisaab" => hisaab::write_hisaab(&txn, actor, &preview, now).await?,
        None if model.kind == "splitwise" => {
            write::write_splitwise(&txn, actor, &preview, now, &mut effects).await?
        }
        None => write::write_bank(&txn, actor, &preview, now, &mut effects).await?,
    };
    let result_json = serde_json::to_string(&result).map_err(anyhow::Error::from)?;
    import::Entity::update_many()
        .col_expr(import::Column::Result, Some(result_json).into())
        .filter(import::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    effects.audit(
        "data.imported",
        json!({ "import_id": id.0, "kind": model.kind, "group_id": result.group_id, "account_id": result.account_id,
                "expenses": result.expenses, "payments": result.payments, "records": result.records }),
    );
    txn.commit(&effects).await?;
    get_import(app, actor, id).await
}

/// An account a bank file may go into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportAccount {
    pub id: String,
    pub name: String,
    pub currency: String,
}

/// What the upload forms offer: the accounts (not archived, by name) and the
/// mapping remembered for the chosen one (the first when none is chosen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportForm {
    pub accounts: Vec<ImportAccount>,
    pub account_id: Option<String>,
    pub mapping: Option<BankMapping>,
}

pub async fn import_form(app: &App, actor: &Actor, account_id: Option<AccountId>) -> Result<ImportForm> {
    use hisaab_entity::finance::account;
    let accounts: Vec<account::Model> = account::Entity::find()
        .filter(account::Column::TenantId.eq(actor.tenant_id))
        .filter(account::Column::Archived.eq(false))
        .order_by_asc(account::Column::Name)
        .all(&app.db)
        .await?;
    let chosen = account_id
        .filter(|id| accounts.iter().any(|a| a.id == *id))
        .or_else(|| accounts.first().map(|a| a.id));
    let mapping = match chosen {
        Some(id) => bank_mapping(app, actor, id).await?,
        None => None,
    };
    Ok(ImportForm {
        accounts: accounts
            .into_iter()
            .map(|a| ImportAccount {
                id: a.id.to_string(),
                name: a.name,
                currency: a.currency,
            })
            .collect(),
        account_id: chosen.map(|id| id.to_string()),
        mapping,
    })
}
