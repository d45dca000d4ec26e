//! Contract snapshots (insta): the OpenAPI document and rendered emails. A
//! change shows up in review as a `.snap` diff. Also renders every email
//! template with the context the service really produces (DESIGN rule 11).

use crate::support::*;
use hisaab_service::identity::{self, RegisterInput};
use hisaab_service::mail;
use hisaab_service::outbox::OutgoingEmail;
use hisaab_service::templating::Templates;
use hisaab_service::testkit::{PASSWORD, meta};
use poem::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::BTreeSet;

fn templates() -> Templates {
    Templates::new(|_| {})
}

#[tokio::test]
async fn openapi_document() {
    let h = Harness::new().await;
    let resp = h.api_get("/api/v1/openapi.json", None).await;
    resp.assert_status(StatusCode::OK);
    assert!(
        resp.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let spec = resp.json();
    // Sanity before the snapshot: the contract's paths and the bearer scheme.
    for path in [
        "/auth/register",
        "/auth/token",
        "/auth/refresh",
        "/auth/logout",
        "/auth/verify-email",
        "/auth/password-reset",
        "/auth/password-reset/confirm",
        "/me",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} missing from the spec");
    }
    assert_eq!(
        spec["components"]["securitySchemes"]["BearerAuth"]["scheme"],
        "bearer"
    );
    insta::assert_json_snapshot!("openapi", spec);
}

#[test]
fn verify_email_rendering() {
    let email = OutgoingEmail {
        to: "asha@example.com".into(),
        template: "verify_email".into(),
        context: json!({
            "display_name": "Asha",
            "link": "https://hisaab.example/verify-email?token=FIXED-TOKEN",
        }),
    };
    let rendered = mail::render(&templates(), &email).expect("renders");
    assert!(
        rendered.html.contains("https:&#x2f;&#x2f;hisaab.example")
            || rendered.html.contains("https://hisaab.example")
    );
    assert!(rendered.html.contains("FIXED-TOKEN"));
    insta::assert_snapshot!(
        "verify_email",
        format!("Subject: {}\n\n{}", rendered.subject, rendered.text)
    );
}

