//! The public web server: htmx pages, the `/api/v1` JSON API, health checks.

pub mod api;
pub mod flash;
pub mod live;
pub mod pages;
pub mod problem;

use hisaab_http::page_error;
use hisaab_http::server::{self, Tls};
pub use hisaab_http::{AppState, assets, health, metrics, middleware, state};
use hisaab_http::{Surface, metrics::HttpMetrics};
use hisaab_service::entity::session::Surface as SessionSurface;
use hisaab_service::{App, Settings};
use middleware::{csrf, request_context, security_headers, session};
use poem::endpoint::BoxEndpoint;
use poem::{EndpointExt, IntoEndpoint, Route, get, post};

/// The public site as the shared layers see it.
pub const SURFACE: Surface = Surface {
    sessions: SessionSurface::Web,
    session_cookie: "hisaab_session",
    flash_cookie: "hisaab_flash",
    flash_message: flash::message_for,
    sign_in_path: "/login",
    sign_in_returns: true,
    error_template: "shared/error.html",
    notification_bell: true,
};

/// The public site's state over a started (or test) `App`.
pub fn state(app: App, metrics: HttpMetrics) -> AppState {
    AppState::new(app, metrics, SURFACE)
}

/// The largest request body accepted (413 beyond).
pub const MAX_BODY: usize = 1024 * 1024;

/// The largest upload of a file to import (the file's own limit plus room
/// for the form's other fields), on the two paths that take one.
pub const MAX_IMPORT_BODY: usize = hisaab_service::imports::MAX_EXPORT_BYTES + 64 * 1024;

fn body_limit_for(req: &poem::Request) -> usize {
    let path = req.uri().path();
    if req.method() == poem::http::Method::POST
        && (path == "/api/v1/me/imports" || path == "/settings/data/imports")
    {
        MAX_IMPORT_BODY
    } else {
        MAX_BODY
    }
}

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
        .at(
            "/login/code",
            get(pages::login_code_page).post(pages::login_code_submit),
        )
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
        .at("/offline", get(pages::offline))
        .at("/events", get(pages::events))
        .nest("/app/finance", pages::finance::routes())
        .at(
            "/settings/profile",
            get(pages::profile_page).post(pages::update_profile),
        )
        .at("/settings/security", get(pages::security_page))
        .at("/settings/data", get(pages::data_page))
        .at("/settings/data/delete", post(pages::request_deletion))
        .at(
            "/settings/data/deletion-scheduled",
            get(pages::deletion_scheduled),
        )
        .at(
            "/settings/notifications",
            get(pages::notification_settings_page).post(pages::save_notification_settings),
        )
        .at("/settings/data/imports", post(pages::imports::upload))
        .at("/settings/data/imports/:id", get(pages::imports::import_page))
        .at(
            "/settings/data/imports/:id/confirm",
            post(pages::imports::confirm),
        )
        .at("/settings/data/exports", post(pages::request_export))
        .at("/settings/data/exports/:id/download", get(pages::download_export))
        .at("/notifications", get(pages::notifications_page))
        .at("/notifications/badge", get(pages::notification_badge))
        .at("/notifications/read-all", post(pages::read_all_notifications))
        .at("/notifications/:id/read", post(pages::read_notification))
        .at("/settings/security/password", post(pages::change_password))
        .at(
            "/settings/security/two-factor",
            get(pages::two_factor_setup).post(pages::two_factor_enable),
        )
        .at(
            "/settings/security/two-factor/recovery-codes",
            post(pages::two_factor_recovery_codes),
        )
        .at(
            "/settings/security/two-factor/disable",
            post(pages::two_factor_disable),
        )
        .at(
            "/settings/security/sessions/:id/revoke",
            post(pages::revoke_session),
        )
        .nest("/social", social_pages())
        .around(page_error::around)
        .around(session::around)
        .around(csrf::around);

    Route::new()
        .at("/health", get(health::health))
        .at("/health/ready", get(health::ready))
        .at("/robots.txt", get(pages::robots))
        .at("/sitemap.xml", get(pages::sitemap))
        .at("/manifest.webmanifest", get(pages::manifest))
        .at("/sw.js", get(pages::service_worker))
        .at("/assets/*path", get(assets::serve))
        // One-click unsubscribe (RFC 8058): the signed token is the
        // credential, so neither a session nor a CSRF token is asked for.
        .at(
            "/unsubscribe",
            get(pages::unsubscribe_page)
                .post(pages::unsubscribe)
                .around(page_error::around),
        )
        .nest("/api/v1", api::routes(&public_url))
        .nest("/api/docs", api::docs(&public_url))
        .nest("/", pages)
        .around(|ep, req| {
            let max = body_limit_for(&req);
            middleware::body_limit::around(ep, req, max)
        })
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
        .at(
            "/contacts/:id/edit",
            get(s::edit_contact_page).post(s::save_contact),
        )
        .at("/contacts/:id/archive", post(s::archive_contact_form))
        .at("/contacts/:id/restore", post(s::restore_contact_form))
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
        .at("/contacts/:id/debts/:debt/edit", post(s::update_debt))
        .at("/contacts/:id/debts/:debt/correct", post(s::correct_debt))
        .at("/contacts/:id/debts/:debt/delete", post(s::delete_debt))
        .at("/contacts/:id/debts/:debt/restore", post(s::restore_debt))
        .at("/contacts/:id/debts/:debt/remind", post(s::remind_debt))
        .at("/groups", get(s::groups_page).post(s::create_group))
        .at("/groups/:id", get(s::group_page))
        .at(
            "/groups/:id/settings",
            get(s::group_settings_page).post(s::rename_group),
        )
        .at("/groups/:id/archive", post(s::archive_group_form))
        .at("/groups/:id/restore", post(s::restore_group_form))
        .at("/groups/:id/members", post(s::add_member_form))
        .at("/groups/:id/members/:member/remove", post(s::remove_member_form))
        .at("/groups/:id/leave", post(s::leave_group_form))
        .at("/groups/:id/default-split", post(s::save_default_split))
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
        .at("/settlements/:id/delete", post(s::delete_settlement))
        .at("/settlements/:id/restore", post(s::restore_settlement))
}

/// Runs the public server and its metrics listener until Ctrl-C / SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let app = App::start(settings).await?;
    let metrics = HttpMetrics::new();
    let settings = app.settings.clone();
    server::start_metrics(&app, &metrics, settings.web_metrics_addr);
    let state = state(app, metrics);
    let _listening = state.listen();
    let endpoint = self::app(state);
    let addr = settings.web_addr;
    tracing::info!(%addr, public_url = %settings.public_url, "hisaab-web listening");
    let tls = match (&settings.tls_cert, &settings.tls_key) {
        (Some(cert), Some(key)) => Some(Tls {
            cert: cert.clone(),
            key: key.clone(),
        }),
        _ => None,
    };
    server::serve(endpoint, addr, tls, &["/events", "/api/v1/events"]).await
}
