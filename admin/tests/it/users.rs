//! The user list, a user's page, and the staff actions with their audit trail.

use crate::*;
use hisaab_service::entity::session::Surface;
use hisaab_service::identity;
use hisaab_service::testkit::meta;
use hisaab_service::{Error, RequestMeta};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn rows(html: &str) -> usize {
    html.matches(r#"class="table__primary" href="/users/"#).count()
}

#[tokio::test]
async fn the_list_shows_users_and_search_filters_by_email() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    t.user("alice@example.com").await;
    t.user("bob@example.net").await;

    let resp = b.get("/users").await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    for email in ["ops@example.com", "alice@example.com", "bob@example.net"] {
        assert!(html.contains(email), "{email} missing");
    }
    assert_eq!(rows(&html), 3);

    let html = body(b.get("/users?q=ALICE").await).await;
    assert!(html.contains("alice@example.com"));
    assert!(!html.contains("bob@example.net"));
    assert_eq!(rows(&html), 1);
    assert!(
        html.contains(r#"value="ALICE""#) || html.contains(r#"value="alice""#),
        "the box keeps the search"
    );

    let html = body(b.get("/users?q=example.net").await).await;
    assert_eq!(rows(&html), 1);
    assert!(html.contains("bob@example.net"));

    let html = body(b.get("/users?q=nobody").await).await;
    assert_eq!(rows(&html), 0);
    assert!(html.contains("No users match"), "{html}");

    // PostgreSQL refuses NUL in text; the console never sends it.
    b.get("/users?q=al%00ice&cursor=%00").await.assert_status_is_ok();
}

#[tokio::test]
async fn htmx_search_gets_only_the_rows() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    t.user("alice@example.com").await;

    let resp = b.get_htmx("/users?q=alice", &[]).await;
    resp.assert_status_is_ok();
    resp.assert_header("vary", "HX-Request");
    let html = body(resp).await;
    assert!(
        html.trim_start().starts_with(r#"<tbody id="user-rows">"#),
        "{html}"
    );
    assert!(!html.contains("<html"));
    assert_eq!(rows(&html), 1);

    // Boosted navigation and history restores need the whole page.
    for extra in [("HX-Boosted", "true"), ("HX-History-Restore-Request", "true")] {
        let html = body(b.get_htmx("/users?q=alice", &[extra]).await).await;
        assert!(html.contains("<html"), "{extra:?}");
    }
}

#[tokio::test]
async fn the_list_pages_with_a_cursor() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    for i in 0..26 {
        t.user(&format!("user{i:02}@example.com")).await;
    }
    // 27 accounts by email: ops, user00 … user25.
    let html = body(b.get("/users").await).await;
    assert_eq!(rows(&html), hisaab_admin::pages::PAGE_SIZE as usize);
    assert!(html.contains("Load more"));
    assert!(!html.contains("user24@example.com"));
    let cursor = between(&html, "cursor=", "\"").expect("a cursor link");
    assert_eq!(cursor, "user23%40example.com");

    let resp = b.get_htmx(&format!("/users?q=&cursor={cursor}"), &[]).await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    assert_eq!(rows(&html), 2);
    assert!(html.contains("user24@example.com") && html.contains("user25@example.com"));
    assert!(!html.contains("Load more"));
}

#[tokio::test]
async fn a_user_page_shows_state_and_audit_entries() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let web_meta = RequestMeta {
        ip: Some("198.51.100.7".into()),
        user_agent: Some("Firefox".into()),
        request_id: Some("req-web-1".into()),
        api_sign_in: None,
    };
    identity::sign_in(&t.app, "alice@example.com", PASSWORD, &web_meta)
        .await
        .unwrap();
    assert!(
        identity::sign_in(&t.app, "alice@example.com", "wrong-password-here", &web_meta)
            .await
            .is_err()
    );

    let resp = b.get(&format!("/users/{}", alice.id)).await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    for text in [
        "alice@example.com",
        &alice.id.to_string(),
        "Standard",
        "Verified",
        "Active",
        "auth.sign_in.success",
        "auth.sign_in.failure",
        "198.51.100.7",
        "req-web-1",
        "2026-11-25 12:00:00 UTC",
    ] {
        assert!(html.contains(text), "{text} missing from the user page");
    }
}

