//! The minijinja environment shared by pages (web, admin) and emails (worker).
//! Strict: an undefined variable is an error, so a template and its handler
//! cannot drift apart silently. Debug builds read `templates/` from disk and
//! pick up edits; release builds carry the templates inside the binary.

use crate::i18n::{self, Locale};
use minijinja::value::Kwargs;
use minijinja::{Environment, State, UndefinedBehavior};
use std::sync::Arc;

#[derive(Clone)]
pub struct Templates {
    env: Arc<Environment<'static>>,
}

impl Templates {
    /// Builds the environment; `customize` adds surface-specific functions
    /// (the web adds `asset()`).
    pub fn new(customize: impl FnOnce(&mut Environment<'static>)) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        add_i18n(&mut env);
        load(&mut env);
        customize(&mut env);
        Self { env: Arc::new(env) }
    }

    pub fn render<S: serde::Serialize>(&self, name: &str, context: S) -> anyhow::Result<String> {
        let template = self.env.get_template(name)?;
        Ok(template.render(minijinja::value::Serde(&context))?)
    }

    pub fn env(&self) -> &Environment<'static> {
        &self.env
    }

    /// Names of every template (for tests that render them all).
    pub fn template_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates")
    }
}

/// The locale-aware functions and filters every template gets. Each reads
/// the render context's `locale` (a tag; `PageCtx` and `mail::render` set
/// it), English when there is none:
///
/// - `t("message-id", name=value, …)`: a catalogue message (numbers stay
///   numbers for plural rules; `true`/`false` are the strings a selector
///   matches, `[true]`);
/// - `amount|money(currency[, symbol])`: the amount for the reader;
/// - `number|group_digits`: digit grouping for the reader;
/// - `"2026-12-06"|date`: the date as the reader's locale writes it;
/// - `message|tmsg`: a service message in the reader's language, when the
///   catalogue has it (ADR 0031).
pub fn add_i18n(env: &mut Environment<'_>) {
    env.add_function("t", t_function);
    env.add_filter("money", money_filter);
    env.add_filter("group_digits", group_digits_filter);
    env.add_filter("date", date_filter);
    env.add_filter("tmsg", service_message_filter);
}

/// The locale of the template being rendered (its context's `locale`).
pub fn context_locale(state: &State) -> Locale {
    state
        .lookup("locale")
        .and_then(|v| v.as_str().and_then(Locale::parse))
        .unwrap_or_default()
}

fn t_function(state: &State, id: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let mut args = i18n::Args::new();
    for key in kwargs.args() {
        let value: minijinja::Value = kwargs.get(key)?;
        match value.as_i64() {
            Some(n) if value.kind() == minijinja::value::ValueKind::Number => args.set(key, i18n::number(n)),
            // A flag selects a variant: `{ $has_group -> [true] … *[other] … }`
            // (minijinja would write `True`).
            _ if value.kind() == minijinja::value::ValueKind::Bool => {
                args.set(key, if value.is_true() { "true" } else { "false" })
            }
            _ => args.set(key, value.to_string()),
        }
    }
    let args = kwargs.args().next().is_some().then_some(&args);
    Ok(i18n::tr_args(context_locale(state), id, args))
}

/// `{{ amount|money(currency) }}` → "₹1,86,010.50"; `money(currency, false)`
/// leaves the symbol out (a column whose header names the currency). See
/// `money::display::format_amount_in`. Display only: form values and the
/// API keep the plain decimal string.
pub fn money_filter(state: &State, amount: minijinja::Value, currency: &str, symbol: Option<bool>) -> String {
    let text = match amount.as_str() {
        Some(s) => s.to_string(),
        None => amount.to_string(),
    };
    crate::money::display::format_amount_in(&text, currency, symbol.unwrap_or(true), context_locale(state))
}

fn group_digits_filter(state: &State, amount: minijinja::Value) -> String {
    i18n::format::group_number(&amount.to_string(), context_locale(state))
}

