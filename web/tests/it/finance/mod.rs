//! Finance API and page tests through the real route table.

mod api;
mod api_more;
mod i18n_pages;
mod keys;
mod pages;
mod wealth_api;
mod wealth_pages;

use hisaab_service::entity::session::Surface;
use hisaab_service::entity::user::Role;
use hisaab_service::identity::{self, UserView};
use hisaab_service::testkit::{TestApp, meta};
use hisaab_web::AppState;
use hisaab_web::metrics::HttpMetrics;
use hisaab_web::middleware::{cookies, csrf};
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::Value;

pub struct Harness {
    pub t: TestApp,
    pub state: AppState,
    pub cli: TestClient<BoxEndpoint<'static>>,
}

impl Harness {
    pub async fn new() -> Self {
        let t = TestApp::new().await;
        let state = hisaab_web::state(t.app.clone(), HttpMetrics::new());
        let cli = TestClient::new(hisaab_web::app(state.clone()));
        Self { t, state, cli }
    }

    pub async fn user(&self, email: &str) -> (UserView, String) {
        self.user_with_role(email, Role::User).await
    }

    pub async fn user_with_role(&self, email: &str, role: Role) -> (UserView, String) {
        let u = self.t.user_with_role(email, role).await;
        let tokens = identity::issue_tokens(&self.t.app, &u, &meta()).await.unwrap();
        (u, tokens.access_token)
    }

    /// Cookies and the CSRF header for a signed-in browser.
    pub async fn browser(&self, user: &UserView) -> Browser {
        let session = identity::create_session(&self.t.app, user, Surface::Web, None, &meta())
            .await
            .unwrap();
        let secure = self.t.app.settings.secure_cookies();
        let nonce = "n".repeat(43);
        let cookie = format!(
            "{}={}; {}={}",
            cookies::name(secure, "hisaab_session"),
            session,
            cookies::name(secure, "hisaab_csrf"),
            nonce
        );
        Browser {
            cookie,
            csrf: csrf::token_for(&self.state, &nonce),
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        idem: Option<&str>,
    ) -> (StatusCode, Value, poem::http::HeaderMap) {
        let mut req = match method {
            "GET" => self.cli.get(path),
            "POST" => self.cli.post(path),
            "PATCH" => self.cli.patch(path),
            "DELETE" => self.cli.delete(path),
            _ => unreachable!(),
        };
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(k) = idem {
            req = req.header("idempotency-key", k);
        }
        if let Some(b) = body {
            req = req.body_json(&b);
        }
        let resp = req.send().await;
        let status = resp.0.status();
        let headers = resp.0.headers().clone();
        let bytes = resp.0.into_body().into_bytes().await.unwrap();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, value, headers)
    }
}

pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// The field names of a 422 problem.
pub fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}
