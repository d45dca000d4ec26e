//! Social pages: contacts, IOUs, groups, the expense form (with a live split
//! preview), settle-up and the balances overview. Each handler calls the same
//! service function as the API.

mod activity;
mod contact_edit;
mod contact_groups;
mod contacts;
mod debt_changes;
mod expense_form;
mod group_settings;
mod groups;
mod settlements;
mod sharing;

pub use activity::activity_text;
pub use contact_edit::*;
pub use contact_groups::*;
pub use contacts::*;
pub use debt_changes::*;
pub use expense_form::*;
pub use group_settings::*;
pub use groups::*;
pub use settlements::*;
pub use sharing::*;

use crate::pages::PageCtx;
use hisaab_service::i18n;
use hisaab_service::money::Money;
use serde_json::{Value, json};

/// A catalogue message with text arguments in the reader's language (a
/// page title with a name in it).
pub fn t_args(ctx: &PageCtx, id: &str, args: &[(&'static str, &str)]) -> String {
    let mut fluent = i18n::Args::new();
    for (name, value) in args {
        fluent.set(*name, value.to_string());
    }
    i18n::tr_args(ctx.locale, id, Some(&fluent))
}

/// A person as the service names them, for the reader: the service calls
/// the reader "You" (their own member of a group, who paid), which is a
/// word to translate, not a name.
pub fn person(ctx: &PageCtx, name: &str) -> String {
    if name == "You" {
        ctx.t("soc-you")
    } else {
        name.to_string()
    }
}

/// A signed balance for a template: the amount without sign, and the words.
pub fn balance(m: Money) -> Value {
    let state = if m.is_positive() {
        "owed"
    } else if m.is_zero() {
        "settled"
    } else {
        "owe"
    };
    let abs = if m.amount().is_sign_negative() {
        m.negate()
    } else {
        m
    };
    json!({ "amount": abs.to_string(), "signed": m.to_string(), "currency": m.currency().code(), "state": state })
}

pub fn money(m: Money) -> Value {
    json!({ "amount": m.to_string(), "currency": m.currency().code() })
}

pub fn date(d: time::Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&format).unwrap_or_default()
}

pub fn when(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(&f).unwrap_or_default()
}

pub use crate::pages::{form_key, path_id as id};

/// A payment on an IOU, as the settle forms (contact page, shared IOUs) post it.
pub fn debt_payment(pairs: &[(String, String)]) -> hisaab_service::social::SettlementInput {
    hisaab_service::social::SettlementInput {
        amount: field(pairs, "amount").into(),
        date: field(pairs, "date").into(),
        method: Some(field(pairs, "method").into()),
        ..Default::default()
    }
}

/// The first value of a repeated form field.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}