/// Drives real flows so that every kind of email is in the outbox, then
/// renders each one (strict mode: a missing variable fails), and checks that
/// every template folder under `templates/email/` was covered.
#[tokio::test]
async fn every_email_template_renders_with_the_context_the_service_sends() {
    let h = Harness::new().await;
    let app = &h.t.app;
    let asha = h.t.user("asha@example.com").await;
    // verify_email
    identity::register(
        app,
        RegisterInput {
            email: "bilal@example.com".into(),
            password: "tangerine-otter-87".into(),
            display_name: "Bilal".into(),
        },
        &meta(),
    )
    .await
    .unwrap();
    // signup_attempt
    identity::register(
        app,
        RegisterInput {
            email: "asha@example.com".into(),
            password: "tangerine-otter-87".into(),
            display_name: "X".into(),
        },
        &meta(),
    )
    .await
    .unwrap();
    // account_locked
    for _ in 0..5 {
        let _ = identity::sign_in(app, "asha@example.com", "wrong-password-here", &meta()).await;
    }
    // password_reset, then password_changed
    identity::request_password_reset(app, "asha@example.com", &meta())
        .await
        .unwrap();
    let reset = h.last_email("password_reset").await;
    let token = reset.context["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    identity::confirm_password_reset(app, &token, "tangerine-otter-87-violet", &meta())
        .await
        .unwrap();
    // password_changed via the security settings too
    identity::change_password(
        app,
        &h.t.actor(&asha),
        "tangerine-otter-87-violet",
        PASSWORD,
        None,
    )
    .await
    .unwrap();

    // invitation (social sharing)
    let contact = hisaab_service::social::create_contact(
        app,
        &h.t.actor(&asha),
        hisaab_service::social::ContactInput {
            name: "Meera".into(),
            email: Some("meera@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    hisaab_service::social::invite_contact(app, &h.t.actor(&asha), contact.id)
        .await
        .unwrap();
    // debt_reminder ("Send a reminder" to a contact's address)
    let debt = hisaab_service::social::record_debt(
        app,
        &h.t.actor(&asha),
        None,
        hisaab_service::social::DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "1500.00".into(),
            currency: "INR".into(),
            date: "2026-11-01".into(),
            reason: Some("Concert tickets".into()),
            due_date: Some("2026-11-20".into()),
            account_id: None,
        },
    )
    .await
    .unwrap()
    .value;
    hisaab_service::social::send_debt_reminder(app, &h.t.actor(&asha), debt.id)
        .await
        .unwrap();

    // notifications: what Bilal did, batched for Asha (as the dispatcher queues it)
    let bilal = hisaab_service::entity::user::Entity::find()
        .filter(hisaab_service::entity::user::Column::Email.eq("bilal@example.com"))
        .one(&h.t.app.db)
        .await
        .unwrap()
        .unwrap();
    let group = uuid::Uuid::now_v7();
    for what in ["Dinner", "Taxi"] {
        hisaab_service::notifications::email::enqueue(
            &h.t.app.db,
            hisaab_service::entity::OutboxId::new(),
            "expense.added",
            &[asha.id.0, bilal.id.0],
            &json!({ "id": uuid::Uuid::now_v7(), "group_id": group, "group_name": "Goa trip", "description": what, "total": "1200.00", "currency": "INR", "actor_id": bilal.id.0 }),
            h.t.app.now(),
        )
        .await
        .unwrap();
    }
    h.t.clock
        .advance(hisaab_service::notifications::email::BATCH_WINDOW);
    hisaab_service::notifications::email::send_due(app, &templates())
        .await
        .unwrap();

    // account_deletion_requested, then account_deletion_cancelled by signing in
    let dev = h.t.user("dev@example.com").await;
    identity::request_account_deletion(app, &h.t.actor(&dev), PASSWORD, None)
        .await
        .unwrap();
    identity::sign_in(app, "dev@example.com", PASSWORD, &meta())
        .await
        .unwrap();
    // export_ready (the worker's build of a requested export)
    let export = hisaab_service::exports::request(app, &h.t.actor(&asha))
        .await
        .unwrap();
    hisaab_service::exports::build(app, export.id).await.unwrap();

    let templates = templates();
    let mut rendered_kinds = BTreeSet::new();
    for email in h.emails().await {
        let r = mail::render(&templates, &email).unwrap_or_else(|e| panic!("{}: {e:#}", email.template));
        assert!(
            !r.subject.is_empty() && !r.subject.contains('\n'),
            "{}: subject {:?}",
            email.template,
            r.subject
        );
        assert!(r.subject.contains("Hisaab"), "{}: {}", email.template, r.subject);
        assert!(r.text.contains("Hi "), "{}", email.template);
        assert!(r.html.starts_with("<!doctype html>"), "{}", email.template);
        for value in email.context.as_object().unwrap().values() {
            if let Some(text) = value.as_str().filter(|s| s.starts_with("http")) {
                assert!(
                    r.text.contains(text),
                    "{}: the text body carries {text}",
                    email.template
                );
            }
        }
        rendered_kinds.insert(email.template.clone());
    }

    let on_disk: BTreeSet<String> = std::fs::read_dir(Templates::template_dir().join("email"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rendered_kinds, on_disk,
        "every email template is sent by some flow and renders"
    );
    for kind in &on_disk {
        for file in ["subject.txt", "body.txt", "body.html"] {
            assert!(
                Templates::template_dir()
                    .join("email")
                    .join(kind)
                    .join(file)
                    .exists(),
                "{kind}/{file}"
            );
        }
    }
}

#[test]
fn email_templates_refuse_a_missing_variable() {
    let email = OutgoingEmail {
        to: "asha@example.com".into(),
        template: "verify_email".into(),
        context: json!({ "display_name": "Asha" }),
    };
    assert!(
        mail::render(&templates(), &email).is_err(),
        "strict mode: `link` is missing"
    );
    let bad_name = OutgoingEmail {
        to: "asha@example.com".into(),
        template: "../web/landing".into(),
        context: json!({}),
    };
    assert!(mail::render(&templates(), &bad_name).is_err());
}

/// Every template under `templates/web/` is rendered by some request below;
/// adding a template without a page that renders it fails this test.
#[tokio::test]
async fn every_web_template_renders_through_a_route() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let mut covered = BTreeSet::new();
    let mut mark = |template: &str, resp: &Resp, status: StatusCode, marker: &str| {
        assert_eq!(resp.status, status, "{template}: {}", resp.body);
        assert!(
            resp.body.contains(marker),
            "{template}: lacks {marker:?}: {}",
            resp.body
        );
        covered.insert(template.to_string());
    };

    let anon = h.browser();
    mark(
        "landing.html",
        &anon.get("/").await,
        StatusCode::OK,
        "who owes whom",
    );
    mark(
        "offline.html",
        &anon.get("/offline").await,
        StatusCode::OK,
        "You are offline",
    );
    mark(
        "auth/signup.html",
        &anon.get("/signup").await,
        StatusCode::OK,
        "Create your account",
    );
    let r = anon
        .submit_htmx(
            "/signup",
            &[("display_name", ""), ("email", "x"), ("password", "")],
        )
        .await;
    mark(
        "auth/signup_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/signup\"",
    );
    mark(
        "auth/signup_done.html",
        &anon.get("/signup/done?email=a%40b.co").await,
        StatusCode::OK,
        "Check your inbox",
    );
    let r = anon
        .submit_htmx("/signup/validate", &[("field", "email"), ("email", "x")])
        .await;
    mark(
        "auth/field_error_partial.html",
        &r,
        StatusCode::OK,
        "id=\"email-error\"",
    );
    mark(
        "auth/login.html",
        &anon.get("/login").await,
        StatusCode::OK,
        "Sign in to Hisaab",
    );
    let r = anon
        .submit_htmx("/login", &[("email", "asha@example.com"), ("password", "nope")])
        .await;
    mark(
        "auth/login_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/login\"",
    );
    mark(
        "auth/verify_email.html",
        &anon.get("/verify-email?token=bad").await,
        StatusCode::BAD_REQUEST,
        "invalid or has expired",
    );
    mark(
        "auth/password_reset_request.html",
        &anon.get("/password-reset").await,
        StatusCode::OK,
        "Reset your password",
    );
    let r = anon.submit_htmx("/password-reset", &[("email", "x")]).await;
    mark(
        "auth/password_reset_request_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/password-reset\"",
    );
    mark(
        "auth/password_reset_sent.html",
        &anon.get("/password-reset/sent?email=a%40b.co").await,
        StatusCode::OK,
        "Check your inbox",
    );
    mark(
        "auth/password_reset_confirm.html",
        &anon.get("/password-reset/confirm?token=t").await,
        StatusCode::OK,
        "Choose a new password",
    );
    let r = anon
        .submit_htmx(
            "/password-reset/confirm",
            &[("token", "t"), ("new_password", "x")],
        )
        .await;
    mark(
        "auth/password_reset_confirm_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/password-reset/confirm\"",
    );

    // Signed in, with an unverified account for the resend partial.
    identity::register(
        &h.t.app,
        RegisterInput {
            email: "bilal@example.com".into(),
            password: "tangerine-otter-87".into(),
            display_name: "Bilal".into(),
        },
        &meta(),
    )
    .await
    .unwrap();
    let b = h.browser();
    b.login("bilal@example.com", "tangerine-otter-87")
        .await
        .assert_redirect("/app");
    mark(
        "app/home.html",
        &b.get("/app").await,
        StatusCode::OK,
        "Your account",
    );
    mark(
        "app/resend_status_partial.html",
        &b.submit_htmx("/verify-email/resend", &[]).await,
        StatusCode::OK,
        "notice",
    );
    mark(
        "settings/security.html",
        &b.get("/settings/security").await,
        StatusCode::OK,
        "id=\"sessions\"",
    );
    let r = b
        .submit_htmx(
            "/settings/security/password",
            &[("current_password", "nope"), ("new_password", "x")],
        )
        .await;
    mark(
        "settings/password_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/settings/security/password\"",
    );
    let other = h.browser_as("Other");
    other
        .login("bilal@example.com", "tangerine-otter-87")
        .await
        .assert_redirect("/app");
    let page = b.get("/settings/security").await;
    let action = form_actions(&page.body, "/settings/security/sessions/").remove(0);
    mark(
        "settings/sessions_partial.html",
        &b.submit_htmx(&action, &[]).await,
        StatusCode::OK,
        "id=\"sessions\"",
    );

    mark(
        "settings/profile.html",
        &b.get("/settings/profile").await,
        StatusCode::OK,
        "action=\"/settings/profile\"",
    );
    mark(
        "settings/nav_partial.html",
        &b.get("/settings/profile").await,
        StatusCode::OK,
        "aria-label=\"Settings\"",
    );
    let r = b
        .submit_htmx(
            "/settings/profile",
            &[("display_name", ""), ("base_currency", "USD")],
        )
        .await;
    mark(
        "settings/profile_form_partial.html",
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/settings/profile\"",
    );

    mark(
        "settings/notifications.html",
        &b.get("/settings/notifications").await,
        StatusCode::OK,
        "action=\"/settings/notifications\"",
    );
    mark(
        "settings/notifications_form_partial.html",
        &b.submit_htmx("/settings/notifications", &[("email", "no.such")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "is not a kind of notification",
    );
    mark(
        "notifications/badge_partial.html",
        &b.get_htmx("/notifications/badge").await,
        StatusCode::OK,
        "id=\"notification-badge\"",
    );
    mark(
        "notifications/list_partial.html",
        &b.get("/notifications").await,
        StatusCode::OK,
        "No notifications yet",
    );
    let bilal = hisaab_service::entity::user::Entity::find()
        .filter(hisaab_service::entity::user::Column::Email.eq("bilal@example.com"))
        .one(&h.t.app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .0;
    hisaab_service::notifications::deliver(
        &h.t.app.db,
        hisaab_service::entity::OutboxId::new(),
        "contact.created",
        &[bilal],
        &json!({ "id": uuid::Uuid::now_v7(), "name": "Meera", "actor_id": bilal }),
        h.t.app.now(),
    )
    .await
    .unwrap();
    mark(
        "notifications/unsubscribe.html",
        &anon.get("/unsubscribe?token=nope").await,
        StatusCode::NOT_FOUND,
        "This link does not work",
    );
    let page = b.get("/notifications").await;
    mark(
        "notifications/index.html",
        &page,
        StatusCode::OK,
        "<h1>Notifications</h1>",
    );
    mark(
        "notifications/rows_partial.html",
        &page,
        StatusCode::OK,
        "You added the contact Meera",
    );

    // Two-factor sign-in: set up in the settings, then the code step.
    let setup = b.get("/settings/security/two-factor").await;
    mark(
        "settings/two_factor_setup.html",
        &setup,
        StatusCode::OK,
        "id=\"totp-secret\"",
    );
    let secret = setup
        .body
        .split("id=\"totp-secret\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    let code = identity::test_code_for_secret(&secret, h.t.app.now());
    mark(
        "settings/recovery_codes.html",
        &b.submit("/settings/security/two-factor", &[("code", &code)])
            .await,
        StatusCode::OK,
        "Save these recovery codes now.",
    );
    let second = h.browser();
    second
        .login("bilal@example.com", "tangerine-otter-87")
        .await
        .assert_redirect("/login/code?next=/app");
    mark(
        "auth/login_code.html",
        &second.get("/login/code").await,
        StatusCode::OK,
        "Enter your code",
    );
    mark(
        "auth/login_code_form_partial.html",
        &second.submit_htmx("/login/code", &[("code", "1")]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "action=\"/login/code\"",
    );

    // Your data: one page with the import forms and the deletion form, and the notice.
    let data = b.get("/settings/data").await;
    mark("settings/data.html", &data, StatusCode::OK, "<h1>Your data</h1>");
    mark(
        "settings/data_deletion_partial.html",
        &data,
        StatusCode::OK,
        "action=\"/settings/data/delete\"",
    );
    mark(
        "settings/data_export_partial.html",
        &data,
        StatusCode::OK,
        "Export all my data",
    );
    mark(
        "settings/data_import_partial.html",
        &data,
        StatusCode::OK,
        "Import a Splitwise group",
    );
    mark(
        "settings/deletion_scheduled.html",
        &anon.get("/settings/data/deletion-scheduled?on=2026-12-09").await,
        StatusCode::OK,
        "9 December 2026",
    );

    // Finance and social pages are rendered by their own page tests
    // (`finance::pages`, `social::pages`); the import preview by
    // `imports::upload_preview_and_confirm_on_the_pages`.
    let on_disk: BTreeSet<String> = walk(&Templates::template_dir().join("web"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(Templates::template_dir().join("web"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("finance/") && !p.starts_with("social/") && p != "settings/import.html")
        .collect();
    assert_eq!(
        covered, on_disk,
        "every web template is rendered by a route in this test"
    );

    // The shared templates: the layout is in every page above; the error page:
    let r = anon.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("error-page"), "shared/error.html");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Wire shapes of the auth API (ids, tokens and request ids redacted).
#[tokio::test]
async fn auth_api_bodies() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;

    let pair = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": PASSWORD }),
        )
        .await;
    insta::assert_json_snapshot!("token_pair", pair.json(), {
        ".access_token" => "[jwt]",
        ".refresh_token" => "[token]",
    });
    let access = pair.json()["access_token"].as_str().unwrap().to_string();
    insta::assert_json_snapshot!("me", h.api_get("/api/v1/me", Some(&access)).await.json(), { ".id" => "[uuid]" });

    let accepted = h.api_post("/api/v1/auth/register", json!({ "email": "bilal@example.com", "password": "tangerine-otter-87", "display_name": "Bilal" })).await;
    insta::assert_json_snapshot!("register_accepted", accepted.json());

    let invalid = h
        .api_post(
            "/api/v1/auth/register",
            json!({ "email": "nope", "password": "short", "display_name": "" }),
        )
        .await;
    insta::assert_json_snapshot!("register_invalid", invalid.json(), { ".request_id" => "[request-id]" });

    let wrong = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": "wrong-password-here" }),
        )
        .await;
    insta::assert_json_snapshot!("token_unauthorized", wrong.json(), { ".request_id" => "[request-id]" });
    for _ in 0..4 {
        h.api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": "wrong-password-here" }),
        )
        .await;
    }
    let locked = h
        .api_post(
            "/api/v1/auth/token",
            json!({ "email": "asha@example.com", "password": PASSWORD }),
        )
        .await;
    insta::assert_json_snapshot!("token_locked", locked.json(), { ".request_id" => "[request-id]" });

    let missing = h
        .api_post("/api/v1/auth/token", json!({ "email": "asha@example.com" }))
        .await;
    insta::assert_json_snapshot!("token_missing_field", missing.json(), { ".request_id" => "[request-id]" });
}
