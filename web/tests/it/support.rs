//! The HTTP test harness: the real route table (`hisaab_web::app`) on a fresh
//! `TestApp`, driven through poem's `TestClient`. A `Browser` keeps its own
//! cookie jar (TestClient keeps none) and reads CSRF tokens out of pages.

use hisaab_service::entity::outbox as outbox_entity;
use hisaab_service::outbox::{Event, OutgoingEmail};
use hisaab_service::settings::Settings;
use hisaab_service::testkit::{PASSWORD, TestApp};
use hisaab_web::metrics::HttpMetrics;
use poem::endpoint::BoxEndpoint;
use poem::http::{HeaderMap, Method, StatusCode, header};
use poem::test::{TestClient, TestRequestBuilder};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Mutex;

pub type Endpoint = BoxEndpoint<'static>;

pub struct Harness {
    pub t: TestApp,
    pub cli: TestClient<Endpoint>,
    /// The server's state: its hub holds the open event streams.
    pub state: hisaab_web::AppState,
}

impl Harness {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    pub async fn with_settings(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::on(TestApp::with_settings(adjust).await)
    }

    /// The server on a prepared `TestApp` (say, one whose connection
    /// counts its statements).
    pub fn on(t: TestApp) -> Self {
        let state = hisaab_web::state(t.app.clone(), HttpMetrics::new());
        let cli = TestClient::new(hisaab_web::app(state.clone()));
        Self { t, cli, state }
    }

