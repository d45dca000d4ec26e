//! CSRF, security headers, request ids and the htmx page/partial contract.

use crate::support::*;
use hisaab_service::identity;
use hisaab_service::testkit::{PASSWORD, meta};
use poem::http::{Method, StatusCode};

const NEW_PASSWORD: &str = "tangerine-otter-87-violet";

#[track_caller]
fn assert_csrf_refused(resp: &Resp) {
    resp.assert_status(StatusCode::FORBIDDEN);
    assert!(resp.body.contains("This form has expired"), "{}", resp.body);
}

// ---------------------------------------------------------------- CSRF

#[tokio::test]
async fn forms_without_a_csrf_token_are_refused_and_change_nothing() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;

    assert_csrf_refused(
        &b.post_form("/login", &[("email", "asha@example.com"), ("password", PASSWORD)])
            .await,
    );
    assert_csrf_refused(
        &b.post_form(
            "/signup",
            &[
                ("display_name", "Bilal"),
                ("email", "bilal@example.com"),
                ("password", "tangerine-otter-87"),
            ],
        )
        .await,
    );
    assert_csrf_refused(&b.post_form("/logout", &[]).await);
    assert_csrf_refused(
        &b.post_form(
            "/settings/security/password",
            &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)],
        )
        .await,
    );
    assert_csrf_refused(
        &b.post_form("/password-reset", &[("email", "asha@example.com")])
            .await,
    );
    // An empty token is no token.
    assert_csrf_refused(&b.post_form("/logout", &[("csrf_token", "")]).await);
    // JSON bodies to page routes carry no token either.
    let json = b
        .request(Method::POST, "/logout")
        .content_type("application/json")
        .body(r#"{"csrf_token": "x"}"#);
    assert_csrf_refused(&b.send(json).await);

    assert!(h.emails().await.is_empty(), "no signup, no reset mail");
    b.get("/app").await.assert_status(StatusCode::OK);
    identity::sign_in(&h.t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("password unchanged");
}

#[tokio::test]
async fn a_token_from_another_browser_is_refused() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let mallory = h.browser();
    let foreign = mallory.csrf().await;
    let victim = h.browser();
    victim.sign_in("asha@example.com").await;
    assert_ne!(victim.csrf().await, foreign);

    let forms: [(&str, Vec<(&str, &str)>); 3] = [
        ("/logout", vec![]),
        (
            "/settings/security/password",
            vec![("current_password", PASSWORD), ("new_password", NEW_PASSWORD)],
        ),
        (
            "/login",
            vec![("email", "asha@example.com"), ("password", PASSWORD)],
        ),
    ];
    for (path, fields) in forms {
        let mut all = vec![("csrf_token", foreign.as_str())];
        all.extend(fields.iter().copied());
        assert_csrf_refused(&victim.post_form(path, &all).await);
        // In the htmx header too.
        let req = victim
            .request(Method::POST, path)
            .header("X-CSRF-Token", foreign.as_str())
            .form(&fields);
        assert_csrf_refused(&victim.send(req).await);
    }
    victim.get("/app").await.assert_status(StatusCode::OK);
    identity::sign_in(&h.t.app, "asha@example.com", PASSWORD, &meta())
        .await
        .expect("password unchanged");

    // A token with no cookie at all is refused, and the refusal sets a fresh cookie.
    let fresh = h.browser();
    let resp = fresh
        .post_form(
            "/login",
            &[
                ("csrf_token", &foreign),
                ("email", "asha@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_csrf_refused(&resp);
    assert!(resp.cookie(&h.csrf_cookie()).is_some());
    // A cookie that isn't a nonce we made is no better.
    let forged = h.browser();
    forged.set_cookie(&h.csrf_cookie(), "short");
    assert_csrf_refused(&forged.post_form("/logout", &[("csrf_token", &foreign)]).await);
}

#[tokio::test]
async fn the_csrf_token_works_in_the_form_or_the_header() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let token = b.csrf().await;
    let req = b
        .request(Method::POST, "/logout")
        .header("X-CSRF-Token", token.as_str());
    b.send(req).await.assert_redirect("/");
    // The nonce outlives sign-in and sign-out: the token stays the same.
    assert_eq!(b.csrf().await, token);
    let cookie = b.get("/").await;
    assert!(
        cookie.cookie(&h.csrf_cookie()).is_none(),
        "the nonce cookie is set once"
    );
}

#[tokio::test]
async fn the_csrf_cookie_is_host_only_http_only_and_lax() {
    let h = Harness::new().await;
    let resp = h.browser().get("/login").await;
    let cookie = resp.cookie("__Host-hisaab_csrf").expect("prefixed CSRF cookie");
    assert!(cookie.has("HttpOnly"));
    assert!(cookie.has("Secure"));
    assert_eq!(cookie.attr("SameSite"), Some("Lax"));
    assert_eq!(cookie.attr("Path"), Some("/"));
    assert!(cookie.attr("Domain").is_none());
    assert_eq!(cookie.value.len(), 43);
}

// ---------------------------------------------------------------- headers

#[track_caller]
fn assert_security_headers(resp: &Resp, what: &str) {
    let csp = resp
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"));
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_else(|| panic!("{what}: CSP without script-src: {csp}"));
    assert!(!script_src.contains("'unsafe-inline'"), "{what}: {script_src}");
    assert!(!script_src.contains("'unsafe-eval'"), "{what}: {script_src}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("object-src 'none'"), "{what}: {csp}");
    assert_eq!(resp.header("x-content-type-options"), Some("nosniff"), "{what}");
    assert!(
        resp.header("referrer-policy").is_some(),
        "{what}: Referrer-Policy"
    );
    assert_eq!(resp.header("x-frame-options"), Some("DENY"), "{what}");
    assert!(
        resp.header("x-request-id").is_some_and(|id| !id.is_empty()),
        "{what}: X-Request-Id"
    );
}

#[tokio::test]
async fn security_headers_on_pages_and_api() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    for path in [
        "/",
        "/login",
        "/signup",
        "/password-reset",
        "/app",
        "/robots.txt",
        "/sitemap.xml",
        "/health",
    ] {
        assert_security_headers(&b.get(path).await, path);
    }
    assert_security_headers(&b.post_form("/logout", &[]).await, "CSRF refusal");
    assert_security_headers(
        &b.login("asha@example.com", "wrong-password-here").await,
        "login error",
    );
    assert_security_headers(&h.api_get("/api/v1/me", None).await, "API 401");
    assert_security_headers(&h.api_get("/api/v1/openapi.json", None).await, "OpenAPI");
    assert_security_headers(&h.api_get("/api/v1/nope", None).await, "API 404");
    assert_security_headers(
        &h.api_post(
            "/api/v1/auth/token",
            serde_json::json!({ "email": "asha@example.com", "password": PASSWORD }),
        )
        .await,
        "API 200",
    );
    // No HSTS without TLS (it would pin plain-HTTP dev setups).
    assert!(b.get("/").await.header("strict-transport-security").is_none());
}

#[tokio::test]
async fn security_headers_on_error_responses_outside_the_api() {
    let h = Harness::new().await;
    let b = h.browser();
    assert_security_headers(&b.get("/no/such/page").await, "page 404");
    assert_security_headers(&b.send(b.request(Method::PUT, "/login")).await, "page 405");
}

#[tokio::test]
async fn request_ids_are_set_and_sane_ones_echoed() {
    let h = Harness::new().await;
    let b = h.browser();
    let a = b.get("/").await;
    let c = b.get("/").await;
    let id = a.header("x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    assert_ne!(Some(id), c.header("x-request-id"), "a fresh id per request");

    for sane in ["abc-123_XYZ", "0190f5c2-6f3e-7a8b-9c0d-1e2f3a4b5c6d"] {
        let resp = b
            .send(b.request(Method::GET, "/login").header("X-Request-Id", sane))
            .await;
        assert_eq!(resp.header("x-request-id"), Some(sane));
        let api = Harness::send(h.cli.get("/api/v1/me").header("X-Request-Id", sane)).await;
        assert_eq!(api.header("x-request-id"), Some(sane));
    }
    let long = "a".repeat(65);
    for insane in ["has space", "semi;colon", "<script>", long.as_str(), ""] {
        let resp = b
            .send(b.request(Method::GET, "/login").header("X-Request-Id", insane))
            .await;
        let id = resp.header("x-request-id").unwrap();
        assert_ne!(id, insane);
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{insane:?} replaced by {id}");
    }
}

// ---------------------------------------------------------------- htmx

#[tokio::test]
async fn pages_vary_on_hx_request() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    for path in [
        "/",
        "/login",
        "/signup",
        "/password-reset",
        "/password-reset/confirm?token=x",
    ] {
        let resp = b.get(path).await;
        assert!(
            resp.header("vary")
                .is_some_and(|v| v.to_ascii_lowercase().contains("hx-request")),
            "{path}: Vary {:?}",
            resp.header("vary")
        );
    }
    let error = b.login("asha@example.com", "wrong-password-here").await;
    assert!(error.header("vary").is_some_and(|v| v.contains("HX-Request")));
    b.sign_in("asha@example.com").await;
    for path in ["/app", "/settings/security"] {
        assert!(
            b.get(path)
                .await
                .header("vary")
                .is_some_and(|v| v.contains("HX-Request")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn htmx_login_error_is_only_the_form_partial() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    let resp = b
        .submit_htmx(
            "/login",
            &[
                ("email", "asha@example.com"),
                ("password", "wrong-password-here"),
                ("next", ""),
            ],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    resp.assert_fragment();
    assert!(resp.body.trim_start().starts_with("<form"));
    assert!(resp.body.trim_end().ends_with("</form>"));
    assert!(
        resp.body.contains("name=\"csrf_token\""),
        "the partial keeps its CSRF field"
    );
    assert!(resp.header("vary").is_some_and(|v| v.contains("HX-Request")));
}

#[tokio::test]
async fn boosted_and_history_restore_requests_get_the_full_page() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    let token = b.csrf().await;
    let fields = [
        ("email", "asha@example.com"),
        ("password", "wrong-password-here"),
        ("next", ""),
    ];
    let boosted = b
        .request(Method::POST, "/login")
        .header("HX-Request", "true")
        .header("HX-Boosted", "true")
        .header("X-CSRF-Token", token.as_str())
        .form(&fields);
    let resp = b.send(boosted).await;
    // A form refused over htmx answers 422 (the form's validation answer),
    // boosted or not; boosted still gets the whole page.
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    resp.assert_full_page();

    let restore = b
        .request(Method::GET, "/login")
        .header("HX-Request", "true")
        .header("HX-History-Restore-Request", "true");
    let resp = b.send(restore).await;
    resp.assert_status(StatusCode::OK);
    resp.assert_full_page();

    let boosted_get = b
        .request(Method::GET, "/signup")
        .header("HX-Request", "true")
        .header("HX-Boosted", "true");
    b.send(boosted_get).await.assert_full_page();
}

#[tokio::test]
async fn pages_have_no_inline_scripts() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    let mut bodies = Vec::new();
    for path in [
        "/",
        "/login",
        "/signup",
        "/password-reset",
        "/password-reset/confirm?token=x",
    ] {
        bodies.push((path, b.get(path).await.body));
    }
    b.sign_in("asha@example.com").await;
    for path in ["/app", "/settings/security"] {
        bodies.push((path, b.get(path).await.body));
    }
    for (path, body) in bodies {
        for (i, _) in body.match_indices("<script") {
            let tag_end = body[i..].find('>').unwrap() + i;
            let tag = &body[i..=tag_end];
            assert!(
                tag.contains(" src=\"/assets/"),
                "{path}: inline or foreign script {tag}"
            );
            assert!(
                body[tag_end + 1..].starts_with("</script>"),
                "{path}: script with a body"
            );
        }
        assert!(
            !body.contains(" onclick=") && !body.contains(" onload="),
            "{path}: inline handler"
        );
        assert!(!body.contains("<style"), "{path}: inline style element");
    }
}

#[tokio::test]
async fn a_malformed_percent_escape_in_the_csrf_field_is_a_403_not_a_500() {
    let h = Harness::new().await;
    let b = h.browser();
    b.csrf().await;
    for body in [
        "csrf_token=%a\u{e9}",
        "csrf_token=\u{e9}%\u{e9}x&email=a",
        "csrf_token=%\u{1F600}",
    ] {
        let req = b
            .request(Method::POST, "/login")
            .content_type("application/x-www-form-urlencoded")
            .body(body);
        assert_csrf_refused(&b.send(req).await);
    }
}

#[tokio::test]
async fn odd_csrf_fields_are_refused_without_a_500() {
    let h = Harness::new().await;
    let b = h.browser();
    b.csrf().await;
    for body in [
        "csrf_token=%",
        "csrf_token=%zz",
        "csrf_token",
        "=&&==",
        "csrf_token=%ff%fe",
        "csrf_token=a+b%2",
    ] {
        let req = b
            .request(Method::POST, "/logout")
            .content_type("application/x-www-form-urlencoded")
            .body(body);
        assert_csrf_refused(&b.send(req).await);
    }
}

// ---------------------------------------------------------------- per-IP limits over HTTP

#[tokio::test]
async fn the_per_ip_limit_ignores_forwarded_for_unless_the_proxy_is_trusted() {
    let h = Harness::with_settings(|s| s.auth_rate_limit_per_minute = 3).await;
    h.t.user("asha@example.com").await;
    // Not behind a trusted proxy: a client can't escape the limit by claiming other addresses.
    for n in 0..3 {
        let req = h
            .cli
            .post("/api/v1/auth/token")
            .header("X-Forwarded-For", format!("203.0.113.{n}"))
            .content_type("application/json")
            .body(serde_json::json!({ "email": "asha@example.com", "password": PASSWORD }).to_string());
        Harness::send(req).await.assert_status(StatusCode::OK);
    }
    let req = h
        .cli
        .post("/api/v1/auth/token")
        .header("X-Forwarded-For", "203.0.113.99")
        .content_type("application/json")
        .body(serde_json::json!({ "email": "asha@example.com", "password": PASSWORD }).to_string());
    let resp = Harness::send(req).await;
    resp.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = resp.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&secs));
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_is_per_client_address() {
    let h = Harness::with_settings(|s| {
        s.auth_rate_limit_per_minute = 3;
        s.trust_proxy = true;
    })
    .await;
    h.t.user("asha@example.com").await;
    let token = |xff: &'static str| {
        h.cli
            .post("/api/v1/auth/token")
            .header("X-Forwarded-For", xff)
            .header("User-Agent", "proxy-test")
            .content_type("application/json")
            .body(serde_json::json!({ "email": "asha@example.com", "password": PASSWORD }).to_string())
    };
    Harness::send(token("203.0.113.5"))
        .await
        .assert_status(StatusCode::OK);
    // Only the entry our proxy appended counts; what the client put first is ignored.
    Harness::send(token("198.51.100.1, 203.0.113.5"))
        .await
        .assert_status(StatusCode::OK);
    Harness::send(token("10.0.0.1,203.0.113.5"))
        .await
        .assert_status(StatusCode::OK);
    let limited = Harness::send(token("198.51.100.2, 203.0.113.5")).await;
    limited.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("retry-after").is_some());
    Harness::send(token("203.0.113.6"))
        .await
        .assert_status(StatusCode::OK);

    // The same limit on the pages, and the audit log records the client address.
    let b = h.browser();
    let token = b.csrf().await;
    let page_login = b
        .request(Method::POST, "/login")
        .header("X-Forwarded-For", "203.0.113.5")
        .header("X-CSRF-Token", token)
        .form(&[("email", "asha@example.com"), ("password", PASSWORD)]);
    let resp = b.send(page_login).await;
    resp.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.body.contains("Too many attempts from your network"));
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let audit = hisaab_service::entity::audit_log::Entity::find()
        .filter(hisaab_service::entity::audit_log::Column::Action.eq("auth.sign_in.success"))
        .all(&h.t.app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 4);
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.ip.as_deref() == Some("203.0.113.5"))
            .count(),
        3
    );
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.ip.as_deref() == Some("203.0.113.6"))
            .count(),
        1
    );
    assert!(
        audit
            .iter()
            .all(|a| a.user_agent.as_deref() == Some("proxy-test"))
    );
}
