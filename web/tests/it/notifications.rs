//! The notification centre and preferences: `/api/v1/notifications`,
//! `/api/v1/me/notification-preferences`, `/notifications`, the bell and
//! `/settings/notifications`, through the real route table.

use crate::api::{assert_problem, problem_fields};
use crate::support::*;
use hisaab_service::outbox::{self, Event};
use hisaab_worker::metrics::Metrics;
use hisaab_worker::{JobContext, Queue};
use poem::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// `n` expenses Ravi added that Asha hears about, turned into notifications
/// by the worker's dispatcher.
async fn ravi_added(h: &Harness, n: usize) {
    let id = |email: &str| {
        let email = email.to_string();
        async move {
            hisaab_service::entity::user::Entity::find()
                .filter(hisaab_service::entity::user::Column::Email.eq(email))
                .one(&h.t.app.db)
                .await
                .unwrap()
                .unwrap()
                .id
                .0
        }
    };
    let (asha, ravi) = (id("asha@example.com").await, id("ravi@example.com").await);
    for i in 0..n {
        let event = Event::Domain {
            event_type: "expense.added".into(),
            notify: vec![asha, ravi],
            data: json!({
                "id": uuid::Uuid::now_v7(), "group_id": uuid::Uuid::now_v7(), "group_name": "Goa trip",
                "description": format!("Dinner {i}"), "total": "1200.00", "currency": "INR",
                "actor_id": ravi,
            }),
        };
        outbox::enqueue(&h.t.app.db, h.t.app.now(), None, &event)
            .await
            .unwrap();
        h.t.clock.advance(time::Duration::seconds(1));
    }
    let queue = Queue::connect(&h.t.app).await.expect("job queue");
    let ctx = JobContext::new(h.t.app.clone(), queue, Metrics::new()).expect("job context");
    hisaab_worker::jobs::dispatch_outbox::dispatch_outbox(&ctx, "notification-tests")
        .await
        .expect("dispatch");
}

/// Asha and Ravi (named so), with their access tokens.
async fn two(h: &Harness) -> (String, String) {
    h.t.user("asha@example.com").await;
    let ravi = h.t.user("ravi@example.com").await;
    hisaab_service::identity::update_profile(
        &h.t.app,
        &h.t.actor(&ravi),
        hisaab_service::identity::ProfileInput {
            display_name: Some("Ravi".into()),
            base_currency: None,
            locale: None,
        },
    )
    .await
    .unwrap();
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (ravi, _) = h.tokens_for("ravi@example.com").await;
    (asha, ravi)
}

async fn call(h: &Harness, method: Method, path: &str, body: Option<Value>, token: &str) -> Resp {
    h.api(method, path, body, Some(token)).await
}

