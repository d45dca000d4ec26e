//! Personal finance pages under `/app/finance`. Handlers parse the form or
//! query, call one `hisaab_service::finance` function and render; the JSON
//! handed to templates is built here from service views.

mod accounts;
mod dashboard;
mod loans;
mod misc;
mod transactions;
mod wealth;

pub use accounts::*;
pub use dashboard::*;
pub use loans::*;
pub use misc::*;
pub use transactions::*;
pub use wealth::*;

use hisaab_service::finance::accounts::AccountView;
use hisaab_service::finance::categories::CategoryView;
use hisaab_service::finance::format_date;
use hisaab_service::finance::transactions::TransactionView;
use hisaab_service::i18n::{self, Locale};
use hisaab_service::money::Money;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The catalogue id of the word for a kind of account, asset or liability
/// (the service's `KINDS`, `ASSET_KINDS`, `LIABILITY_KINDS`).
fn kind_label_id(kind: &str) -> &'static str {
    match kind {
        "cash" => "fin-kind-cash",
        "checking" => "fin-kind-checking",
        "savings" => "fin-kind-savings",
        "credit_card" => "fin-kind-credit-card",
        "wallet" => "fin-kind-wallet",
        "investment" => "fin-kind-investment",
        "property" => "fin-kind-property",
        "vehicle" => "fin-kind-vehicle",
        "cash_equivalent" => "fin-kind-cash-equivalent",
        "credit_card_debt" => "fin-kind-credit-card-debt",
        "mortgage" => "fin-kind-mortgage",
        "personal_loan" => "fin-kind-personal-loan",
        _ => "fin-kind-other",
    }
}

/// The word for a kind of account, asset or liability in the reader's language.
pub(crate) fn kind_label(locale: Locale, kind: &str) -> String {
    i18n::tr(locale, kind_label_id(kind))
}

/// `[{value, label}]` for a `<select>` of kinds, labels in the reader's language.
pub(crate) fn kind_options(locale: Locale, kinds: &[(&str, &str)]) -> Value {
    Value::Array(
        kinds
            .iter()
            .map(|(k, _)| json!({ "value": k, "label": kind_label(locale, k) }))
            .collect(),
    )
}

/// A month's short name for a chart label (`Jan`, `जन॰`).
pub(crate) fn month_label(locale: Locale, month: time::Month) -> String {
    const IDS: [&str; 12] = [
        "fin-month-1",
        "fin-month-2",
        "fin-month-3",
        "fin-month-4",
        "fin-month-5",
        "fin-month-6",
        "fin-month-7",
        "fin-month-8",
        "fin-month-9",
        "fin-month-10",
        "fin-month-11",
        "fin-month-12",
    ];
    i18n::tr(locale, IDS[usize::from(u8::from(month)) - 1])
}

/// An amount as shown: the currency's decimals, a sign word for negatives.
pub(crate) fn money(m: &Money) -> Value {
    json!({ "text": m.to_string(), "currency": m.currency().code(), "negative": m.amount().is_sign_negative() && !m.is_zero() })
}

pub(crate) fn account_json(locale: Locale, a: &AccountView) -> Value {
    json!({
        "id": a.id.to_string(),
        "name": a.name,
        "kind": a.kind,
        "kind_label": kind_label(locale, a.kind.as_str()),
        "currency": a.currency.code(),
        "balance": money(&a.balance),
        "opening_balance": money(&a.opening_balance),
        "opening_date": format_date(a.opening_date),
        "archived": a.archived,
        "notes": a.notes,
    })
}

pub(crate) fn tx_json(
    t: &TransactionView,
    accounts: &HashMap<String, String>,
    categories: &HashMap<String, String>,
) -> Value {
    let account_id = t.account_id.to_string();
    let category = t.category_id.map(|c| c.to_string());
    json!({
        "id": t.id.to_string(),
        "kind": t.kind,
        "amount": money(&t.amount),
        "signed": money(&t.signed_amount()),
        "date": t.date_text(),
        "description": t.description,
        "payee": t.payee,
        "notes": t.notes,
        "tags": t.tags,
        "account_id": account_id,
        "account_name": accounts.get(&account_id).cloned().unwrap_or_default(),
        "category_name": category.as_ref().and_then(|c| categories.get(c)).cloned(),
        "category_id": category,
        "is_transfer": t.transfer_id.is_some(),
        "reverses_id": t.reverses_id.map(|i| i.to_string()),
        "reversed_by_id": t.reversed_by_id.map(|i| i.to_string()),
        "corrects_id": t.corrects_id.map(|i| i.to_string()),
        "corrected_by_id": t.corrected_by_id.map(|i| i.to_string()),
        "reason": t.reason,
    })
}

