//! Internationalisation (issue 15): the reader's language (setting, else
//! `Accept-Language`, else English) on pages, the API's `locale`, the
//! profile's language choice, problem titles and emails in the recipient's
//! language.

use crate::api::{assert_problem, problem_fields};
use crate::support::*;
use hisaab_service::identity::{self, ProfileInput};
use hisaab_service::mail;
use hisaab_service::templating::Templates;
use poem::http::{Method, StatusCode, header};
use serde_json::json;

async fn get_with_language(browser: &Browser<'_>, path: &str, accept_language: &str) -> Resp {
    browser
        .send(
            browser
                .request(Method::GET, path)
                .header(header::ACCEPT_LANGUAGE, accept_language),
        )
        .await
}

async fn set_locale(h: &Harness, email: &str, locale: Option<&str>) {
    let user = identity::sign_in(
        &h.t.app,
        email,
        hisaab_service::testkit::PASSWORD,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    identity::update_profile(
        &h.t.app,
        &h.t.actor(&user),
        ProfileInput {
            locale: Some(locale.map(str::to_string)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_signed_out_page_follows_accept_language() {
    let h = Harness::new().await;
    let browser = h.browser();

    let hindi = get_with_language(&browser, "/login", "hi-IN,hi;q=0.9,en;q=0.8").await;
    hindi.assert_status(StatusCode::OK);
    assert!(
        hindi.body.contains(r#"<html lang="hi" dir="ltr">"#),
        "{}",
        &hindi.body[..200]
    );
    assert!(hindi.body.contains("Hisaab में साइन इन करें"));
    assert!(hindi.body.contains("मुख्य सामग्री पर जाएँ"), "the skip link");
    assert!(hindi.body.contains("पासवर्ड भूल गए?"));
    assert!(hindi.body.contains("<title>साइन इन करें · Hisaab</title>"));
    assert!(!hindi.body.contains("Sign in to Hisaab"));

    // q-values: the higher one wins whatever the order.
    let weighted = get_with_language(&browser, "/login", "en;q=0.4, hi;q=0.8").await;
    assert!(weighted.body.contains(r#"lang="hi""#));
    // Unsupported: English.
    let french = get_with_language(&browser, "/login", "fr-FR, de;q=0.9").await;
    assert!(french.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(french.body.contains("Sign in to Hisaab"));
    // en-IN is its own locale (English words, Indian grouping).
    let en_in = get_with_language(&browser, "/signup", "en-IN").await;
    assert!(en_in.body.contains(r#"lang="en-IN""#));
    assert!(en_in.body.contains("Create your account"));
}

#[tokio::test]
async fn a_refusal_on_a_hindi_page_is_in_hindi() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let browser = h.browser();
    let token = browser.csrf().await;
    let req = browser
        .request(Method::POST, "/login")
        .header(header::ACCEPT_LANGUAGE, "hi")
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "asha@example.com"),
            ("password", "not-the-password"),
            ("next", ""),
        ]);
    let resp = browser.send(req).await;
    assert!(resp.body.contains("ईमेल या पासवर्ड सही नहीं है।"), "{}", resp.body);
    assert!(resp.body.contains("कुछ ठीक करना है"), "the error summary's title");
}

#[tokio::test]
async fn the_setting_beats_the_browser() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    set_locale(&h, "asha@example.com", Some("hi")).await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let home = get_with_language(&browser, "/app", "en-US,en;q=0.9").await;
    home.assert_status(StatusCode::OK);
    assert!(home.body.contains(r#"<html lang="hi" dir="ltr">"#));
    assert!(home.body.contains("नमस्ते, asha"), "the dashboard's heading");
    assert!(home.body.contains("आपका पैसा"));
    assert!(home.body.contains("साइन आउट"), "the navigation");
    assert!(home.body.contains("फिर से स्वागत है।"), "the sign-in note");

    // Back to "not chosen": the browser decides again.
    set_locale(&h, "asha@example.com", None).await;
    let home = get_with_language(&browser, "/app", "en-US,en;q=0.9").await;
    assert!(home.body.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(home.body.contains("Your money"));
}

#[tokio::test]
async fn the_api_reads_validates_and_changes_the_locale() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (ravi, _) = h.tokens_for("ravi@example.com").await;

    let me = h.api_get("/api/v1/me", Some(&asha)).await;
    me.assert_status(StatusCode::OK);
    assert_eq!(me.json()["locale"], json!(null), "not chosen");

    let patched = h
        .api(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "locale": "hi" })),
            Some(&asha),
        )
        .await;
    patched.assert_status(StatusCode::OK);
    assert_eq!(patched.json()["locale"], "hi");
    assert_eq!(h.api_get("/api/v1/me", Some(&asha)).await.json()["locale"], "hi");

    // Spelled any case: stored as the app spells it.
    let patched = h
        .api(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "locale": "EN-in" })),
            Some(&asha),
        )
        .await;
    assert_eq!(patched.json()["locale"], "en-IN");

    for bad in [json!("fr"), json!(""), json!("hi-IN"), json!(7)] {
        let refused = h
            .api(
                Method::PATCH,
                "/api/v1/me",
                Some(json!({ "locale": bad })),
                Some(&asha),
            )
            .await;
        assert_eq!(problem_fields(&refused), ["locale"], "{bad}: {}", refused.body);
    }
    assert_eq!(
        h.api_get("/api/v1/me", Some(&asha)).await.json()["locale"],
        "en-IN"
    );

    // Left out: kept. null: cleared.
    let renamed = h
        .api(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "display_name": "Asha R" })),
            Some(&asha),
        )
        .await;
    assert_eq!(renamed.json()["locale"], "en-IN");
    let cleared = h
        .api(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({ "locale": null })),
            Some(&asha),
        )
        .await;
    cleared.assert_status(StatusCode::OK);
    assert_eq!(cleared.json()["locale"], json!(null));

    // Another person's language never moved.
    h.api(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({ "locale": "hi" })),
        Some(&asha),
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(
        h.api_get("/api/v1/me", Some(&ravi)).await.json()["locale"],
        json!(null)
    );
}

