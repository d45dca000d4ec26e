//! The admin console over its real route table (`hisaab_admin::app`), on a
//! fresh database per test (SQLite or PostgreSQL by `HISAAB_TEST_DATABASE`).

mod audit_page;
mod auth;
mod bulk;
mod cli;
mod dashboard;
mod jobs;
mod staff_actions;
mod two_factor;
mod user_filters;
mod user_tabs;
mod users;

use hisaab_http::metrics::HttpMetrics;
use hisaab_service::App;
use hisaab_service::entity::user::Role;
use hisaab_service::entity::{UserId, audit_log, outbox, session};
use hisaab_service::identity::{self, UserView};
use hisaab_service::outbox::{Event, OutgoingEmail};
use hisaab_service::testkit::{PASSWORD, TestApp};
use poem::endpoint::BoxEndpoint;
use poem::http::{StatusCode, header};
use poem::test::{TestClient, TestResponse};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Test settings are dev without `dev_insecure_cookies`: secure cookie names.
pub const ADMIN_COOKIE: &str = "__Host-hisaab_admin";
pub const CSRF_COOKIE: &str = "__Host-hisaab_csrf";
pub const WEB_COOKIE: &str = "__Host-hisaab_session";
pub const PENDING_COOKIE: &str = "__Host-hisaab_admin_pending";

/// One browser on the console: its CSRF cookie and token (from the sign-in
/// page, as a real browser gets them) and, once signed in, its session cookie.
pub struct Browser {
    pub cli: TestClient<BoxEndpoint<'static>>,
    pub csrf_cookie: String,
    pub csrf_token: String,
    pub session: Option<String>,
    /// A correct password waiting for its code or enrolment.
    pub pending: Option<String>,
}

impl Browser {
    pub async fn open(app: &App) -> Self {
        let cli = TestClient::new(hisaab_admin::app(hisaab_admin::state(
            app.clone(),
            HttpMetrics::new(),
        )));
        let resp = cli.get("/login").send().await;
        resp.assert_status_is_ok();
        let csrf_cookie = set_cookie(&resp, CSRF_COOKIE).expect("the sign-in page sets the CSRF cookie");
        let html = body(resp).await;
        let csrf_token =
            between(&html, r#"name="csrf_token" value=""#, "\"").expect("the form carries the token");
        Self {
            cli,
            csrf_cookie,
            csrf_token,
            session: None,
            pending: None,
        }
    }

    pub fn cookies(&self) -> String {
        let mut cookies = format!("{CSRF_COOKIE}={}", self.csrf_cookie);
        if let Some(s) = &self.session {
            cookies.push_str(&format!("; {ADMIN_COOKIE}={s}"));
        }
        if let Some(p) = &self.pending {
            cookies.push_str(&format!("; {PENDING_COOKIE}={p}"));
        }
        cookies
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.cli
            .get(path)
            .header(header::COOKIE, self.cookies())
            .send()
            .await
    }

    /// A GET as htmx sends it (`HX-Request`, plus any extra headers).
    pub async fn get_htmx(&self, path: &str, extra: &[(&str, &str)]) -> TestResponse {
        let mut req = self
            .cli
            .get(path)
            .header(header::COOKIE, self.cookies())
            .header("HX-Request", "true");
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        req.send().await
    }

    /// A form POST with this browser's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", &self.csrf_token)];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    /// A form POST (CSRF token added) that a trusted proxy says came from `ip`.
    pub async fn post_from(&self, ip: &str, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", &self.csrf_token)];
        form.extend_from_slice(fields);
        self.cli
            .post(path)
            .header(header::COOKIE, self.cookies())
            .header("X-Forwarded-For", ip)
            .form(&form)
            .send()
            .await
    }

    /// A form POST exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.cli
            .post(path)
            .header(header::COOKIE, self.cookies())
            .form(&fields)
            .send()
            .await
    }

