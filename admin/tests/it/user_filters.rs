//! The user list's filters (role, plan, verified, locked, sign-up dates),
//! combined with the search and the cursor, on the page and in the CSV.

use crate::*;
use time::Duration;

fn rows(html: &str) -> Vec<String> {
    html.split(r#"<span class="table__sub">"#)
        .skip(1)
        .filter_map(|part| part.split('<').next().map(str::to_string))
        .collect()
}

async fn listed(b: &Browser, query: &str) -> Vec<String> {
    let resp = b.get(&format!("/users?{query}")).await;
    resp.assert_status_is_ok();
    let mut emails = rows(&body(resp).await);
    emails.sort();
    emails
}

async fn csv_emails(b: &Browser, query: &str) -> Vec<String> {
    let resp = b.get(&format!("/users?format=csv&{query}")).await;
    resp.assert_status_is_ok();
    let text = body(resp).await;
    let mut emails: Vec<String> = text
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn each_filter_narrows_the_list_and_the_csv() {
    let t = TestApp::new().await;
    // Joined 2026-11-25 (the test clock's day).
    t.user_with_role("help@example.com", Role::Support).await;
    t.user_with_role("rich@example.com", Role::Premium).await;
    t.clock.advance(Duration::days(2));
    // Joined 2026-11-27 (console sessions idle out: sign in after the jump).
    let (ops, b) = staff(&t, "ops@example.com").await;
    identity::admin_create_user(&t.app, "new@example.com", PASSWORD, None, Role::User, false)
        .await
        .unwrap();
    let locked = t.user("locked@example.net").await;
    let reason = hisaab_service::audit::StaffReason::parse("test").unwrap();
    identity::admin_set_lock(&t.app, &t.actor(&ops), locked.id, true, &reason)
        .await
        .unwrap();

    let everyone = [
        "help@example.com",
        "locked@example.net",
        "new@example.com",
        "ops@example.com",
        "rich@example.com",
    ];
    let cases: [(&str, &[&str]); 11] = [
        ("", &everyone),
        ("role=support", &["help@example.com"]),
        ("role=superadmin", &["ops@example.com"]),
        ("plan=premium", &["rich@example.com"]),
        ("plan=user", &["locked@example.net", "new@example.com"]),
        ("verified=false", &["new@example.com"]),
        ("locked=true", &["locked@example.net"]),
        (
            "created_from=2026-11-26",
            &["locked@example.net", "new@example.com", "ops@example.com"],
        ),
        ("created_to=2026-11-25", &["help@example.com", "rich@example.com"]),
        (
            "created_from=2026-11-27&created_to=2026-11-27&q=example.net",
            &["locked@example.net"],
        ),
        ("locked=false&plan=user", &["new@example.com"]),
    ];
    for (query, expected) in cases {
        assert_eq!(listed(&b, query).await, expected.to_vec(), "page: {query}");
        assert_eq!(csv_emails(&b, query).await, expected.to_vec(), "csv: {query}");
    }

    // The form keeps the filter; the CSV link carries it.
    let html = unescape(&body(b.get("/users?locked=true&role=user").await).await);
    assert!(
        html.contains(r#"<option value="true" selected>Locked</option>"#),
        "{html}"
    );
    assert!(html.contains("/users?role=user&locked=true&format=csv"));

    // The export's audit entry records the filter.
    let exports = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.export"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert!(
        exports
            .iter()
            .any(|e| e.details.contains(r#""verified":"false""#))
    );
}

#[tokio::test]
async fn the_cursor_keeps_the_filter_and_bad_values_are_422() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    for i in 0..30 {
        identity::admin_create_user(
            &t.app,
            &format!("u{i:02}@example.com"),
            PASSWORD,
            None,
            Role::User,
            i % 2 == 0,
        )
        .await
        .unwrap();
    }
    // 15 unverified, all on one page.
    let first = body(b.get("/users?verified=false").await).await;
    assert_eq!(rows(&first).len(), 15);
    assert!(!first.contains("Load more"));

    // 15 verified users and the staff member.
    let all = body(b.get("/users?verified=true").await).await;
    assert_eq!(rows(&all).len(), 16);

    let page = unescape(&body(b.get("/users?role=user").await).await);
    assert_eq!(rows(&page).len(), hisaab_admin::pages::PAGE_SIZE as usize);
    let tail = &page[page.find("table__more").expect("a next page")..];
    let more = between(tail, r#"href=""#, "\"").unwrap();
    assert!(more.starts_with("/users?role=user&cursor="), "{more}");
    let next = body(b.get_htmx(&more, &[]).await).await;
    assert_eq!(rows(&next).len(), 5, "30 users: 25 then 5");
    let mut seen = rows(&page);
    seen.extend(rows(&next));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 30, "no repeats, no gaps");

    for bad in [
        "role=root",
        "plan=support",
        "verified=maybe",
        "locked=1",
        "created_from=yesterday",
    ] {
        b.get(&format!("/users?{bad}"))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        b.get(&format!("/users?format=csv&{bad}"))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn the_dashboard_links_work() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    for query in [
        "locked=true",
        "verified=false",
        "locked=false",
        "verified=true",
        "plan=premium",
    ] {
        b.get(&format!("/users?{query}")).await.assert_status_is_ok();
    }
}