#[tokio::test]
async fn problem_titles_follow_accept_language() {
    let h = Harness::new().await;
    let req = h
        .cli
        .request(Method::GET, "/api/v1/me")
        .header(header::ACCEPT_LANGUAGE, "hi");
    let resp = Harness::send(req).await;
    let body = assert_problem(&resp, StatusCode::UNAUTHORIZED);
    assert_eq!(body["title"], "साइन इन नहीं है");
    assert_eq!(resp.header("content-language"), Some("hi"));

    h.t.user("asha@example.com").await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let req = h
        .cli
        .request(Method::PATCH, "/api/v1/me")
        .header(header::AUTHORIZATION, format!("Bearer {asha}"))
        .header(header::ACCEPT_LANGUAGE, "hi")
        .content_type("application/json")
        .body(json!({ "locale": "fr" }).to_string());
    let resp = Harness::send(req).await;
    let body = assert_problem(&resp, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["title"], "अमान्य अनुरोध");
    assert_eq!(
        body["errors"][0]["message"],
        "दी गई भाषाओं में से एक चुनें: en, en-IN या hi।"
    );

    let req = h
        .cli
        .request(
            Method::GET,
            "/api/v1/social/groups/00000000-0000-0000-0000-000000000000",
        )
        .header(header::AUTHORIZATION, format!("Bearer {asha}"))
        .header(header::ACCEPT_LANGUAGE, "hi");
    let body = assert_problem(&Harness::send(req).await, StatusCode::NOT_FOUND);
    assert_eq!(body["title"], "नहीं मिला");

    // English by default, as before.
    let body = assert_problem(&h.api_get("/api/v1/me", None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(body["title"], "Not signed in");
}

#[tokio::test]
async fn the_profile_page_chooses_the_language() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let page = browser.get("/settings/profile").await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.body
            .contains(r#"<select class="select" id="locale" name="locale""#)
    );
    assert!(
        page.body
            .contains(r#"<option value="hi" lang="hi">हिन्दी</option>"#)
    );

    let bad = browser
        .submit(
            "/settings/profile",
            &[
                ("display_name", "Asha"),
                ("base_currency", "USD"),
                ("locale", "xx"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="locale-error""#));
    assert!(bad.body.contains("Choose one of the languages offered"));

    // Saved, by htmx too: the whole page comes back in the new language.
    let saved = browser
        .submit_htmx(
            "/settings/profile",
            &[
                ("display_name", "Asha"),
                ("base_currency", "USD"),
                ("locale", "hi"),
            ],
        )
        .await;
    assert_eq!(saved.header("hx-redirect"), Some("/settings/profile"));
    let page = browser.get("/settings/profile").await;
    assert!(page.body.contains(r#"<html lang="hi" dir="ltr">"#));
    assert!(page.body.contains("<h1>प्रोफ़ाइल</h1>"));
    assert!(
        page.body.contains("आपकी प्रोफ़ाइल सहेज ली गई है।"),
        "the saved note, translated"
    );
    assert!(page.body.contains(r#"<option value="hi" lang="hi" selected>"#));

    // "As my browser asks": cleared.
    browser
        .submit(
            "/settings/profile",
            &[("display_name", "Asha"), ("base_currency", "USD"), ("locale", "")],
        )
        .await
        .assert_redirect("/settings/profile");
    let me = identity::sign_in(
        &h.t.app,
        "asha@example.com",
        hisaab_service::testkit::PASSWORD,
        &hisaab_service::testkit::meta(),
    )
    .await
    .unwrap();
    assert_eq!(me.locale, None);
}

#[tokio::test]
async fn an_email_comes_in_the_recipients_language() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    set_locale(&h, "asha@example.com", Some("hi")).await;
    for email in ["asha@example.com", "ravi@example.com"] {
        identity::request_password_reset(&h.t.app, email, &hisaab_service::testkit::meta())
            .await
            .unwrap();
    }
    let templates = Templates::new(|_| {});
    let mails = h.emails_with("password_reset").await;
    let to_asha = mails.iter().find(|m| m.to == "asha@example.com").unwrap();
    let rendered = mail::render(&templates, to_asha).unwrap();
    assert_eq!(rendered.subject, "अपना Hisaab पासवर्ड रीसेट करें");
    assert!(rendered.text.contains("नमस्ते asha,"), "{}", rendered.text);
    assert!(rendered.text.contains("मिनट में समाप्त हो जाता है"));
    assert!(rendered.html.contains(r#"<html lang="hi" dir="ltr">"#));
    assert!(rendered.html.contains("नया पासवर्ड चुनें"));

    let to_ravi = mails.iter().find(|m| m.to == "ravi@example.com").unwrap();
    let rendered = mail::render(&templates, to_ravi).unwrap();
    assert_eq!(rendered.subject, "Reset your Hisaab password");
    assert!(rendered.text.contains("Hi ravi,"));
    assert!(rendered.html.contains(r#"<html lang="en" dir="ltr">"#));
}
