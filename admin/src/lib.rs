//! The internal admin console: staff-only pages on their own listener
//! (loopback by default), plus the account CLI. Handlers call the service's
//! `admin_*` use cases, which check the staff role and write the audit log;
//! the HTTP plumbing (CSRF, sessions, request ids, security headers, page
//! errors, metrics, health, assets) is the shared kit's (`hisaab-http`).

pub mod cli;
pub mod flash;
pub mod pages;
pub mod session;

use hisaab_http::metrics::HttpMetrics;
use hisaab_http::middleware::{body_limit, csrf, request_context, security_headers};
use hisaab_http::{AppState, Surface, assets, health, page_error, server};
use hisaab_service::entity::session::Surface as SessionSurface;
use hisaab_service::{App, Settings};
use poem::endpoint::BoxEndpoint;
use poem::{EndpointExt, IntoEndpoint, Route, get, post};

/// The console only receives small forms.
pub const MAX_BODY: usize = 64 * 1024;

/// The console as the shared layers see it: staff sessions in their own
/// cookie, its own flash cookie, its own error page.
pub const SURFACE: Surface = Surface {
    sessions: SessionSurface::Admin,
    session_cookie: "hisaab_admin",
    flash_cookie: "hisaab_admin_flash",
    flash_message: flash::message_for,
    sign_in_path: "/login",
    sign_in_returns: false,
    error_template: "admin/error.html",
    notification_bell: false,
};

/// The console's state over a started (or test) `App`.
pub fn state(app: App, metrics: HttpMetrics) -> AppState {
    AppState::new(app, metrics, SURFACE)
}

/// The whole route table. Tests call this with `state(..)` over a test `App`.
pub fn app(state: AppState) -> BoxEndpoint<'static> {
    let console = Route::new()
        .at("/", get(pages::dashboard_page))
        .at("/login", get(pages::login_page).post(pages::login_submit))
        .at("/login/code", get(pages::code_page).post(pages::code_submit))
        .at("/login/enrol", get(pages::enrol_page).post(pages::enrol_submit))
        .at("/logout", post(pages::logout))
        .at("/users", get(pages::users_list))
        .at("/users/:id", get(pages::user_detail))
        .at("/users/:id/:tab", get(pages::user_records))
        .at("/users/:id/lock", post(pages::lock))
        .at("/users/:id/unlock", post(pages::unlock))
        .at("/users/:id/role", post(pages::set_role))
        .at("/users/:id/revoke-sessions", post(pages::revoke_sessions))
        .at("/users/:id/plan", post(pages::set_plan))
        .at("/users/:id/mark-verified", post(pages::mark_verified))
        .at("/users/:id/resend-verification", post(pages::resend_verification))
        .at("/users/:id/send-password-reset", post(pages::send_password_reset))
        .at(
            "/users/bulk/:action",
            get(pages::bulk_confirm).post(pages::bulk_apply),
        )
        .at("/audit", get(pages::audit_list))
        .at("/jobs", get(pages::jobs_list))
        .at("/jobs/outbox/retry-failed", post(pages::retry_all_failed))
        .at("/jobs/outbox/:id/retry", post(pages::retry_event))
        .at("/jobs/queue/retry-failed", post(pages::retry_all_failed_jobs))
        .at("/jobs/queue/:id/retry", post(pages::retry_job))
        .around(page_error::around)
        .around(pages::second_step_gate)
        .around(hisaab_http::middleware::session::around)
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
    server::start_metrics(&app, &metrics, settings.admin_metrics_addr);
    let endpoint = self::app(state(app, metrics));
    let addr = settings.admin_addr;
    tracing::info!(%addr, "hisaab-admin listening");
    server::serve(endpoint, addr, None, &[]).await
}
