//! `/`: the dashboard's figures for a known set of users, records and
//! outbox events, each linking to its list.

use crate::jobs::failed_event;
use crate::*;
use hisaab_service::outbox;

/// The figure shown next to `label`, without its link.
pub fn figure(html: &str, label: &str) -> String {
    let dd =
        between(html, &format!("<dt>{label}</dt>"), "</dd>").unwrap_or_else(|| panic!("no figure {label}"));
    let text = dd.rsplit_once("\">").map(|(_, v)| v).unwrap_or(&dd);
    text.trim_end_matches("</a>").trim().to_string()
}

/// The link of the figure next to `label`.
fn link(html: &str, label: &str) -> String {
    let dd = between(html, &format!("<dt>{label}</dt>"), "</dd>").unwrap_or_default();
    between(&dd, "href=\"", "\"")
        .unwrap_or_default()
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_dashboard_counts_a_seeded_set_and_links_each_figure_to_its_list() {
    let t = TestApp::new().await;
    t.user("old@example.com").await;
    t.clock.advance(time::Duration::days(8));
    let week_start = (t.app.now() - time::Duration::days(7)).date();
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let asha = t.user("asha@example.com").await;
    identity::admin_create_user(
        &t.app,
        "bob@example.com",
        hisaab_service::testkit::PASSWORD,
        None,
        Role::User,
        false,
    )
    .await
    .unwrap();
    t.user("carol@example.com").await;
    identity::admin_set_lock_by_email(&t.app, "carol@example.com", true)
        .await
        .unwrap();
    let asha_actor = t.actor(&asha);
    for name in ["Meera", "Ravi", "Sam"] {
        hisaab_service::social::create_contact(
            &t.app,
            &asha_actor,
            hisaab_service::social::ContactInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    failed_event(&t, 1, "queue down").await;
    failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;

    let resp = b.get("/").await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    assert!(
        html.contains(r#"href="/" aria-current="page""#),
        "the nav marks Dashboard"
    );
    for (label, value, href) in [
        ("All users", "5", "/users".to_string()),
        (
            "New in the last 7 days",
            "4",
            format!("/users?created_from={week_start}"),
        ),
        ("Email verified", "4", "/users?verified=true".into()),
        ("Not verified", "1", "/users?verified=false".into()),
        ("Locked", "1", "/users?locked=true".into()),
        ("Failed, retrying", "1", "/jobs?state=failed".into()),
        ("Dead-lettered", "1", "/jobs?state=dead".into()),
    ] {
        assert_eq!(figure(&html, label), value, "{label}");
        assert_eq!(link(&html, label), href, "{label}");
    }
    assert_eq!(figure(&html, "Contacts"), "3");
    assert_eq!(figure(&html, "Accounts"), "0");
    assert_eq!(figure(&html, "Emails sent"), "0");

    // Only staff: a user's console session does not exist, and a signed-out
    // browser is sent to sign in.
    let anonymous = Browser::open(&t.app).await;
    let resp = anonymous.get("/").await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login");
}
