//! What every handler can reach: the service `App`, the templates, metrics
//! and the surface it serves.

use crate::metrics::HttpMetrics;
use crate::surface::Surface;
use hisaab_service::App;
use hisaab_service::templating::Templates;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub templates: Templates,
    pub metrics: HttpMetrics,
    pub surface: Surface,
}

impl AppState {
    /// The state of one server: templates get the `asset()` function that
    /// writes fingerprinted asset URLs, and `new_key()`, a fresh random
    /// UUID v4 per call for a money-creating form's hidden
    /// `idempotency_key` (a re-rendered form keeps the key it was sent:
    /// `form.values.idempotency_key or new_key()`).
    pub fn new(app: App, metrics: HttpMetrics, surface: Surface) -> Self {
        let templates = Templates::new(|env| {
            env.add_function("asset", |path: String| {
                minijinja::Value::from_safe_string(crate::assets::url(&path))
            });
            env.add_function("new_key", || uuid::Uuid::new_v4().to_string());
        });
        Self {
            app,
            templates,
            metrics,
            surface,
        }
    }
}
