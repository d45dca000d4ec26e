//! Importing data (`/settings/data`, ADRs 0027 and 0029): upload a
//! Splitwise group export, a bank statement CSV or a Hisaab export, look at
//! the preview, confirm.
//!
//! The upload form is `multipart/form-data`; the CSRF layer reads the token
//! from the `X-CSRF-Token` header, which htmx sends from the layout's
//! `hx-headers` on the boosted form.

use crate::pages::{FormState, PageCtx, PageResult, SignedIn, path_id};
use hisaab_service::Error;
use hisaab_service::entity::ImportId;
use hisaab_service::finance::AccountId;
use hisaab_service::i18n::{self, Locale};
use hisaab_service::imports::{self, BankMapping, DATE_FORMATS, ImportView, KindCount, UploadInput};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Multipart, Path};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The export's record kinds and the catalogue messages that name them, for
/// a Hisaab import's preview.
const KIND_NAMES: &[(&str, &str)] = &[
    ("accounts", "set-import-kind-accounts"),
    ("categories", "set-import-kind-categories"),
    ("transactions", "set-import-kind-transactions"),
    ("transfers", "set-import-kind-transfers"),
    ("assets", "set-import-kind-assets"),
    ("liabilities", "set-import-kind-liabilities"),
    ("valuations", "set-import-kind-valuations"),
    ("loans", "set-import-kind-loans"),
    ("loan_payments", "set-import-kind-loan-payments"),
    ("exchange_rates", "set-import-kind-exchange-rates"),
    ("contacts", "set-import-kind-contacts"),
    ("contact_groups", "set-import-kind-contact-groups"),
    ("contact_group_members", "set-import-kind-contact-group-members"),
    ("ious", "set-import-kind-ious"),
    ("settlements", "set-import-kind-settlements"),
    ("groups", "set-import-kind-groups"),
    ("members", "set-import-kind-members"),
    ("expenses", "set-import-kind-expenses"),
    ("expense_lines", "set-import-kind-expense-lines"),
    ("notifications", "set-import-kind-notifications"),
    ("audit_entries", "set-import-kind-audit-entries"),
];

/// A kind's name in `locale` (the kind itself if the list lacks it).
fn kind_name(kind: &str, locale: Locale) -> String {
    KIND_NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| kind.to_string(), |(_, id)| i18n::tr(locale, id))
}