    /// A browser with an empty cookie jar.
    pub fn browser(&self) -> Browser<'_> {
        self.browser_as("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0")
    }

    pub fn browser_as(&self, user_agent: &str) -> Browser<'_> {
        Browser {
            h: self,
            jar: Mutex::default(),
            user_agent: user_agent.into(),
        }
    }

    pub fn secure(&self) -> bool {
        self.t.app.settings.secure_cookies()
    }

    /// A cookie's name with the `__Host-` prefix when cookies are secure.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.secure() {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }

    pub fn session_cookie(&self) -> String {
        self.cookie_name("hisaab_session")
    }

    pub fn csrf_cookie(&self) -> String {
        self.cookie_name("hisaab_csrf")
    }

    pub async fn send(req: TestRequestBuilder<'_, Endpoint>) -> Resp {
        let resp = req.send().await.0;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().into_vec().await.expect("read body");
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A JSON API call without cookies.
    pub async fn api(&self, method: Method, path: &str, body: Option<Value>, bearer: Option<&str>) -> Resp {
        let mut req = self.cli.request(method, path);
        if let Some(token) = bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(body) = body {
            req = req.content_type("application/json").body(body.to_string());
        }
        Self::send(req).await
    }

    pub async fn api_post(&self, path: &str, body: Value) -> Resp {
        self.api(Method::POST, path, Some(body), None).await
    }

    pub async fn api_get(&self, path: &str, bearer: Option<&str>) -> Resp {
        self.api(Method::GET, path, None, bearer).await
    }

    /// An access/refresh pair for a verified user made with `PASSWORD`.
    pub async fn tokens_for(&self, email: &str) -> (String, String) {
        let resp = self
            .api_post(
                "/api/v1/auth/token",
                serde_json::json!({ "email": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
        let json = resp.json();
        (
            json["access_token"].as_str().unwrap().into(),
            json["refresh_token"].as_str().unwrap().into(),
        )
    }

    /// Every email in the outbox, oldest first.
    pub async fn emails(&self) -> Vec<OutgoingEmail> {
        outbox_entity::Entity::find()
            .order_by_asc(outbox_entity::Column::CreatedAt)
            .order_by_asc(outbox_entity::Column::Id)
            .all(&self.t.app.db)
            .await
            .expect("read outbox")
            .into_iter()
            .filter_map(
                |row| match serde_json::from_str::<Event>(&row.payload).expect("payload parses") {
                    Event::Email(email) => Some(email),
                    _ => None,
                },
            )
            .collect()
    }

    pub async fn emails_with(&self, template: &str) -> Vec<OutgoingEmail> {
        self.emails()
            .await
            .into_iter()
            .filter(|e| e.template == template)
            .collect()
    }

    /// The newest email with `template`.
    pub async fn last_email(&self, template: &str) -> OutgoingEmail {
        self.emails_with(template)
            .await
            .pop()
            .unwrap_or_else(|| panic!("no {template} email"))
    }

    /// The path and query of an email's `link`, to request it from the app.
    pub fn link_path(&self, email: &OutgoingEmail) -> String {
        let link = email.context["link"].as_str().expect("email has a link");
        link.strip_prefix(&self.t.app.settings.public_url)
            .expect("link into the app")
            .to_string()
    }
}

/// One browser: a cookie jar and a user agent.
pub struct Browser<'a> {
    pub h: &'a Harness,
    jar: Mutex<BTreeMap<String, String>>,
    user_agent: String,
}

impl<'a> Browser<'a> {
    pub fn request(&self, method: Method, path: &str) -> TestRequestBuilder<'a, Endpoint> {
        let mut req = self
            .h
            .cli
            .request(method, path)
            .header(header::USER_AGENT, self.user_agent.as_str());
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            req = req.header(header::COOKIE, cookies);
        }
        req
    }

    fn cookie_header(&self) -> String {
        let jar = self.jar.lock().unwrap();
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Sends a request and keeps the cookies it sets.
    pub async fn send(&self, req: TestRequestBuilder<'_, Endpoint>) -> Resp {
        let resp = Harness::send(req).await;
        let mut jar = self.jar.lock().unwrap();
        for line in resp.set_cookies() {
            let cookie = parse_set_cookie(&line);
            if cookie.value.is_empty() || cookie.attrs.get("max-age").is_some_and(|v| v == "0") {
                jar.remove(&cookie.name);
            } else {
                jar.insert(cookie.name, cookie.value);
            }
        }
        resp
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn get_htmx(&self, path: &str) -> Resp {
        self.send(self.request(Method::GET, path).header("HX-Request", "true"))
            .await
    }

    /// A form POST exactly as given (no CSRF token added).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.send(self.request(Method::POST, path).form(&fields)).await
    }

    /// A form POST with the page's CSRF token, as a browser submits it.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }

    /// The same submission made by htmx: `HX-Request` and the token in `X-CSRF-Token`.
    pub async fn submit_htmx(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let req = self
            .request(Method::POST, path)
            .header("HX-Request", "true")
            .header("X-CSRF-Token", token)
            .form(&fields);
        self.send(req).await
    }

    /// The CSRF token the app puts in this browser's pages.
    pub async fn csrf(&self) -> String {
        let page = self.get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        csrf_in(&page.body).expect("the page carries a CSRF token")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar.lock().unwrap().insert(name.into(), value.into());
    }

    /// Signs in through the login form.
    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.submit(
            "/login",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// Signs in and checks it worked.
    pub async fn sign_in(&self, email: &str) {
        let resp = self.login(email, PASSWORD).await;
        assert_eq!(resp.status, StatusCode::SEE_OTHER, "sign in: {}", resp.body);
        assert!(
            self.cookie(&self.h.session_cookie()).is_some(),
            "a session cookie was set"
        );
    }
}

/// A response with its body read.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> &str {
        self.header("location")
            .unwrap_or_else(|| panic!("no Location ({}): {}", self.status, self.body))
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    /// The `Set-Cookie` for `name`, parsed.
    pub fn cookie(&self, name: &str) -> Option<SetCookie> {
        self.set_cookies()
            .iter()
            .map(|l| parse_set_cookie(l))
            .find(|c| c.name == name)
    }

    #[track_caller]
    pub fn assert_status(&self, status: StatusCode) {
        assert_eq!(self.status, status, "body: {}", self.body);
    }

    #[track_caller]
    pub fn assert_redirect(&self, to: &str) {
        self.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(self.location(), to);
    }

    /// A full page: the layout around the content.
    #[track_caller]
    pub fn assert_full_page(&self) {
        assert!(
            self.body.starts_with("<!doctype html>"),
            "not a full page: {}",
            self.body
        );
        for part in [
            "<html lang=\"en\" dir=\"ltr\">",
            "<main id=\"main\"",
            "class=\"topbar\"",
            "class=\"footer\"",
            "</html>",
        ] {
            assert!(self.body.contains(part), "layout lacks {part}");
        }
        assert!(
            self.header("content-type")
                .unwrap_or_default()
                .starts_with("text/html")
        );
    }

    /// An htmx fragment: no layout.
    #[track_caller]
    pub fn assert_fragment(&self) {
        assert!(
            !self.body.contains("<html"),
            "expected a fragment, got a page: {}",
            self.body
        );
        assert!(!self.body.contains("<!doctype"), "expected a fragment");
    }
}

pub struct SetCookie {
    pub name: String,
    pub value: String,
    /// Lower-cased attribute names; flags map to "".
    pub attrs: BTreeMap<String, String>,
}

impl SetCookie {
    pub fn has(&self, attr: &str) -> bool {
        self.attrs.contains_key(&attr.to_ascii_lowercase())
    }
    pub fn attr(&self, attr: &str) -> Option<&str> {
        self.attrs.get(&attr.to_ascii_lowercase()).map(String::as_str)
    }
}

pub fn parse_set_cookie(line: &str) -> SetCookie {
    let mut parts = line.split(';').map(str::trim);
    let (name, value) = parts.next().and_then(|p| p.split_once('=')).expect("name=value");
    let attrs = parts
        .map(|a| match a.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), v.to_string()),
            None => (a.to_ascii_lowercase(), String::new()),
        })
        .collect();
    SetCookie {
        name: name.into(),
        value: value.into(),
        attrs,
    }
}

/// The CSRF token in a page: a form's hidden field, else the htmx header map.
pub fn csrf_in(html: &str) -> Option<String> {
    let quoted_after = |marker: &str| {
        let start = html.find(marker)? + marker.len();
        let end = html[start..].find('"')? + start;
        Some(html[start..end].to_string())
    };
    quoted_after("name=\"csrf_token\" value=\"")
        .or_else(|| quoted_after("\"X-CSRF-Token\":\""))
        .or_else(|| quoted_after("\"X-CSRF-Token\": \""))
        .filter(|t| !t.is_empty())
}

/// Every `action="…"` of the page's forms that starts with `prefix`.
pub fn form_actions(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!("action=\"{prefix}");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let start = i + "action=\"".len();
            let end = html[start..].find('"').unwrap() + start;
            html[start..end].to_string()
        })
        .collect()
}

/// What must never appear in an error body.
pub fn assert_no_leak(body: &str) {
    for word in [
        "sqlx",
        "panicked",
        "SELECT",
        "sea_orm",
        "stack backtrace",
        "src/",
        ".rs:",
        "DbErr",
    ] {
        assert!(!body.contains(word), "error body leaks {word:?}: {body}");
    }
}
