//! The minijinja environment shared by pages (web, admin) and emails (worker).
//! Strict: an undefined variable is an error, so a template and its handler
//! cannot drift apart silently. Debug builds read `templates/` from disk and
//! pick up edits; release builds carry the templates inside the binary.

use minijinja::{Environment, UndefinedBehavior};
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
        env.add_filter("group_digits", group_digits);
        env.add_filter("money", money_filter);
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

/// `{{ amount|money(currency) }}` → "₹1,86,010.50"; `money(currency, false)`
/// leaves the symbol out (a column whose header names the currency). See
/// `money::display::format_amount`. Display only: form values and the API
/// keep the plain decimal string.
pub fn money_filter(amount: minijinja::Value, currency: &str, symbol: Option<bool>) -> String {
    let text = match amount.as_str() {
        Some(s) => s.to_string(),
        None => amount.to_string(),
    };
    crate::money::display::format_amount(&text, currency, symbol.unwrap_or(true))
}

/// `"1234567.50"` → `"1,234,567.50"`: thousands separators for an amount
/// that is already exact text (the decimals are never touched).
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
        env.add_filter("group_digits", group_digits);
        env.add_filter("money", money_filter);
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
        env.add_filter("money", money_filter);
        let out = env
            .render_str(
                "{{ a|money('INR') }} {{ b|money(c) }} {{ a|money('INR', false) }} {{ 5|money('JPY') }}",
                minijinja::context! { a => "186010.50", b => "-1200.00", c => "USD" },
            )
            .unwrap();
        assert_eq!(out, "₹1,86,010.50 −$1,200.00 1,86,010.50 ¥5");
    }
}
