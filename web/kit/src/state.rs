//! What every handler can reach: the service `App`, the templates, metrics
//! and the surface it serves.

use crate::metrics::HttpMetrics;
use crate::surface::Surface;
use hisaab_service::App;
use hisaab_service::realtime::Hub;
use hisaab_service::templating::Templates;
use hisaab_service::view_cache::ViewCache;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub templates: Templates,
    pub metrics: HttpMetrics,
    pub surface: Surface,
    /// This process's open event streams, by person (ADR 0021).
    pub hub: Hub,
    /// Page bodies rendered at a person's revision (ADR 0032): the group
    /// page's, reused until something they see changes.
    pub rendered: ViewCache,
}

impl AppState {
    /// Starts this process's one realtime subscription (ADR 0021): signals
    /// from the bus wake the streams in `hub`. Runs until the task is aborted.
    pub fn listen(&self) -> tokio::task::JoinHandle<()> {
        let to: std::sync::Arc<dyn hisaab_service::realtime::Receiver> =
            std::sync::Arc::new(self.hub.clone());
        tokio::spawn(self.app.bus.clone().listen(self.app.db.clone(), to))
    }

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
        let hub = Hub::default();
        // A registry already holding the series (one test's metrics shared
        // by two states) keeps the first hub's.
        let _ = hub.metrics().register(&metrics.registry);
        Self {
            app,
            templates,
            metrics,
            surface,
            hub,
            rendered: ViewCache::rendered(),
        }
    }
}
