//! What every handler can reach: the service `App`, the templates and metrics.

use crate::metrics::HttpMetrics;
use hisaab_service::App;
use hisaab_service::templating::Templates;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub templates: Templates,
    pub metrics: HttpMetrics,
}

impl AppState {
    pub fn new(app: App, metrics: HttpMetrics) -> Self {
        Self::with_templates(app, metrics, |_| {})
    }

    /// Like `new`, plus surface-specific template setup (the admin console
    /// maps `shared/error.html` to its own).
    pub fn with_templates(
        app: App,
        metrics: HttpMetrics,
        customize: impl FnOnce(&mut minijinja::Environment<'static>),
    ) -> Self {
        let templates = Templates::new(|env| {
            env.add_function("asset", |path: String| {
                minijinja::Value::from_safe_string(crate::assets::url(&path))
            });
            customize(env);
        });
        Self {
            app,
            templates,
            metrics,
        }
    }
}