#[tokio::test]
async fn the_centre_through_the_api() {
    let h = Harness::new().await;
    let (asha, ravi) = two(&h).await;
    ravi_added(&h, 3).await;

    let count = h.api_get("/api/v1/notifications/unread-count", Some(&asha)).await;
    count.assert_status(StatusCode::OK);
    assert_eq!(count.json(), json!({ "unread": 3 }));
    let ravis = h.api_get("/api/v1/notifications/unread-count", Some(&ravi)).await;
    assert_eq!(ravis.json()["unread"], 0, "his own actions arrive read");

    let list = h.api_get("/api/v1/notifications?limit=2", Some(&asha)).await;
    list.assert_status(StatusCode::OK);
    let body = list.json();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first["type"], "expense.added");
    assert_eq!(first["title"], "Ravi added “Dinner 2” (₹1,200.00) in Goa trip");
    assert_eq!(
        first["link"],
        format!("/social/groups/{}", first["data"]["group_id"].as_str().unwrap())
    );
    assert_eq!(first["actor_name"], "Ravi");
    assert_eq!(first["by_you"], false);
    assert_eq!(first["read"], false);
    assert_eq!(first["read_at"], Value::Null);
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));
    let cursor = body["next_cursor"].as_str().unwrap().to_string();
    let rest = h
        .api_get(
            &format!("/api/v1/notifications?limit=2&cursor={cursor}"),
            Some(&asha),
        )
        .await
        .json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);

    // Read one: it says so, the count falls, the unread list leaves it out.
    let id = first["id"].as_str().unwrap().to_string();
    let read = call(
        &h,
        Method::POST,
        &format!("/api/v1/notifications/{id}/read"),
        None,
        &asha,
    )
    .await;
    read.assert_status(StatusCode::OK);
    assert_eq!(read.json()["read"], true);
    assert!(read.json()["read_at"].is_string());
    let unread = h
        .api_get("/api/v1/notifications?unread=true", Some(&asha))
        .await
        .json();
    let unread_ids: Vec<&str> = unread["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(unread_ids.len(), 2);
    assert!(!unread_ids.contains(&id.as_str()));

    // Someone else's notification is not found, and stays unread for them.
    let ravis_list = h.api_get("/api/v1/notifications", Some(&ravi)).await.json();
    let ravis_id = ravis_list["items"][0]["id"].as_str().unwrap().to_string();
    let theirs = call(
        &h,
        Method::POST,
        &format!("/api/v1/notifications/{ravis_id}/read"),
        None,
        &asha,
    )
    .await;
    assert_problem(&theirs, StatusCode::NOT_FOUND);
    let missing = call(
        &h,
        Method::POST,
        &format!("/api/v1/notifications/{}/read", uuid::Uuid::now_v7()),
        None,
        &asha,
    )
    .await;
    assert_problem(&missing, StatusCode::NOT_FOUND);

    // Read all up to the oldest unread one: the newer one stays unread.
    let oldest = unread_ids[1];
    let some = call(
        &h,
        Method::POST,
        &format!("/api/v1/notifications/read-all?up_to={oldest}"),
        None,
        &asha,
    )
    .await;
    some.assert_status(StatusCode::OK);
    assert_eq!(some.json(), json!({ "marked": 1, "unread": 1 }));
    let all = call(&h, Method::POST, "/api/v1/notifications/read-all", None, &asha).await;
    assert_eq!(all.json(), json!({ "marked": 1, "unread": 0 }));
}

#[tokio::test]
async fn the_centre_refuses_bad_input_and_strangers() {
    let h = Harness::new().await;
    let (asha, _) = two(&h).await;
    for path in [
        "/api/v1/notifications?limit=0",
        "/api/v1/notifications?limit=201",
        "/api/v1/notifications?cursor=garbage",
        "/api/v1/notifications?unread=perhaps",
    ] {
        let resp = h.api_get(path, Some(&asha)).await;
        assert_problem(&resp, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(
        problem_fields(
            &h.api_get("/api/v1/notifications?cursor=garbage", Some(&asha))
                .await
        ),
        ["cursor"]
    );
    let bad_up_to = call(
        &h,
        Method::POST,
        "/api/v1/notifications/read-all?up_to=yesterday",
        None,
        &asha,
    )
    .await;
    assert_problem(&bad_up_to, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_id = call(
        &h,
        Method::POST,
        "/api/v1/notifications/not-a-uuid/read",
        None,
        &asha,
    )
    .await;
    assert_problem(&bad_id, StatusCode::NOT_FOUND);

    for (method, path) in [
        (Method::GET, "/api/v1/notifications"),
        (Method::GET, "/api/v1/notifications/unread-count"),
        (Method::POST, "/api/v1/notifications/read-all"),
        (Method::GET, "/api/v1/me/notification-preferences"),
    ] {
        let resp = h.api(method, path, None, None).await;
        assert_problem(&resp, StatusCode::UNAUTHORIZED);
        assert!(
            resp.header("www-authenticate")
                .is_some_and(|v| v.starts_with("Bearer"))
        );
    }
    let id = uuid::Uuid::now_v7();
    let resp = h
        .api(
            Method::POST,
            &format!("/api/v1/notifications/{id}/read"),
            None,
            None,
        )
        .await;
    assert_problem(&resp, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn preferences_through_the_api() {
    let h = Harness::new().await;
    let (asha, _) = two(&h).await;
    let path = "/api/v1/me/notification-preferences";
    let got = h.api_get(path, Some(&asha)).await;
    got.assert_status(StatusCode::OK);
    let prefs = got.json()["preferences"].as_array().unwrap().clone();
    assert_eq!(prefs.len(), hisaab_service::notifications::KINDS.len());
    let find = |list: &[Value], kind: &str| list.iter().find(|p| p["type"] == kind).unwrap().clone();
    assert_eq!(
        find(&prefs, "expense.added"),
        json!({ "type": "expense.added", "label": "An expense is added", "category": "expenses", "in_app": true, "email": true, "email_available": true })
    );
    assert_eq!(find(&prefs, "account.created")["email_available"], false);

    let put = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [
            { "type": "expense.added", "in_app": false, "email": false },
            { "type": "group.changed", "in_app": true, "email": true }
        ] })),
        &asha,
    )
    .await;
    put.assert_status(StatusCode::OK);
    let after = put.json()["preferences"].as_array().unwrap().clone();
    assert_eq!(after.len(), prefs.len(), "the full list answers");
    assert_eq!(find(&after, "expense.added")["in_app"], false);
    assert_eq!(find(&after, "group.changed")["email"], true);
    assert_eq!(
        h.api_get(path, Some(&asha)).await.json()["preferences"],
        json!(after)
    );

    let bad = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [
            { "type": "no.such", "in_app": true, "email": false },
            { "type": "account.created", "in_app": true, "email": true }
        ] })),
        &asha,
    )
    .await;
    assert_eq!(
        problem_fields(&bad),
        ["preferences[0].type", "preferences[1].email"]
    );
    let wrong_type = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [{ "type": "expense.added", "in_app": "yes", "email": false }] })),
        &asha,
    )
    .await;
    assert_eq!(problem_fields(&wrong_type), ["preferences[0].in_app"]);
    let unknown_field = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [], "digest": "daily" })),
        &asha,
    )
    .await;
    assert_problem(&unknown_field, StatusCode::UNPROCESSABLE_ENTITY);
    let unauthenticated = h
        .api(Method::PUT, path, Some(json!({ "preferences": [] })), None)
        .await;
    assert_problem(&unauthenticated, StatusCode::UNAUTHORIZED);
}