pub(crate) fn category_json(c: &CategoryView, names: &HashMap<String, String>) -> Value {
    json!({
        "id": c.id.to_string(),
        "name": c.name,
        "kind": c.kind,
        "parent_id": c.parent_id.map(|p| p.to_string()),
        "parent_name": c.parent_id.and_then(|p| names.get(&p.to_string()).cloned()),
        "color": c.color,
        "archived": c.archived,
    })
}

pub(crate) fn names_of_accounts(accounts: &[AccountView]) -> HashMap<String, String> {
    accounts
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect()
}

pub(crate) fn names_of_categories(categories: &[CategoryView]) -> HashMap<String, String> {
    let by_id: HashMap<String, &CategoryView> = categories.iter().map(|c| (c.id.to_string(), c)).collect();
    categories
        .iter()
        .map(|c| {
            let name = match c.parent_id.and_then(|p| by_id.get(&p.to_string())) {
                Some(parent) => format!("{} › {}", parent.name, c.name),
                None => c.name.clone(),
            };
            (c.id.to_string(), name)
        })
        .collect()
}

/// Options for a category `<select>`, grouped by kind, parents before children.
pub(crate) fn category_options(categories: &[CategoryView]) -> Value {
    let names = names_of_categories(categories);
    let mut opts: Vec<(String, String, String)> = categories
        .iter()
        .filter(|c| !c.archived)
        .map(|c| {
            (
                c.kind.to_string(),
                names.get(&c.id.to_string()).cloned().unwrap_or_default(),
                c.id.to_string(),
            )
        })
        .collect();
    opts.sort();
    Value::Array(
        opts.into_iter()
            .map(|(kind, name, id)| json!({ "id": id, "name": name, "kind": kind }))
            .collect(),
    )
}

/// Splits "a, b ,c" into tags.
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

pub(crate) use crate::pages::{form_key as key, path_id as id};

pub(crate) fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The `/app/finance` routes (nested by `crate::app`).
pub fn routes() -> poem::Route {
    use poem::{get, post};
    poem::Route::new()
        .at("/", get(finance_home))
        .at("/accounts", get(accounts_page).post(create_account))
        .at("/accounts/new", get(new_account_page))
        .at("/accounts/:id", get(account_page))
        .at("/accounts/:id/edit", post(update_account))
        .at("/transactions", get(transactions_page).post(create_transaction))
        .at("/transactions/validate", post(validate_transaction))
        .at("/transactions/:id", get(transaction_page))
        .at("/transactions/:id/edit", post(edit_transaction))
        .at("/transactions/:id/reverse", post(reverse_transaction))
        .at("/transactions/:id/correct", post(correct_transaction))
        .at("/transfers/new", get(transfer_page).post(create_transfer))
        .at("/categories", get(categories_page).post(create_category))
        .at("/categories/:id/archive", post(archive_category))
        .at("/rates", get(rates_page).post(create_rate))
        .at("/rates/import", post(import_rates))
        .at("/settings", get(settings_page).post(save_settings))
        .at("/net-worth", get(net_worth_page))
        .at("/loans", get(loans_page).post(create_loan))
        .at("/loans/:id", get(loan_page))
        .at("/loans/:id/payments", post(record_loan_payment))
        // `assets` or `liabilities` (anything else is a 404).
        .at("/:side", get(holdings_page).post(create_holding))
        .at("/:side/:id", get(holding_page))
        .at("/:side/:id/values", post(record_holding_value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hisaab_service::finance::accounts::KINDS;
    use hisaab_service::finance::holdings::{ASSET_KINDS, LIABILITY_KINDS};

    #[test]
    fn every_kind_has_its_words_in_every_language() {
        for (kind, english) in KINDS.iter().chain(ASSET_KINDS).chain(LIABILITY_KINDS) {
            assert_eq!(kind_label(Locale::En, kind), *english, "{kind}");
            assert_ne!(kind_label(Locale::Hi, kind), *english, "{kind}");
        }
        assert_eq!(kind_label(Locale::Hi, "no-such-kind"), "अन्य");
    }

    #[test]
    fn month_labels_follow_the_locale() {
        assert_eq!(month_label(Locale::En, time::Month::January), "Jan");
        assert_eq!(month_label(Locale::En, time::Month::December), "Dec");
        assert_eq!(month_label(Locale::Hi, time::Month::December), "दिस॰");
    }
}