#[tokio::test]
async fn a_bad_or_unknown_id_is_the_console_404_page() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let unknown = UserId::new();
    for path in ["/users/not-a-uuid".to_string(), format!("/users/{unknown}")] {
        let resp = b.get(&path).await;
        resp.assert_status(StatusCode::NOT_FOUND);
        let html = body(resp).await;
        assert!(html.contains("Back to users"), "{path}: {html}");
    }
    b.post(&format!("/users/{unknown}/lock"), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    b.post("/users/42/role", &[("role", "user")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn locking_stops_web_sign_in_ends_sessions_and_is_audited() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let web = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();

    let resp = b
        .post(
            &format!("/users/{}/lock", alice.id),
            &[("reason", "ticket 7: stolen laptop")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), format!("/users/{}", alice.id));
    let rid = request_id(&resp);

    let refused = identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta()).await;
    assert!(matches!(refused, Err(Error::RateLimited { .. })), "{refused:?}");
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );

    let entries = audit(&t.app, "admin.user_locked", alice.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_user_id, Some(ops.id));
    assert_eq!(entries[0].request_id.as_deref(), Some(rid.as_str()));
    // One transaction, one entry: the lock records why, the state before and
    // after, and how many sessions it ended.
    let details: serde_json::Value = serde_json::from_str(&entries[0].details).unwrap();
    assert_eq!(
        details,
        serde_json::json!({
            "reason": "ticket 7: stolen laptop",
            "before": { "locked": false },
            "after": { "locked": true },
            "sessions_ended": 1,
            "api_sign_ins_ended": 0,
        })
    );

    let html = body(b.get(&format!("/users/{}", alice.id)).await).await;
    assert!(html.contains("Locked"));
    assert!(html.contains("admin.user_locked"));
    assert!(html.contains(&format!("/users/{}/unlock", alice.id)));

    let resp = b
        .post(
            &format!("/users/{}/unlock", alice.id),
            &[("reason", "ticket 7: laptop found")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta())
        .await
        .expect("unlocked");
    let entries = audit(&t.app, "admin.user_unlocked", alice.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_user_id, Some(ops.id));
}

#[tokio::test]
async fn role_changes_are_checked_and_audited() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;

    let resp = b
        .post(
            &format!("/users/{}/role", alice.id),
            &[("role", "premium"), ("reason", "sales deal")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    let (after, _) = identity::admin_get_user(&t.app, &t.actor(&ops), alice.id)
        .await
        .unwrap();
    assert_eq!(after.role, Role::Premium);
    let entries = audit(&t.app, "admin.role_changed", alice.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_user_id, Some(ops.id));
    assert!(entries[0].details.contains("premium"));

    // An unknown role changes nothing.
    let resp = b
        .post(
            &format!("/users/{}/role", alice.id),
            &[("role", "root"), ("reason", "typo test")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("Choose one of the roles"));
    let (after, _) = identity::admin_get_user(&t.app, &t.actor(&ops), alice.id)
        .await
        .unwrap();
    assert_eq!(after.role, Role::Premium);

    // Staff cannot demote themselves.
    let resp = b
        .post(
            &format!("/users/{}/role", ops.id),
            &[("role", "user"), ("reason", "stepping down")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body(resp)
            .await
            .contains("You cannot remove your own staff role.")
    );
    b.get("/users").await.assert_status_is_ok();

    // A demoted superadmin's console session stops working at once.
    let (sam, sam_browser) = staff(&t, "sam@example.com").await;
    sam_browser.get("/users").await.assert_status_is_ok();
    b.post(
        &format!("/users/{}/role", sam.id),
        &[("role", "user"), ("reason", "left the team")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let resp = sam_browser.get("/users").await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");
}

#[tokio::test]
async fn revoking_sessions_ends_the_users_web_sessions() {
    let t = TestApp::new().await;
    let (ops, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let phone = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();
    let laptop = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();
    assert!(
        identity::resolve_session(&t.app, &phone, Surface::Web)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        body(b.get(&format!("/users/{}", alice.id)).await)
            .await
            .contains("Ends all 2 active sessions and every API sign-in")
    );

    let resp = b
        .post(
            &format!("/users/{}/revoke-sessions", alice.id),
            &[("reason", "asked by alice")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    for token in [&phone, &laptop] {
        assert!(
            identity::resolve_session(&t.app, token, Surface::Web)
                .await
                .unwrap()
                .is_none()
        );
    }
    let entries = audit(&t.app, "admin.sessions_revoked", alice.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_user_id, Some(ops.id));
    assert!(entries[0].details.contains('2'), "{}", entries[0].details);
    // Signing in again still works: revoking is not locking.
    identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta())
        .await
        .expect("can sign in");
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let alice = t.user("alice@example.com").await;
    let path = format!("/users/{}/lock", alice.id);

    let resp = b.post_raw(&path, &[]).await;
    resp.assert_status(StatusCode::FORBIDDEN);
    assert!(body(resp).await.contains("Back to users"));
    b.post_raw(&path, &[("csrf_token", "forged")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.post_raw(&format!("/users/{}/role", alice.id), &[("role", "superadmin")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // The right token without its cookie fails too.
    let resp = b
        .cli
        .post(&path)
        .header(
            header::COOKIE,
            format!("{ADMIN_COOKIE}={}", b.session.as_deref().unwrap()),
        )
        .form(&[("csrf_token", b.csrf_token.as_str())])
        .send()
        .await;
    resp.assert_status(StatusCode::FORBIDDEN);

    identity::sign_in(&t.app, "alice@example.com", PASSWORD, &meta())
        .await
        .expect("still unlocked");
    assert!(audit(&t.app, "admin.user_locked", alice.id).await.is_empty());
    assert!(audit(&t.app, "admin.role_changed", alice.id).await.is_empty());
}

#[tokio::test]
async fn support_staff_can_look_but_every_change_is_refused() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let alice = t.user("alice@example.com").await;
    let web = identity::create_session(&t.app, &alice, Surface::Web, None, &meta())
        .await
        .unwrap();

    let list = body(b.get("/users").await).await;
    assert!(list.contains("alice@example.com"), "support can browse");
    b.get(&format!("/users/{}", alice.id))
        .await
        .assert_status(StatusCode::OK);

    // With a reason or without, every change needs a superadmin.
    for (path, fields) in [
        ("lock", vec![]),
        ("unlock", vec![]),
        ("role", vec![("role", "superadmin")]),
        ("plan", vec![("plan", "premium")]),
        ("revoke-sessions", vec![]),
        ("mark-verified", vec![]),
    ] {
        for reason in [None, Some("ticket 1")] {
            let mut fields = fields.clone();
            fields.extend(reason.map(|r| ("reason", r)));
            let resp = b.post(&format!("/users/{}/{path}", alice.id), &fields).await;
            resp.assert_status(StatusCode::FORBIDDEN);
        }
    }
    for action in ["lock", "revoke-sessions"] {
        b.get(&format!("/users/bulk/{action}?q=alice"))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        b.post(
            &format!("/users/bulk/{action}"),
            &[("q", "alice"), ("count", "1"), ("reason", "ticket 1")],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    }
    let page = body(b.get(&format!("/users/{}", alice.id)).await).await;
    assert!(page.contains("/send-password-reset"), "support may send mails");
    assert!(
        !page.contains("/lock") && !page.contains("/plan"),
        "but sees no changes"
    );
    assert!(!body(b.get("/users").await).await.contains("/users/bulk/"));
    let unchanged = hisaab_service::entity::user::Entity::find_by_id(alice.id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.role, Role::User);
    assert!(unchanged.locked_until.is_none());
    assert!(unchanged.email_verified);
    assert!(
        identity::resolve_session(&t.app, &web, Surface::Web)
            .await
            .unwrap()
            .is_some(),
        "the session was not revoked"
    );
    assert!(audit(&t.app, "admin.user_locked", alice.id).await.is_empty());
    let bulk = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.bulk_action"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert!(bulk.is_empty());
}

#[tokio::test]
async fn the_user_list_downloads_as_formula_safe_csv_and_the_download_is_audited() {
    let t = TestApp::new().await;
    let (help, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    for i in 0..3 {
        t.user(&format!("member{i}@example.com")).await;
    }
    let probe = t.user("probe@example.com").await;
    hisaab_service::entity::user::Entity::update_many()
        .col_expr(
            hisaab_service::entity::user::Column::DisplayName,
            sea_orm::sea_query::Expr::value("=HYPERLINK(\"http://evil\")"),
        )
        .filter(hisaab_service::entity::user::Column::Id.eq(probe.id))
        .exec(&t.app.db)
        .await
        .unwrap();

    let page = body(b.get("/users").await).await;
    assert!(
        page.contains("Download CSV") && page.contains("format=csv"),
        "a download link"
    );

    let resp = b.get("/users?format=csv&q=example.com").await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8");
    let text = body(resp).await;
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "id,email,display_name,role,email_verified,locked,created_at,base_currency"
    );
    // Four members, the support account and the probe (the staff helper's user included).
    assert!(lines.len() >= 6, "{text}");
    let probe_line = lines.iter().find(|l| l.contains("probe@example.com")).unwrap();
    assert!(
        probe_line.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "the formula is prefixed: {probe_line}"
    );

    let exports = hisaab_service::entity::audit_log::Entity::find()
        .filter(hisaab_service::entity::audit_log::Column::Action.eq("admin.export"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor_user_id, Some(help.id));
    assert!(
        exports[0].details.contains("example.com"),
        "{}",
        exports[0].details
    );
}
