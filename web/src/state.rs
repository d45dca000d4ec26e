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
        let templates = Templates::new(|env| {
            env.add_function("asset", |path: String| {
                minijinja::Value::from_safe_string(crate::assets::url(&path))
            });
        });
        Self {
            app,
            templates,
            metrics,
        }
    }
}
