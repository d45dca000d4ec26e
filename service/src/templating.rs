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

#[cfg(debug_assertions)]
fn load(env: &mut Environment<'static>) {
    env.set_loader(minijinja::path_loader(Templates::template_dir()));
}

#[cfg(not(debug_assertions))]
fn load(env: &mut Environment<'static>) {
    // The macro takes a place it can borrow mutably.
    let mut env = env;
    minijinja_embed::load_templates!(env);
}