/// "3 group expenses, 2 payments": counts per kind for a sentence.
fn kind_counts(counts: &[KindCount], locale: Locale) -> String {
    counts
        .iter()
        .map(|c| {
            let mut args = i18n::Args::new();
            args.set("count", i18n::number(i64::try_from(c.count).unwrap_or(i64::MAX)));
            args.set("kind", kind_name(&c.kind, locale).to_lowercase());
            i18n::tr_args(locale, "set-import-kind-count", Some(&args))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The values a bank form shows: what was typed, else the remembered mapping.
fn bank_values(mapping: Option<&BankMapping>) -> Vec<(&'static str, String)> {
    let m = mapping.cloned().unwrap_or_else(|| BankMapping {
        date_format: imports::DEFAULT_DATE_FORMAT.into(),
        decimal: imports::DEFAULT_DECIMAL.into(),
        ..BankMapping::default()
    });
    vec![
        ("mapping_date", m.date),
        ("mapping_description", m.description),
        ("mapping_amount", m.amount.unwrap_or_default()),
        ("mapping_debit", m.debit.unwrap_or_default()),
        ("mapping_credit", m.credit.unwrap_or_default()),
        ("mapping_balance", m.balance.unwrap_or_default()),
        ("mapping_date_format", m.date_format),
        ("mapping_decimal", m.decimal),
    ]
}

fn form_of(values: &[(&str, String)]) -> FormState {
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    FormState::with_values(&pairs)
}

pub(super) async fn data_context(
    ctx: &PageCtx,
    user: &SignedIn,
    account_id: Option<AccountId>,
    splitwise: FormState,
    bank: Option<FormState>,
) -> Result<Value, Error> {
    let f = imports::import_form(ctx.app(), &user.actor, account_id).await?;
    let bank = match bank {
        Some(b) => b,
        None => {
            let mut values = bank_values(f.mapping.as_ref());
            values.push(("account_id", f.account_id.clone().unwrap_or_default()));
            form_of(&values)
        }
    };
    Ok(json!({
        "accounts": f.accounts,
        "date_formats": DATE_FORMATS,
        "splitwise_form": splitwise.to_value(),
        "bank_form": bank.to_value(),
    }))
}

/// Reads the multipart form: its text fields and the file.
async fn read_form(
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, Option<(Option<String>, Vec<u8>)>), Error> {
    let mut fields = HashMap::new();
    let mut file = None;
    let bad = |_| Error::invalid("file", "The upload could not be read. Choose the file again.");
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().map(str::to_string);
            file = Some((file_name, field.bytes().await.map_err(bad)?));
        } else {
            fields.insert(name, field.text().await.map_err(bad)?);
        }
    }
    Ok((fields, file))
}

#[handler]
pub async fn upload(ctx: PageCtx, user: SignedIn, multipart: Multipart) -> PageResult {
    // An unreadable upload reads as an empty one: the service asks for the file.
    let (fields, file) = read_form(multipart).await.unwrap_or_default();
    let get = |k: &str| fields.get(k).cloned().filter(|v| !v.trim().is_empty());
    let kind = get("kind").unwrap_or_default();
    let bank = kind == "bank_csv";
    let mapping = BankMapping {
        date: get("mapping_date").unwrap_or_default(),
        description: get("mapping_description").unwrap_or_default(),
        amount: get("mapping_amount"),
        debit: get("mapping_debit"),
        credit: get("mapping_credit"),
        balance: get("mapping_balance"),
        date_format: get("mapping_date_format").unwrap_or_else(|| imports::DEFAULT_DATE_FORMAT.into()),
        decimal: get("mapping_decimal").unwrap_or_else(|| imports::DEFAULT_DECIMAL.into()),
    };
    let (file_name, bytes) = file.unwrap_or_default();
    let input = UploadInput {
        kind: kind.clone(),
        file_name,
        bytes,
        me: get("me"),
        group_name: get("group_name"),
        account_id: get("account_id"),
        mapping: bank.then(|| mapping.clone()),
    };
    match imports::upload_import(ctx.app(), &user.actor, input).await {
        Ok(v) => Ok(ctx.redirect(&format!("/settings/data/imports/{}", v.id))),
        Err(e) => {
            if kind == "hisaab" {
                let mut form = FormState::default();
                let status = form.absorb(e)?;
                let page = super::data::DataPage {
                    hisaab: form,
                    ..Default::default()
                };
                return super::data::render(&ctx, &user, ctx.form_status(status), page).await;
            }
            let (splitwise, bank_form, account_id, status) = if bank {
                let mut values = bank_values(Some(&mapping));
                values.push(("account_id", get("account_id").unwrap_or_default()));
                let mut form = form_of(&values);
                let status = form.absorb(e)?;
                let account = get("account_id").and_then(|a| a.parse().ok());
                (FormState::default(), Some(form), account, status)
            } else {
                let mut form = form_of(&[
                    ("me", get("me").unwrap_or_default()),
                    ("group_name", get("group_name").unwrap_or_default()),
                ]);
                let status = form.absorb(e)?;
                (form, None, None, status)
            };
            let page = super::data::DataPage {
                account_id,
                splitwise,
                bank: bank_form,
                ..Default::default()
            };
            super::data::render(&ctx, &user, ctx.form_status(status), page).await
        }
    }
}

fn preview_context(v: &ImportView, locale: Locale) -> Value {
    // The stored records are for confirming, not for the page.
    let mut preview = v.preview.clone();
    preview.document = None;
    let kind_names: serde_json::Map<String, Value> = KIND_NAMES
        .iter()
        .map(|(k, id)| ((*k).to_string(), json!(i18n::tr(locale, id))))
        .collect();
    // The sentences about what a Hisaab export leaves out, their lists ready.
    let plan = v.preview.hisaab.as_ref();
    let shared_groups = plan.map_or_else(String::new, |h| {
        h.shared_groups
            .iter()
            .map(|g| format!("“{g}”"))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let shared_records = plan.map_or_else(String::new, |h| kind_counts(&h.shared, locale));
    let skipped_records = plan.map_or_else(String::new, |h| kind_counts(&h.skipped, locale));
    json!({
        "import": {
            "id": v.id.to_string(),
            "kind": v.kind,
            "state": v.state,
            "new_records": v.preview.new_records(),
            "duplicates": v.preview.records.len() - v.preview.new_records(),
            "preview": preview,
            "result": v.result,
            "kind_names": kind_names,
            "shared_groups": shared_groups,
            "shared_records": shared_records,
            "skipped_records": skipped_records,
        },
    })
}

#[handler]
pub async fn import_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let v = imports::get_import(ctx.app(), &user.actor, path_id::<ImportId>(&raw)?).await?;
    let mut c = preview_context(&v, ctx.locale);
    c["form"] = FormState::default().to_value();
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/import.html",
        &ctx.t("set-import-title"),
        c,
    ))
}

#[handler]
pub async fn confirm(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    let id = path_id::<ImportId>(&raw)?;
    match imports::confirm_import(ctx.app(), &user.actor, id).await {
        Ok(v) => {
            let r = v.result.unwrap_or_default();
            let to = match (r.group_id, r.account_id) {
                (Some(g), _) => format!("/social/groups/{g}"),
                (None, Some(a)) => format!("/app/finance/accounts/{a}"),
                _ => format!("/settings/data/imports/{}", v.id),
            };
            Ok(ctx.redirect(&to))
        }
        Err(e) => {
            let mut form = FormState::default();
            let status = form.absorb(e)?;
            let v = imports::get_import(ctx.app(), &user.actor, id).await?;
            let mut c = preview_context(&v, ctx.locale);
            c["form"] = form.to_value();
            Ok(ctx.render(
                ctx.form_status(status),
                "web/settings/import.html",
                &ctx.t("set-import-title"),
                c,
            ))
        }
    }
}