    /// Posts the sign-in form; keeps the session and pending cookies it sets.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        let resp = self
            .post("/login", &[("email", email), ("password", password)])
            .await;
        self.keep_cookies(&resp);
        resp
    }

    /// Keeps the session and pending-sign-in cookies a response sets or clears.
    pub fn keep_cookies(&mut self, resp: &TestResponse) {
        if let Some(token) = set_cookie(resp, ADMIN_COOKIE) {
            self.session = (!token.is_empty()).then_some(token);
        }
        if let Some(token) = set_cookie(resp, PENDING_COOKIE) {
            self.pending = (!token.is_empty()).then_some(token);
        }
    }

    /// The enrolment page's secret (after a password, for staff without TOTP).
    pub async fn enrolment_secret(&self) -> String {
        let resp = self.get("/login/enrol").await;
        resp.assert_status_is_ok();
        let html = body(resp).await;
        between(&html, r#"id="totp-secret">"#, "<").expect("the page shows the secret")
    }

    /// Enrols with the code for `secret` at the app's time; the recovery codes page.
    pub async fn enrol(&mut self, app: &App, secret: &str) -> TestResponse {
        let code = identity::test_code_for_secret(secret, app.now());
        let resp = self.post("/login/enrol", &[("code", &code)]).await;
        self.keep_cookies(&resp);
        resp
    }

    /// Posts a code (TOTP or recovery) to the second step.
    pub async fn enter_code(&mut self, code: &str) -> TestResponse {
        let resp = self.post("/login/code", &[("code", code)]).await;
        self.keep_cookies(&resp);
        resp
    }
}

/// A superadmin, signed in to the console in a fresh browser.
pub async fn staff(t: &TestApp, email: &str) -> (UserView, Browser) {
    staff_with_role(t, email, Role::Superadmin).await
}

/// Staff of `role` (support or superadmin), signed in to the console: the
/// password, then TOTP enrolment (staff must have it) with a code from the
/// secret the page shows. The enrolment spends the clock's current step.
pub async fn staff_with_role(t: &TestApp, email: &str, role: Role) -> (UserView, Browser) {
    let user = t.user_with_role(email, role).await;
    let mut browser = Browser::open(&t.app).await;
    let resp = browser.sign_in(email, PASSWORD).await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login/enrol");
    assert!(browser.session.is_none(), "no session on a password alone");
    let secret = browser.enrolment_secret().await;
    browser.enrol(&t.app, &secret).await.assert_status_is_ok();
    assert!(browser.session.is_some(), "staff get a session");
    assert!(browser.pending.is_none());
    (user, browser)
}

/// The value of the named cookie in the response's `Set-Cookie` headers.
pub fn set_cookie(resp: &TestResponse, name: &str) -> Option<String> {
    set_cookie_line(resp, name).map(|line| {
        line[name.len() + 1..]
            .split(';')
            .next()
            .unwrap_or_default()
            .to_string()
    })
}

pub fn set_cookie_line(resp: &TestResponse, name: &str) -> Option<String> {
    resp.0
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

pub fn location(resp: &TestResponse) -> String {
    resp.0
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

pub fn request_id(resp: &TestResponse) -> String {
    resp.0
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("x-request-id")
        .to_string()
}

pub async fn body(resp: TestResponse) -> String {
    resp.0.into_body().into_string().await.expect("a text body")
}

pub fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(text[from..from + len].to_string())
}

/// HTML as a person reads it: the escapes the templates write for `/`, `&`
/// and quotes undone (enough to compare addresses).
pub fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The texts of the form's error summary.
pub fn error_summary(html: &str) -> String {
    between(html, r#"<ul class="error-summary__list">"#, "</ul>").unwrap_or_default()
}

/// Audit rows with this action about `subject`, oldest first.
pub async fn audit(app: &App, action: &str, subject: UserId) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::SubjectUserId.eq(subject))
        .order_by_asc(audit_log::Column::CreatedAt)
        .all(&app.db)
        .await
        .expect("read audit log")
}

/// Every email in the outbox, oldest first.
pub async fn emails(app: &App) -> Vec<OutgoingEmail> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .expect("read outbox")
        .into_iter()
        .filter_map(|row| match serde_json::from_str::<Event>(&row.payload) {
            Ok(Event::Email(email)) => Some(email),
            _ => None,
        })
        .collect()
}

/// Every session row (any surface, live or not) of a user.
pub async fn session_rows(app: &App, user: UserId) -> u64 {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user))
        .count(&app.db)
        .await
        .expect("count sessions")
}
