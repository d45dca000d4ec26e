//! Issue 15 for the settings, notification, landing and error pages, every
//! email and the API's problems: a Hindi reader gets Hindi, with no English
//! sentence left over; English stays as it was.

use crate::api::assert_problem;
use crate::support::*;
use hisaab_service::identity::{self, ProfileInput};
use hisaab_service::mail;
use hisaab_service::outbox::{self, Event};
use hisaab_service::templating::Templates;
use hisaab_worker::metrics::Metrics;
use hisaab_worker::{JobContext, Queue};
use poem::http::{Method, StatusCode, header};
use serde_json::json;

async fn set_locale(h: &Harness, email: &str, locale: Option<&str>, name: Option<&str>) -> uuid::Uuid {
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
            display_name: name.map(str::to_string),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    user.id.0
}

/// The page's own text (inside `<main>`), tags and the values of
/// attributes dropped.
fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push('\n');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Names the Hindi text quotes as they are (another product's menu).
const QUOTED: &[&str] = &["“Export as spreadsheet”"];

/// Runs of three or more English words in a row: a sentence left untranslated.
fn english_runs(text: &str) -> Vec<String> {
    let text = QUOTED.iter().fold(text.to_string(), |t, q| t.replace(q, " "));
    let mut found = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let word = |w: &str| {
        let w = w.trim_matches(|c: char| ",.:;?!()“”\"".contains(c));
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
    };
    // Each line (and each element: `main_text` ends them with a newline)
    // on its own: a name closing one line and a name opening the next are
    // not a sentence.
    let tokens = text
        .lines()
        .flat_map(|line| line.split_whitespace().chain(std::iter::once("।")));
    for token in tokens {
        if word(token) {
            run.push(token);
        } else {
            if run.len() >= 3 {
                found.push(run.join(" "));
            }
            run.clear();
        }
    }
    found
}

fn assert_hindi_page(resp: &Resp, must_have: &[&str], what: &str) {
    resp.assert_status(StatusCode::OK);
    assert!(resp.body.contains(r#"<html lang="hi" dir="ltr">"#), "{what}");
    for s in must_have {
        assert!(resp.body.contains(s), "{what}: {s:?} missing");
    }
    let english = english_runs(&main_text(&resp.body));
    assert!(english.is_empty(), "{what}: English left: {english:?}");
}

/// Ravi added an expense in a group shared with Asha; the dispatcher turns
/// it into her notification.
async fn ravi_added_an_expense(h: &Harness, asha: uuid::Uuid, ravi: uuid::Uuid) {
    let event = Event::Domain {
        event_type: "expense.added".into(),
        notify: vec![asha, ravi],
        data: json!({
            "id": uuid::Uuid::now_v7(), "group_id": uuid::Uuid::now_v7(), "group_name": "Goa trip",
            "description": "Dinner", "total": "1200.00", "currency": "INR", "actor_id": ravi,
        }),
    };
    outbox::enqueue(&h.t.app.db, h.t.app.now(), None, &event)
        .await
        .unwrap();
    let queue = Queue::connect(&h.t.app).await.expect("job queue");
    let ctx = JobContext::new(h.t.app.clone(), queue, Metrics::new()).expect("job context");
    hisaab_worker::jobs::dispatch_outbox::dispatch_outbox(&ctx, "i18n-rest-tests")
        .await
        .expect("dispatch");
}

#[tokio::test]
async fn the_settings_and_notification_pages_in_hindi() {
    let h = Harness::new().await;
    let me = h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    let asha = set_locale(&h, "asha@example.com", Some("hi"), None).await;
    let ravi = set_locale(&h, "ravi@example.com", None, Some("Ravi")).await;
    let export = hisaab_service::exports::request(&h.t.app, &h.t.actor(&me))
        .await
        .unwrap();
    hisaab_service::exports::build(&h.t.app, export.id).await.unwrap();
    // Dispatches the export's notification too.
    ravi_added_an_expense(&h, asha, ravi).await;
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;

    let security = browser.get("/settings/security").await;
    assert_hindi_page(
        &security,
        &[
            "<h1>सुरक्षा</h1>",
            "आप कहाँ साइन इन हैं",
            "दो-चरणीय साइन इन",
            "पासवर्ड बदलें",
        ],
        "security",
    );
    assert!(security.body.contains("<title>सुरक्षा · Hisaab</title>"));
    for english in [
        "Where you",
        "Two-factor sign-in",
        "Change password",
        "Last active",
    ] {
        assert!(!security.body.contains(english), "security: {english}");
    }

    let data = browser.get("/settings/data").await;
    assert_hindi_page(
        &data,
        &[
            "मेरा सारा डेटा एक्सपोर्ट करें",
            "बैंक स्टेटमेंट इंपोर्ट करें",
            "अपना खाता मिटाएँ",
            "UTC तक तैयार",
        ],
        "data",
    );
    for english in [
        "Export all my data",
        "Preview the import",
        "Delete my account",
        "Ready until",
    ] {
        assert!(!data.body.contains(english), "data: {english}");
    }

    let prefs = browser.get("/settings/notifications").await;
    assert_hindi_page(
        &prefs,
        &["मुझे सूचना दें जब", "कोई खर्च जोड़ा जाए", "समूह के खर्च", "दिन में एक बार"],
        "notification settings",
    );
    assert!(!prefs.body.contains("An expense is added"));

    let centre = browser.get("/notifications").await;
    assert_hindi_page(
        &centre,
        &[
            "Ravi ने Goa trip में “Dinner” (₹1,200.00) जोड़ा",
            "आपके डेटा का एक्सपोर्ट डाउनलोड के लिए तैयार है",
            "सब पढ़ी हुई मानें",
        ],
        "notifications",
    );
    assert!(
        centre.body.contains(r#"aria-label="सूचनाएँ, 2 बिना पढ़ी""#),
        "the bell"
    );

    // The same pages in English are as they were.
    set_locale(&h, "asha@example.com", Some("en"), None).await;
    let centre = browser.get("/notifications").await;
    assert!(
        centre
            .body
            .contains("Ravi added “Dinner” (₹1,200.00) in Goa trip")
    );
    assert!(centre.body.contains("Your data export is ready to download"));
    assert!(centre.body.contains(r#"aria-label="Notifications, 2 unread""#));
    let security = browser.get("/settings/security").await;
    assert!(security.body.contains("Where you&#x27;re signed in"));
}

#[tokio::test]
async fn the_public_and_error_pages_follow_the_browser() {
    let h = Harness::new().await;
    let browser = h.browser();
    let get = |path: &'static str| {
        let req = browser
            .request(Method::GET, path)
            .header(header::ACCEPT_LANGUAGE, "hi-IN,hi;q=0.9");
        browser.send(req)
    };
    assert_hindi_page(
        &get("/").await,
        &["किसका किस पर कितना बकाया है", "अपना खाता बनाएँ"],
        "landing",
    );
    assert_hindi_page(&get("/offline").await, &["आप ऑफ़लाइन हैं"], "offline");
    let missing = get("/no-such-page").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(missing.body.contains("<h1>पेज नहीं मिला</h1>"), "{}", missing.body);
    assert!(missing.body.contains("<title>पेज नहीं मिला · Hisaab</title>"));
    assert!(missing.body.contains("त्रुटि 404"));
    let english = english_runs(&main_text(&missing.body));
    assert!(english.is_empty(), "{english:?}");
    let unsubscribe = get("/unsubscribe?token=nope").await;
    assert!(unsubscribe.body.contains("यह लिंक काम नहीं करता"));
}

#[tokio::test]
async fn api_problems_follow_the_saved_setting_then_the_browser() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    set_locale(&h, "asha@example.com", Some("hi"), None).await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (ravi, _) = h.tokens_for("ravi@example.com").await;
    let wrong_type = |token: &str, language: &str| {
        h.cli
            .request(Method::PATCH, "/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, language.to_string())
            .content_type("text/plain")
            .body("locale=hi")
    };

    // Asha chose Hindi: her problems are Hindi whatever the client asks.
    let resp = Harness::send(wrong_type(&asha, "en-US")).await;
    let body = assert_problem(&resp, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["title"], "यह सामग्री प्रकार समर्थित नहीं है");
    assert_eq!(
        body["detail"],
        "बॉडी को JSON के रूप में `Content-Type: application/json` के साथ भेजें।"
    );
    assert_eq!(resp.header("content-language"), Some("hi"));
    let resp = Harness::send(
        h.cli
            .request(
                Method::GET,
                "/api/v1/social/groups/00000000-0000-0000-0000-000000000000",
            )
            .header(header::AUTHORIZATION, format!("Bearer {asha}")),
    )
    .await;
    let body = assert_problem(&resp, StatusCode::NOT_FOUND);
    assert_eq!(body["title"], "नहीं मिला");
    assert_eq!(body["detail"], "यहाँ कुछ नहीं है, या यह आपका नहीं है।");

    // Ravi chose nothing: his client's Accept-Language decides.
    let resp = Harness::send(wrong_type(&ravi, "hi")).await;
    let body = assert_problem(&resp, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["title"], "यह सामग्री प्रकार समर्थित नहीं है");
    let resp = Harness::send(wrong_type(&ravi, "en")).await;
    let body = assert_problem(&resp, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["title"], "Unsupported content type");
    assert_eq!(
        body["detail"],
        "Send the body as JSON with `Content-Type: application/json`."
    );

    // Without a token (or with a bad one): the browser's language, every kind.
    let resp = Harness::send(
        h.cli
            .request(Method::GET, "/api/v1/me")
            .header(header::AUTHORIZATION, "Bearer not-a-token")
            .header(header::ACCEPT_LANGUAGE, "hi"),
    )
    .await;
    let body = assert_problem(&resp, StatusCode::UNAUTHORIZED);
    assert_eq!(body["title"], "साइन इन नहीं है");
    assert_eq!(
        body["detail"],
        "एक्सेस टोकन नहीं है, अमान्य है या उसकी समय-सीमा खत्म हो गई है।"
    );
    let resp = Harness::send(
        h.cli
            .request(Method::PATCH, "/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {asha}"))
            .content_type("application/json")
            .body("{not json"),
    )
    .await;
    let body = assert_problem(&resp, StatusCode::BAD_REQUEST);
    assert_eq!(body["title"], "अनुरोध पढ़ा नहीं जा सका");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("बॉडी मान्य JSON नहीं है ("),
        "{body}"
    );
}

#[tokio::test]
async fn every_email_in_hindi() {
    let h = Harness::new().await;
    let app = &h.t.app;
    let asha = h.t.user("asha@example.com").await;
    set_locale(&h, "asha@example.com", Some("hi"), None).await;
    // Sent by the service with the recipient's setting in the context.
    identity::request_account_deletion(app, &h.t.actor(&asha), hisaab_service::testkit::PASSWORD, None)
        .await
        .unwrap();
    let requested = h.last_email("account_deletion_requested").await;
    assert_eq!(requested.context["locale"], "hi");
    let templates = Templates::new(|_| {});
    let rendered = mail::render(&templates, &requested).unwrap();
    assert!(
        rendered.subject.starts_with("आपका Hisaab खाता "),
        "{}",
        rendered.subject
    );
    let months = [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्तूबर",
        "नवंबर",
        "दिसंबर",
    ];
    assert!(
        months.iter().any(|m| rendered.subject.contains(m)),
        "the date in Hindi: {}",
        rendered.subject
    );

    // Every template, with the context each flow sends, worded in Hindi.
    let samples = [
        (
            "account_deletion_cancelled",
            json!({ "display_name": "Asha", "settings_link": "https://h.example/s" }),
        ),
        (
            "account_deletion_requested",
            json!({ "display_name": "Asha", "erase_on": "6 दिसंबर 2026", "login_link": "https://h.example/l", "grace_days": 30 }),
        ),
        (
            "account_locked",
            json!({ "display_name": "Asha", "locked_minutes": 15, "failed_attempts": 5, "reset_link": "https://h.example/r" }),
        ),
        (
            "debt_reminder",
            json!({ "display_name": "Meera", "owner_name": "Asha", "amount": "₹1,500.00", "reason": "Concert", "due_date": "20 नव॰ 2026", "link": "https://h.example/social" }),
        ),
        (
            "export_ready",
            json!({ "display_name": "Asha", "download_link": "https://h.example/d", "page_link": "https://h.example/p", "days": 7 }),
        ),
        (
            "invitation",
            json!({ "display_name": "Meera", "inviter_name": "Asha", "link": "https://h.example/i", "signup_link": "https://h.example/signup" }),
        ),
        (
            "password_changed",
            json!({ "display_name": "Asha", "reset_link": "https://h.example/r" }),
        ),
        (
            "password_reset",
            json!({ "display_name": "Asha", "link": "https://h.example/r", "expires_minutes": 60 }),
        ),
        (
            "signup_attempt",
            json!({ "display_name": "Asha", "login_link": "https://h.example/l", "reset_link": "https://h.example/r" }),
        ),
        (
            "verify_email",
            json!({ "display_name": "Asha", "link": "https://h.example/v" }),
        ),
        (
            "notifications",
            json!({
                "display_name": "Asha", "digest": "daily", "count": 2, "first_title": "x", "group": "Goa trip",
                "sections": [{ "heading": "समूह के खर्च", "items": [{ "title": "Ravi ने Goa trip में “Dinner” जोड़ा", "link": "https://h.example/g" }] }],
                "scope_label": "किसी भी चीज़", "category_links": [{ "label": "समूह के खर्च", "link": "https://h.example/u1" }],
                "centre_link": "https://h.example/n", "settings_link": "https://h.example/s", "list_unsubscribe": "https://h.example/u",
            }),
        ),
    ];
    let on_disk = std::fs::read_dir(Templates::template_dir().join("email"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(samples.len(), on_disk, "a sample for every email");
    for (template, mut context) in samples {
        context["locale"] = json!("hi");
        let email = hisaab_service::outbox::OutgoingEmail {
            to: "asha@example.com".into(),
            template: template.into(),
            context,
        };
        let r = mail::render(&templates, &email).unwrap_or_else(|e| panic!("{template}: {e:#}"));
        assert!(r.html.contains(r#"<html lang="hi" dir="ltr">"#), "{template}");
        for (part, text) in [("subject", &r.subject), ("text", &r.text)] {
            let english = english_runs(text);
            assert!(
                english.is_empty(),
                "{template} {part}: English left: {english:?}\n{text}"
            );
        }
        let english = english_runs(&main_text(&format!("<main>{}</main>", r.html)));
        assert!(english.is_empty(), "{template} html: English left: {english:?}");
    }
}

#[tokio::test]
async fn an_import_preview_in_hindi() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    set_locale(&h, "asha@example.com", Some("hi"), None).await;
    let (token, _) = h.tokens_for("asha@example.com").await;
    let file = "Date,Description,Category,Cost,Currency,Asha,Bilal,Chen\n\
        2026-01-05,Dinner,Dining out,90.00,USD,60.00,-30.00,-30.00\n\
        2026-01-06,Taxi,Transport,20.00,USD,-10.00,10.00,0.00\n\
        \n2026-01-07,Payment,Payment,10.00,USD,-10.00,10.00,0.00\n";
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nsplitwise\r\n\
         --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Trip.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--B--\r\n"
    );
    let resp = Harness::send(
        h.cli
            .request(Method::POST, "/api/v1/me/imports")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .content_type("multipart/form-data; boundary=B")
            .body(body),
    )
    .await;
    resp.assert_status(StatusCode::CREATED);
    let id = resp.json()["id"].as_str().unwrap().to_string();
    let browser = h.browser();
    browser.sign_in("asha@example.com").await;
    let page = browser.get(&format!("/settings/data/imports/{id}")).await;
    assert_hindi_page(
        &page,
        &[
            "Splitwise से “Trip” इंपोर्ट करें",
            "आपकी पुष्टि तक कुछ भी सहेजा नहीं जाता।",
            "<h2 id=\"expenses-title\">2 खर्च और 1 भुगतान</h2>",
            "पुष्टि करें और इंपोर्ट करें",
        ],
        "import preview",
    );
    assert!(page.body.contains("<title>इंपोर्ट की झलक · Hisaab</title>"));
}
