//! The audit log page: filters, cursor pages, the CSV download (formula-safe,
//! itself audited), and no secrets ever shown.

use crate::*;
use hisaab_service::entity::{AuditId, TenantId, user};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

struct Row<'a> {
    actor: Option<&'a UserView>,
    subject: Option<&'a UserView>,
    action: &'a str,
    tenant: Option<TenantId>,
    ip: &'a str,
    request_id: &'a str,
    details: &'a str,
    at: OffsetDateTime,
}

async fn insert(t: &TestApp, r: Row<'_>) -> AuditId {
    let id = AuditId::new();
    audit_log::ActiveModel {
        id: Set(id),
        tenant_id: Set(r.tenant),
        actor_user_id: Set(r.actor.map(|u| u.id)),
        subject_user_id: Set(r.subject.map(|u| u.id)),
        action: Set(r.action.into()),
        details: Set(r.details.into()),
        ip: Set(Some(r.ip.into())),
        user_agent: Set(Some("tests".into())),
        request_id: Set(Some(r.request_id.into())),
        created_at: Set(r.at),
    }
    .insert(&t.app.db)
    .await
    .unwrap();
    id
}

/// The request ids of the rows a page shows, in order.
fn request_ids(html: &str) -> Vec<String> {
    html.split(r#"<span class="audit-request-id table__wrap-anywhere">"#)
        .skip(1)
        .filter_map(|part| part.split('<').next().map(str::to_string))
        .collect()
}

async fn shown(b: &Browser, query: &str) -> Vec<String> {
    let resp = b.get(&format!("/audit?{query}")).await;
    resp.assert_status_is_ok();
    request_ids(&body(resp).await)
        .into_iter()
        .filter(|r| r.starts_with("req-"))
        .collect()
}

#[tokio::test]
async fn each_filter_narrows_the_log() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let bob = t.user("bob@example.net").await;
    let t0 = t.app.now(); // 2026-11-25 12:00 UTC
    let row = |actor, subject, action, tenant, ip, request_id, at| Row {
        actor,
        subject,
        action,
        tenant,
        ip,
        request_id,
        details: "{}",
        at,
    };
    insert(
        &t,
        row(
            Some(&alice),
            Some(&alice),
            "auth.sign_in.success",
            Some(alice.tenant_id),
            "198.51.100.1",
            "req-a",
            t0,
        ),
    )
    .await;
    insert(
        &t,
        row(
            Some(&ops),
            Some(&bob),
            "admin.user_locked",
            Some(bob.tenant_id),
            "203.0.113.9",
            "req-b",
            t0 + Duration::hours(1),
        ),
    )
    .await;
    insert(
        &t,
        row(
            Some(&bob),
            Some(&bob),
            "auth.password_changed",
            Some(bob.tenant_id),
            "198.51.100.2",
            "req-c",
            t0 + Duration::days(2),
        ),
    )
    .await;

    let cases: [(String, &[&str]); 13] = [
        (String::new(), &["req-c", "req-b", "req-a"]),
        ("actor=alice".into(), &["req-a"]),
        ("actor=OPS%40example".into(), &["req-b"]),
        ("target=bob%40example.net".into(), &["req-c", "req-b"]),
        ("action=admin.user_locked".into(), &["req-b"]),
        ("action=auth.".into(), &["req-c", "req-a"]),
        ("action=auth.sign_in".into(), &[]),
        (format!("tenant={}", bob.tenant_id), &["req-c", "req-b"]),
        ("ip=198.51.100.1".into(), &["req-a"]),
        ("request_id=req-c".into(), &["req-c"]),
        ("from=2026-11-26".into(), &["req-c"]),
        ("to=2026-11-25".into(), &["req-b", "req-a"]),
        ("from=2026-11-25T12:30&to=2026-11-25T13:00".into(), &["req-b"]),
    ];
    for (query, expected) in &cases {
        assert_eq!(shown(&b, query).await, expected.to_vec(), "{query}");
    }

    // The rows name people by email and link to them.
    let html = unescape(&body(b.get("/audit?request_id=req-b").await).await);
    assert!(html.contains(&format!(r#"<a href="/users/{}">ops@example.com</a>"#, ops.id)));
    assert!(html.contains(&format!(r#"<a href="/users/{}">bob@example.net</a>"#, bob.id)));

    // htmx filters get only the rows.
    let rows = body(b.get_htmx("/audit?ip=198.51.100.1", &[]).await).await;
    assert!(
        rows.trim_start().starts_with(r#"<tbody id="audit-rows">"#),
        "{rows}"
    );

    for bad in ["tenant=nope", "from=yesterday", "from=2026-11-26&to=2026-11-25"] {
        b.get(&format!("/audit?{bad}"))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn cursor_pages_neither_repeat_nor_skip_even_with_equal_times() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let t0 = t.app.now();
    let mut expected: Vec<(OffsetDateTime, AuditId, String)> = Vec::new();
    for i in 0..130 {
        // Three entries share each second: the id breaks the tie.
        let at = t0 + Duration::seconds(i / 3);
        let request_id = format!("page-{i:03}");
        let id = insert(
            &t,
            Row {
                actor: None,
                subject: None,
                action: "test.paging",
                tenant: None,
                ip: "192.0.2.1",
                request_id: &request_id,
                details: "{}",
                at,
            },
        )
        .await;
        expected.push((at, id, request_id));
    }
    expected.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    let expected: Vec<String> = expected.into_iter().map(|e| e.2).collect();

    let mut seen = Vec::new();
    let mut next = Some("/audit?action=test.paging".to_string());
    let mut pages = 0;
    while let Some(path) = next.take() {
        let html = unescape(&body(b.get_htmx(&path, &[]).await).await);
        seen.extend(request_ids(&html));
        next = html
            .find("table__more")
            .and_then(|at| between(&html[at..], r#"href=""#, "\""));
        pages += 1;
        if pages == 1 {
            // A newer entry written while someone pages shifts nothing.
            insert(
                &t,
                Row {
                    actor: None,
                    subject: None,
                    action: "test.paging",
                    tenant: None,
                    ip: "192.0.2.1",
                    request_id: "page-late",
                    details: "{}",
                    at: t0 + Duration::hours(1),
                },
            )
            .await;
        }
    }
    assert_eq!(pages, 3, "50 + 50 + 30");
    assert_eq!(seen, expected, "every entry once, newest first");

    // A cursor made for other filters is refused.
    let html = unescape(&body(b.get("/audit?action=test.paging").await).await);
    let more = between(&html[html.find("table__more").unwrap()..], r#"href=""#, "\"").unwrap();
    let cursor = more.split("cursor=").nth(1).unwrap();
    b.get(&format!("/audit?action=test.&cursor={cursor}"))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_csv_is_formula_safe_and_the_export_is_audited() {
    let t = TestApp::new().await;
    let (help, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let probe = t.user("probe@example.com").await;
    user::Entity::update_many()
        .col_expr(
            user::Column::Email,
            sea_orm::sea_query::Expr::value("=cmd|'/C calc'!A0@example.com"),
        )
        .filter(user::Column::Id.eq(probe.id))
        .exec(&t.app.db)
        .await
        .unwrap();
    insert(
        &t,
        Row {
            actor: Some(&probe),
            subject: Some(&probe),
            action: "=HYPERLINK(\"http://evil\")",
            tenant: Some(probe.tenant_id),
            ip: "198.51.100.7",
            request_id: "req-probe",
            details: r#"{"note":"=1+1","password_hash":"$argon2id$v=19$leak"}"#,
            at: t.app.now(),
        },
    )
    .await;

    let page = body(b.get("/audit").await).await;
    assert!(page.contains("Download CSV") && page.contains("format=csv"));

    let resp = b.get("/audit?format=csv&request_id=req-probe").await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8");
    let text = body(resp).await;
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "created_at,action,actor_email,actor_user_id,target_email,target_user_id,tenant_id,ip,user_agent,request_id,details"
    );
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].contains(r#""'=HYPERLINK(""http://evil"")""#),
        "the action is prefixed: {}",
        lines[1]
    );
    assert!(
        lines[1].contains("'=cmd|'/C calc'!A0@example.com"),
        "the email is prefixed: {}",
        lines[1]
    );
    assert!(!text.contains("argon2"), "no hash in the export: {text}");

    let exports = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.export"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor_user_id, Some(help.id));
    let details: Value = serde_json::from_str(&exports[0].details).unwrap();
    assert_eq!(details["list"], "audit");
    assert_eq!(details["filters"]["request_id"], "req-probe");

    // The export shows up in the log it exported from.
    let html = body(b.get("/audit?action=admin.export").await).await;
    assert!(html.contains("req-probe"), "the entry's details name the filter");
}

#[tokio::test]
async fn staff_never_see_hashes_tokens_or_totp_secrets() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    insert(
        &t,
        Row {
            actor: Some(&alice),
            subject: Some(&alice),
            action: "test.secrets",
            tenant: Some(alice.tenant_id),
            ip: "198.51.100.7",
            request_id: "req-s1",
            details: r#"{"password_hash":"$argon2id$leak","token_hash":"abc123leak","totp_secret":"JBSWY3DPLEAK","nested":{"refresh_token":"rtleak"},"kept":"visible"}"#,
            at: t.app.now(),
        },
    )
    .await;
    for path in [
        "/audit?request_id=req-s1".to_string(),
        "/audit?format=csv&request_id=req-s1".to_string(),
        format!("/users/{}", alice.id),
    ] {
        let text = body(b.get(&path).await).await;
        assert!(text.contains("visible"), "{path}: the entry is there");
        assert!(!text.to_lowercase().contains("leak"), "{path}: {text}");
    }
}

#[tokio::test]
async fn the_console_links_to_the_log() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let html = unescape(&body(b.get("/users").await).await);
    assert!(html.contains(r#"href="/audit""#) && html.contains("Audit log"));
    let html = unescape(&body(b.get("/audit").await).await);
    assert!(html.contains(r#"href="/audit" aria-current="page""#), "{html}");
}