/// `YYYY-MM-DD` (or an RFC 3339 instant: its date) in the reader's form;
/// anything else unchanged.
fn date_filter(state: &State, text: &str) -> String {
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    let day = text.get(..10).and_then(|t| time::Date::parse(t, &iso).ok());
    match day {
        Some(d) => i18n::format::date(d, context_locale(state)),
        None => text.to_string(),
    }
}

fn service_message_filter(state: &State, message: &str) -> String {
    i18n::translate_service_message(context_locale(state), message)
}

/// `"1234567.50"` → `"1,234,567.50"`: thousands separators for an amount
/// that is already exact text (the decimals are never touched). Rust-side
/// text for English readers; templates use the locale-aware filter.
pub fn group_digits(amount: &str) -> String {
    let (sign, rest) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (int_part, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return amount.to_string();
    }
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(debug_assertions)]
fn load(env: &mut Environment<'static>) {
    env.set_loader(minijinja::path_loader(Templates::template_dir()));
}

#[cfg(not(debug_assertions))]
fn load(env: &mut Environment<'static>) {
    load_embedded(env);
}

/// The templates compiled into the binary (by `build.rs`). Compiled in every
/// build so a test can check the embedded copies load and render.
#[cfg_attr(
    all(debug_assertions, not(test)),
    expect(
        dead_code,
        reason = "debug builds read templates from disk; release and tests use this"
    )
)]
fn load_embedded(env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(*env);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_load_and_render() {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        add_i18n(&mut env);
        load_embedded(&mut env);
        let subject = env
            .get_template("email/verify_email/subject.txt")
            .unwrap()
            .render(minijinja::context! { app_name => "Hisaab", display_name => "Asha", link => "x" })
            .unwrap();
        assert!(subject.contains("Hisaab"), "{subject}");
        assert!(env.get_template("shared/layout.html").is_ok());
    }

    #[test]
    fn groups_thousands_without_touching_decimals() {
        assert_eq!(group_digits("4425.50"), "4,425.50");
        assert_eq!(group_digits("-1234567.125"), "-1,234,567.125");
        assert_eq!(group_digits("999"), "999");
        assert_eq!(group_digits("1000"), "1,000");
        assert_eq!(group_digits("0.50"), "0.50");
        assert_eq!(group_digits("n/a"), "n/a");
    }

    #[test]
    fn money_filter_in_a_template() {
        let mut env = Environment::new();
        add_i18n(&mut env);
        let out = env
            .render_str(
                "{{ a|money('INR') }} {{ b|money(c) }} {{ a|money('INR', false) }} {{ 5|money('JPY') }}",
                minijinja::context! { a => "186010.50", b => "-1200.00", c => "USD" },
            )
            .unwrap();
        assert_eq!(out, "₹1,86,010.50 −$1,200.00 1,86,010.50 ¥5");
    }

    #[test]
    fn filters_and_t_follow_the_context_locale() {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        add_i18n(&mut env);
        let src = "{{ t('nav-home') }}|{{ a|money('USD') }}|{{ n|group_digits }}|{{ d|date }}|{{ t('home-greeting', name='Asha') }}";
        let render = |locale: &str| {
            env.render_str(
                src,
                minijinja::context! { locale => locale, a => "1234567.89", n => "1234567", d => "2026-12-06" },
            )
            .unwrap()
        };
        assert_eq!(render("en"), "Home|$1,234,567.89|1,234,567|6 Dec 2026|Hi, Asha");
        assert_eq!(render("hi"), "होम|$12,34,567.89|12,34,567|6 दिस॰ 2026|नमस्ते, Asha");
        assert_eq!(
            render("en-IN"),
            "Home|$12,34,567.89|12,34,567|6 Dec 2026|Hi, Asha"
        );
        let no_locale = env
            .render_str("{{ t('nav-home') }}", minijinja::context! {})
            .unwrap();
        assert_eq!(no_locale, "Home", "English without a locale in the context");
    }
}
