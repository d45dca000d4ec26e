//! `/api/v1/social/*` and the social pages, through the real route table.

mod api;
mod debt_corrections;
mod expense_list;
mod group_pages;
mod groups;
mod hindi;
mod pages;
mod reminders;
mod settlements;
mod sharing;
mod tour;

use hisaab_service::identity;
use hisaab_service::testkit::{self, TestApp};
use poem::endpoint::BoxEndpoint;
use poem::test::{TestClient, TestResponse};
use serde_json::Value;
use web::metrics::HttpMetrics;

use hisaab_web as web;

pub struct Harness {
    pub t: TestApp,
    pub cli: TestClient<BoxEndpoint<'static>>,
}

impl Harness {
    pub async fn new() -> Self {
        let t = TestApp::new().await;
        let state = hisaab_web::state(t.app.clone(), HttpMetrics::new());
        let cli = TestClient::new(web::app(state));
        Self { t, cli }
    }

    /// A verified user's bearer token.
    pub async fn token(&self, email: &str) -> String {
        let user = self.t.user(email).await;
        identity::issue_tokens(&self.t.app, &user, &testkit::meta())
            .await
            .unwrap()
            .access_token
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> TestResponse {
        self.cli
            .post(format!("/api/v1/social{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .body_json(body)
            .send()
            .await
    }

    pub async fn post_key(&self, token: &str, path: &str, key: &str, body: &Value) -> TestResponse {
        self.cli
            .post(format!("/api/v1/social{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Idempotency-Key", key)
            .body_json(body)
            .send()
            .await
    }

    pub async fn get(&self, token: &str, path: &str) -> TestResponse {
        self.cli
            .get(format!("/api/v1/social{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .send()
            .await
    }

    pub async fn patch(&self, token: &str, path: &str, if_match: Option<&str>, body: &Value) -> TestResponse {
        let mut req = self
            .cli
            .patch(format!("/api/v1/social{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .body_json(body);
        if let Some(tag) = if_match {
            req = req.header("If-Match", tag);
        }
        req.send().await
    }

    pub async fn delete(&self, token: &str, path: &str) -> TestResponse {
        self.cli
            .delete(format!("/api/v1/social{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .send()
            .await
    }
}

pub async fn json(resp: TestResponse) -> Value {
    resp.0.into_body().into_json().await.unwrap()
}

/// Asserts a status and returns the body as JSON.
pub async fn expect(resp: TestResponse, status: u16) -> Value {
    let actual = resp.0.status().as_u16();
    let body = json(resp).await;
    assert_eq!(actual, status, "{body:#}");
    body
}

/// The `(field, message)` pairs of a 422.
pub async fn invalid(resp: TestResponse) -> Vec<(String, String)> {
    let body = expect(resp, 422).await;
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