/// The bell's accessible name on a page.
fn bell(body: &str) -> String {
    let start = body
        .find("id=\"notification-badge\"")
        .expect("the page has the bell");
    let label = &body[start..];
    let from = label.find("aria-label=\"").unwrap() + "aria-label=\"".len();
    let to = label[from..].find('"').unwrap() + from;
    label[from..to].to_string()
}

#[tokio::test]
async fn the_bell_counts_and_falls_after_read_all() {
    let h = Harness::new().await;
    two(&h).await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let home = b.get("/app").await;
    home.assert_full_page();
    assert_eq!(bell(&home.body), "Notifications");
    assert!(
        home.body.contains("#notification-badge"),
        "the live refresh swaps the bell"
    );

    ravi_added(&h, 3).await;
    for page in ["/app", "/social/groups", "/settings/profile", "/notifications"] {
        let resp = b.get(page).await;
        resp.assert_full_page();
        assert_eq!(bell(&resp.body), "Notifications, 3 unread", "{page}");
    }
    let badge = b.get_htmx("/notifications/badge").await;
    badge.assert_status(StatusCode::OK);
    badge.assert_fragment();
    assert_eq!(bell(&badge.body), "Notifications, 3 unread");
    assert!(badge.body.contains(">3</span>"));

    // The centre lists them unread, newest first, with their links.
    let page = b.get("/notifications").await;
    assert!(
        page.body
            .contains("Ravi added “Dinner 2” (₹1,200.00) in Goa trip")
    );
    assert_eq!(page.body.matches("notification--unread").count(), 3);
    assert!(
        page.body
            .contains("<span class=\"visually-hidden\">Unread: </span>")
    );
    let reads = form_actions(&page.body, "/notifications/");
    assert!(reads.contains(&"/notifications/read-all".to_string()));

    // Read one in place with htmx: the row comes back read, with the bell out of band.
    let one = reads.iter().find(|a| a.ends_with("/read")).unwrap().clone();
    let resp = b.submit_htmx(&one, &[("next", "/notifications")]).await;
    resp.assert_status(StatusCode::OK);
    resp.assert_fragment();
    assert!(!resp.body.contains("notification--unread"));
    assert!(resp.body.contains("hx-swap-oob=\"true\""));
    assert_eq!(bell(&resp.body), "Notifications, 2 unread");

    // Without JS: "Mark all read" is a form; back to the centre with a message.
    let page = b.get("/notifications").await;
    let up_to = page.body.split("name=\"up_to\" value=\"").nth(1).unwrap();
    let up_to = &up_to[..up_to.find('"').unwrap()];
    let done = b
        .submit(
            "/notifications/read-all",
            &[("up_to", up_to), ("next", "/notifications")],
        )
        .await;
    done.assert_redirect("/notifications");
    let after = b.get("/notifications").await;
    assert!(after.body.contains("All notifications marked as read."));
    assert_eq!(bell(&after.body), "Notifications");
    assert!(!after.body.contains("notification--unread"));
    let unread = b.get("/notifications?unread=1").await;
    assert!(unread.body.contains("Nothing unread"));
}

