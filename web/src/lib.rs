//! The public web server: htmx pages, the `/api/v1` JSON API, health checks.

pub mod api;
pub mod assets;
pub mod flash;
pub mod health;
pub mod metrics;
pub mod middleware;
pub mod pages;
pub mod problem;
pub mod state;

use hisaab_service::{App, Settings, telemetry};
use middleware::{csrf, request_context, security_headers, session};
use poem::endpoint::BoxEndpoint;
use poem::listener::{Listener, RustlsCertificate, RustlsConfig, TcpListener};
use poem::{EndpointExt, IntoEndpoint, Route, Server, get, post};
pub use state::AppState;

/// The largest request body accepted (413 beyond).
pub const MAX_BODY: usize = 1024 * 1024;

/// The whole route table. Tests call this with a test `AppState`.
pub fn app(state: AppState) -> BoxEndpoint<'static> {
    let public_url = state.app.settings.public_url.clone();
    let hsts = state.app.settings.tls_enabled();
    let pages = Route::new()
        .at("/", get(pages::landing))
        .at("/signup", get(pages::signup_page).post(pages::signup_submit))
        .at("/signup/validate", post(pages::signup_validate))
        .at("/signup/done", get(pages::signup_done))
        .at("/login", get(pages::login_page).post(pages::login_submit))
        .at("/logout", post(pages::logout))
        .at("/verify-email", get(pages::verify_email))
        .at("/verify-email/resend", post(pages::resend_verification))
        .at(
            "/password-reset",
            get(pages::reset_request_page).post(pages::reset_request_submit),
        )
        .at("/password-reset/sent", get(pages::reset_sent))
        .at(
            "/password-reset/confirm",
            get(pages::reset_confirm_page).post(pages::reset_confirm_submit),
        )
        .at("/app", get(pages::home))
        .nest("/app/finance", pages::finance::routes())
        .at("/settings/security", get(pages::security_page))
        .at("/settings/security/password", post(pages::change_password))
        .at(
            "/settings/security/sessions/:id/revoke",
            post(pages::revoke_session),
        )
        .nest("/social", social_pages())
        .around(pages::not_found)
        .around(session::around)
        .around(csrf::around);

    Route::new()
        .at("/health", get(health::health))
        .at("/health/ready", get(health::ready))
        .at("/robots.txt", get(pages::robots))
        .at("/sitemap.xml", get(pages::sitemap))
        .at("/assets/*path", get(assets::serve))
        .nest("/api/v1", api::routes(&public_url))
        .nest("/api/docs", api::docs(&public_url))
        .nest("/", pages)
        .around(|ep, req| middleware::body_limit::around(ep, req, MAX_BODY))
        .around(request_context::around)
        // Outermost, so every response gets the headers: errors, 404s, opaque 500s.
        .around(move |ep, req| security_headers::around(ep, req, hsts))
        .data(state)
        .into_endpoint()
        .boxed()
}

/// The social finance pages (under `/social`).
fn social_pages() -> Route {
    use pages::social as s;
    Route::new()
        .at("/", get(s::balances_page))
        .at("/contacts", get(s::contacts_page).post(s::create_contact))
        .at("/contacts/:id", get(s::contact_page))
        .at("/contacts/:id/debts", post(s::record_debt))
        .at("/contacts/:id/invite", post(s::invite_contact))
        .at("/contacts/:id/unlink", post(s::unlink_contact))
        .at("/invitations", get(s::invitations_page))
        .at(
            "/contact-groups",
            get(s::contact_groups_page).post(s::create_contact_group),
        )
        .at("/contact-groups/:id/delete", post(s::delete_contact_group))
        .at("/contact-groups/:id/expense-group", post(s::start_expense_group))
        .at("/invitations/:id/accept", post(s::accept_invitation))
        .at("/shared-debts/:id/settle", post(s::settle_shared_debt))
        .at("/invitations/:id/decline", post(s::decline_invitation))
        .at("/contacts/:id/debts/:debt/settle", post(s::settle_debt))
        .at("/groups", get(s::groups_page).post(s::create_group))
        .at("/groups/:id", get(s::group_page))
        .at("/groups/:id/settle", post(s::record_group_payment))
        .at("/groups/:id/expenses", post(s::create_expense))
        .at("/groups/:id/expenses/new", get(s::new_expense_page))
        .at("/groups/:id/expenses/preview", post(s::preview_expense))
        .at(
            "/expenses/:id/edit",
            get(s::edit_expense_page).post(s::update_expense),
        )
        .at("/expenses/:id/delete", post(s::delete_expense))
        .at("/expenses/:id/restore", post(s::restore_expense))
}

/// Runs the public server and its metrics listener until Ctrl-C / SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let app = App::start(settings).await?;
    let metrics = metrics::HttpMetrics::new();
    let state = AppState::new(app.clone(), metrics.clone());
    let settings = app.settings.clone();

    let metrics_addr = settings.web_metrics_addr;
    let registry = metrics.registry.clone();
    tokio::spawn(async move {
        if let Err(e) = telemetry::serve_metrics(metrics_addr, registry).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    });
    let pool_app = app.clone();
    tokio::spawn(async move {
        loop {
            metrics.sample_pool(&pool_app);
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });

    let endpoint = self::app(state);
    let addr = settings.web_addr;
    tracing::info!(%addr, public_url = %settings.public_url, "hisaab-web listening");
    let shutdown = shutdown_signal();
    match (&settings.tls_cert, &settings.tls_key) {
        (Some(cert), Some(key)) => {
            let cert = std::fs::read(cert)?;
            let key = std::fs::read(key)?;
            let listener = TcpListener::bind(addr)
                .rustls(RustlsConfig::new().fallback(RustlsCertificate::new().cert(cert).key(key)));
            Server::new(listener)
                .run_with_graceful_shutdown(endpoint, shutdown, Some(std::time::Duration::from_secs(10)))
                .await?;
        }
        _ => {
            Server::new(TcpListener::bind(addr))
                .run_with_graceful_shutdown(endpoint, shutdown, Some(std::time::Duration::from_secs(10)))
                .await?;
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
