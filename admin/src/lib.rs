//! The internal admin console: staff-only pages on their own listener
//! (loopback by default), plus the account CLI. Handlers call the service's
//! `admin_*` use cases, which check the staff role and write the audit log;
//! the HTTP plumbing (CSRF, request ids, security headers, metrics, health,
//! assets) is the web crate's, reused as is.

pub mod cli;
pub mod flash;
pub mod pages;
pub mod session;

use hisaab_service::{App, Settings, telemetry};
use hisaab_web::metrics::HttpMetrics;
use hisaab_web::middleware::{body_limit, csrf, request_context, security_headers};
use hisaab_web::{AppState, assets, health};
use poem::endpoint::BoxEndpoint;
use poem::listener::TcpListener;
use poem::{EndpointExt, IntoEndpoint, Route, Server, get, post};

/// The console only receives small forms.
pub const MAX_BODY: usize = 64 * 1024;

/// The web crate's `AppState`, with templates set up for the console.
pub fn state(app: App, metrics: HttpMetrics) -> AppState {
    AppState::with_templates(app, metrics, |env| {
        // The web layers render errors they produce themselves (a refused
        // CSRF token, PageCtx::error) with `shared/error.html`, which belongs
        // to the public site. Here that name is the console's error page; the
        // two templates take the same context.
        env.add_template("shared/error.html", r#"{% extends "admin/error.html" %}"#)
            .expect("the error page alias compiles");
    })
}

/// The whole route table. Tests call this with `state(..)` over a test `App`.
pub fn app(state: AppState) -> BoxEndpoint<'static> {
    let console = Route::new()
        .at("/", get(pages::home))
        .at("/login", get(pages::login_page).post(pages::login_submit))
        .at("/logout", post(pages::logout))
        .at("/users", get(pages::users_list))
        .at("/users/:id", get(pages::user_detail))
        .at("/users/:id/lock", post(pages::lock))
        .at("/users/:id/unlock", post(pages::unlock))
        .at("/users/:id/role", post(pages::set_role))
        .at("/users/:id/revoke-sessions", post(pages::revoke_sessions))
        .around(session::around)
        .around(csrf::around);

    Route::new()
        .at("/health", get(health::health))
        .at("/health/ready", get(health::ready))
        // The console is its own origin: it serves the layout's CSS, icons and htmx.
        .at("/assets/*path", get(assets::serve))
        .nest("/", console)
        .around(|ep, req| body_limit::around(ep, req, MAX_BODY))
        // No HSTS: this listener speaks plain HTTP on loopback; TLS for staff
        // comes from an SSH tunnel or an internal proxy (docs/OPERATIONS.md).
        .around(|ep, req| security_headers::around(ep, req, false))
        .around(request_context::around)
        .data(state)
        .into_endpoint()
        .boxed()
}

/// Runs the console and its metrics listener until Ctrl-C / SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let app = App::start(settings).await?;
    let metrics = HttpMetrics::new();
    let settings = app.settings.clone();

    let metrics_addr = settings.admin_metrics_addr;
    let registry = metrics.registry.clone();
    tokio::spawn(async move {
        if let Err(e) = telemetry::serve_metrics(metrics_addr, registry).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    });
    let (pool_app, pool_metrics) = (app.clone(), metrics.clone());
    tokio::spawn(async move {
        loop {
            pool_metrics.sample_pool(&pool_app);
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });

    let endpoint = self::app(state(app, metrics));
    let addr = settings.admin_addr;
    tracing::info!(%addr, "hisaab-admin listening");
    Server::new(TcpListener::bind(addr))
        .run_with_graceful_shutdown(
            endpoint,
            hisaab_web::shutdown_signal(),
            Some(std::time::Duration::from_secs(10)),
        )
        .await?;
    Ok(())
}