#[tokio::test]
async fn centre_forms_need_csrf_and_a_session() {
    let h = Harness::new().await;
    two(&h).await;
    ravi_added(&h, 1).await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let forbidden = b.post_form("/notifications/read-all", &[]).await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    let forbidden = b
        .post_form("/settings/notifications", &[("in_app", "expense.added")])
        .await;
    forbidden.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(bell(&b.get("/app").await.body), "Notifications, 1 unread");
    // Someone else's id (or none) is not found.
    let stranger = b
        .submit(&format!("/notifications/{}/read", uuid::Uuid::now_v7()), &[])
        .await;
    stranger.assert_status(StatusCode::NOT_FOUND);
    let malformed = b.submit("/notifications/nope/read", &[]).await;
    malformed.assert_status(StatusCode::NOT_FOUND);
    let bad_up_to = b
        .submit("/notifications/read-all", &[("up_to", "yesterday")])
        .await;
    bad_up_to.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bell(&b.get("/app").await.body), "Notifications, 1 unread");

    let anon = h.browser();
    anon.get("/notifications")
        .await
        .assert_redirect("/login?next=/notifications");
    let page = anon.get("/").await;
    assert!(!page.body.contains("notification-badge"), "no bell signed out");
}

#[tokio::test]
async fn the_preferences_page_saves_and_refuses_by_name() {
    let h = Harness::new().await;
    two(&h).await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let page = b.get("/settings/notifications").await;
    page.assert_full_page();
    assert!(page.body.contains("aria-current=\"page\">Notifications</a>"));
    assert!(
        page.body
            .contains("id=\"email-expense.added\" name=\"email\" value=\"expense.added\" checked")
    );
    assert!(
        page.body
            .contains("id=\"in_app-account.created\" name=\"in_app\" value=\"account.created\" checked")
    );
    assert!(
        !page.body.contains("id=\"email-account.created\""),
        "no email for your own actions"
    );

    // Everything in the app, email only for added expenses.
    let mut fields: Vec<(&str, &str)> = hisaab_service::notifications::KINDS
        .iter()
        .map(|k| ("in_app", k.event_type))
        .collect();
    fields.push(("email", "expense.added"));
    let saved = b.submit("/settings/notifications", &fields).await;
    saved.assert_redirect("/settings/notifications");
    let page = b.get("/settings/notifications").await;
    assert!(page.body.contains("Notification preferences saved."));
    assert!(page.body.contains("value=\"expense.added\" checked"));
    assert!(
        !page
            .body
            .contains("id=\"email-debt.recorded\" name=\"email\" value=\"debt.recorded\" checked")
    );

    // With htmx: the form alone, saved.
    let resp = b
        .submit_htmx("/settings/notifications", &[("in_app", "expense.added")])
        .await;
    resp.assert_status(StatusCode::OK);
    resp.assert_fragment();
    assert!(resp.body.contains("Your notification preferences are saved."));

    // A kind that does not exist, or email where there is none: 422, named.
    let bad = b
        .submit_htmx(
            "/settings/notifications",
            &[
                ("in_app", "expense.added"),
                ("email", "no.such"),
                ("email", "account.created"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_fragment();
    assert!(bad.body.contains("There is a problem"));
    assert!(bad.body.contains("href=\"#preferences\""));
    assert!(bad.body.contains("is not a kind of notification"));
    let plain = b.submit("/settings/notifications", &[("email", "no.such")]).await;
    plain.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    plain.assert_full_page();
    // Nothing was saved by the refusals.
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let prefs = h
        .api_get("/api/v1/me/notification-preferences", Some(&asha))
        .await
        .json();
    for p in prefs["preferences"].as_array().unwrap() {
        assert_eq!(p["in_app"], p["type"] == "expense.added", "{p}");
    }
}

#[tokio::test]
async fn one_click_unsubscribe_works_without_signing_in() {
    use hisaab_service::notifications::{Category, email};
    let h = Harness::new().await;
    let (asha, _) = two(&h).await;
    let user = h.api_get("/api/v1/me", Some(&asha)).await.json()["id"]
        .as_str()
        .unwrap()
        .parse::<uuid::Uuid>()
        .unwrap();
    let token = email::unsubscribe_token(
        &h.t.app,
        hisaab_service::entity::UserId(user),
        email::Scope::Category(Category::Expenses),
    );
    let path = format!("/unsubscribe?token={token}");
    // Opening the link only asks (mail scanners open links).
    let anon = h.browser();
    let page = anon.get(&path).await;
    page.assert_status(StatusCode::OK);
    page.assert_full_page();
    assert!(page.body.contains("Stop these emails?"));
    assert!(page.body.contains("no more emails about group expenses"));
    assert!(page.body.contains(&format!("action=\"{path}\"")), "{}", page.body);
    let email_on = |prefs: &Value, kind: &str| {
        prefs["preferences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["type"] == kind)
            .unwrap()["email"]
            .as_bool()
            .unwrap()
    };
    let prefs_path = "/api/v1/me/notification-preferences";
    assert!(email_on(
        &h.api_get(prefs_path, Some(&asha)).await.json(),
        "expense.added"
    ));

    // What a mail client sends (RFC 8058): no cookie, no CSRF token.
    let resp = Harness::send(
        h.cli
            .post(&path)
            .content_type("application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click"),
    )
    .await;
    resp.assert_status(StatusCode::OK);
    assert!(resp.body.contains("You are unsubscribed"), "{}", resp.body);
    let prefs = h.api_get(prefs_path, Some(&asha)).await.json();
    assert!(!email_on(&prefs, "expense.added"));
    assert!(!email_on(&prefs, "expense.deleted"));
    assert!(email_on(&prefs, "settlement.recorded"), "other categories stay");

    // A link that is not ours changes nothing.
    let forged = Harness::send(
        h.cli
            .post(format!(
                "/unsubscribe?token={}",
                token.replace("expenses", "payments")
            ))
            .content_type("application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click"),
    )
    .await;
    forged.assert_status(StatusCode::NOT_FOUND);
    assert!(email_on(
        &h.api_get(prefs_path, Some(&asha)).await.json(),
        "settlement.recorded"
    ));
}

#[tokio::test]
async fn the_email_rhythm_through_the_api_and_the_settings_page() {
    let h = Harness::new().await;
    let (asha, _) = two(&h).await;
    let path = "/api/v1/me/notification-preferences";
    assert_eq!(h.api_get(path, Some(&asha)).await.json()["email_digest"], "off");
    let put = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [], "email_digest": "daily" })),
        &asha,
    )
    .await;
    put.assert_status(StatusCode::OK);
    assert_eq!(put.json()["email_digest"], "daily");
    let bad = call(
        &h,
        Method::PUT,
        path,
        Some(json!({ "preferences": [], "email_digest": "hourly" })),
        &asha,
    )
    .await;
    assert_eq!(problem_fields(&bad), ["email_digest"]);
    assert_eq!(h.api_get(path, Some(&asha)).await.json()["email_digest"], "daily");

    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let page = b.get("/settings/notifications").await;
    assert!(
        page.body.contains("<option value=\"daily\" selected>"),
        "{}",
        page.body
    );
    let saved = b
        .submit(
            "/settings/notifications",
            &[("in_app", "expense.added"), ("email_digest", "weekly")],
        )
        .await;
    saved.assert_redirect("/settings/notifications");
    assert_eq!(
        h.api_get(path, Some(&asha)).await.json()["email_digest"],
        "weekly"
    );
    let refused = b
        .submit_htmx("/settings/notifications", &[("email_digest", "hourly")])
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("href=\"#email_digest\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert_eq!(
        h.api_get(path, Some(&asha)).await.json()["email_digest"],
        "weekly"
    );
}
