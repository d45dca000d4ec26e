//! Email notifications: who is emailed, batches and digests, one-click
//! unsubscribe.

use crate::notifications::deliver_all;
use crate::social::{equal, linked};
use hisaab_service::entity::notification_email;
use hisaab_service::entity::outbox as outbox_entity;
use hisaab_service::notifications::email::{self, BATCH_WINDOW, Scope};
use hisaab_service::notifications::{self, Digest, PreferenceInput};
use hisaab_service::outbox::{Event, OutgoingEmail};
use hisaab_service::social::{self, ExpenseInput, GroupInput, SettlementInput};
use hisaab_service::templating::Templates;
use hisaab_service::testkit::{TestApp, meta};
use hisaab_service::{Actor, Error, mail};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use time::Duration;

/// Asha's "Goa trip" (INR), shared with Meera.
async fn goa(t: &TestApp) -> (Actor, Actor, social::GroupView) {
    let (asha, meera, contact) = linked(t).await;
    let g = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Goa trip".into(),
            currency: "INR".into(),
            contact_ids: vec![contact.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    deliver_all(t).await;
    // What sharing itself queued (the acceptance) is not what these tests count.
    notification_email::Entity::delete_many()
        .exec(&t.app.db)
        .await
        .unwrap();
    (asha, meera, g)
}

fn dinner(g: &social::GroupView, what: &str, total: &str) -> ExpenseInput {
    let mut input = equal(g, total, 1, &[0, 1]);
    input.description = what.into();
    input
}

/// The emails in the outbox with `template`, oldest first (one the test
/// dispatcher completed has had its payload cleared and is left out).
async fn emails(t: &TestApp, template: &str) -> Vec<OutgoingEmail> {
    outbox_entity::Entity::find()
        .order_by_asc(outbox_entity::Column::CreatedAt)
        .order_by_asc(outbox_entity::Column::Id)
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|row| match serde_json::from_str(&row.payload) {
            Ok(Event::Email(e)) if e.template == template => Some(e),
            _ => None,
        })
        .collect()
}

async fn notification_emails(t: &TestApp) -> Vec<OutgoingEmail> {
    emails(t, "notifications").await
}

async fn send(t: &TestApp) -> email::Sent {
    email::send_due(&t.app, &Templates::new(|_| {})).await.unwrap()
}

#[tokio::test]
async fn a_burst_in_one_group_is_one_email_to_the_others() {
    let t = TestApp::new().await;
    let (asha, meera, g) = goa(&t).await;
    for (what, total) in [("Dinner", "1200.00"), ("Taxi", "300.00"), ("Breakfast", "450.00")] {
        social::add_expense(&t.app, &meera, None, g.id, dinner(&g, what, total))
            .await
            .unwrap();
        t.clock.advance(Duration::minutes(1));
    }
    deliver_all(&t).await;
    // Only Asha is queued: Meera did it.
    let rows = notification_email::Entity::find().all(&t.app.db).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.user_id == asha.user_id));
    assert!(
        rows.iter()
            .all(|r| r.batch_key == format!("expenses:group:{}", g.id))
    );

    // Three minutes after the first: not yet.
    assert_eq!(send(&t).await, email::Sent::default());
    t.clock.advance(BATCH_WINDOW - Duration::minutes(3));
    let sent = send(&t).await;
    assert_eq!(sent, email::Sent { emails: 1, items: 3 });
    let emails = notification_emails(&t).await;
    assert_eq!(emails.len(), 1);
    let e = &emails[0];
    assert_eq!(e.to, "asha@example.com");
    assert_eq!(e.context["count"], 3);
    assert_eq!(e.context["group"], "Goa trip");
    assert_eq!(e.context["digest"], serde_json::Value::Null);
    let titles: Vec<&str> = e.context["sections"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "meera added “Dinner” (₹1,200.00) in Goa trip",
            "meera added “Taxi” (₹300.00) in Goa trip",
            "meera added “Breakfast” (₹450.00) in Goa trip"
        ]
    );
    assert_eq!(
        e.context["sections"][0]["items"][0]["link"],
        t.app.link(&format!("/social/groups/{}", g.id))
    );
    let rendered = mail::render(&Templates::new(|_| {}), e).unwrap();
    assert_eq!(rendered.subject, "3 updates in Goa trip · Hisaab");
    assert!(rendered.text.contains("Stop emails about group expenses: http"));
    let headers = mail::unsubscribe_headers(e);
    assert_eq!(headers.len(), 2);

    // Sent is sent: nothing goes twice.
    assert_eq!(send(&t).await, email::Sent::default());
    // A payment in the same group is another category: its own email.
    social::record_settlement(
        &t.app,
        &meera,
        None,
        SettlementInput {
            group_id: Some(g.id.to_string()),
            from_member_id: Some(g.members[1].id.to_string()),
            to_member_id: Some(g.members[0].id.to_string()),
            amount: "500.00".into(),
            currency: Some("INR".into()),
            date: "2026-11-21".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    deliver_all(&t).await;
    t.clock.advance(BATCH_WINDOW);
    assert_eq!(send(&t).await, email::Sent { emails: 1, items: 1 });
    let payment = notification_emails(&t).await.pop().unwrap();
    let rendered = mail::render(&Templates::new(|_| {}), &payment).unwrap();
    assert_eq!(
        rendered.subject,
        "meera recorded a payment of ₹500.00 in Goa trip · Hisaab"
    );
    // Your own actions are never emailed: Meera has nothing queued.
    assert!(
        notification_email::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .iter()
            .all(|r| r.user_id == asha.user_id)
    );
}

#[tokio::test]
async fn preferences_decide_who_is_emailed_and_how_often() {
    let t = TestApp::new().await;
    let (asha, meera, g) = goa(&t).await;
    // Asha turns expense emails off: nothing is queued for her.
    notifications::set_preferences(
        &t.app,
        &asha,
        vec![PreferenceInput {
            event_type: "expense.added".into(),
            in_app: true,
            email: false,
        }],
        None,
    )
    .await
    .unwrap();
    social::add_expense(&t.app, &meera, None, g.id, dinner(&g, "Dinner", "100.00"))
        .await
        .unwrap();
    deliver_all(&t).await;
    assert_eq!(
        notification_email::Entity::find().count(&t.app.db).await.unwrap(),
        0
    );

    // Meera wants a daily digest; Asha adds three expenses across the day.
    notifications::set_preferences(&t.app, &meera, vec![], Some("daily"))
        .await
        .unwrap();
    for what in ["Lunch", "Ferry", "Snacks"] {
        social::add_expense(&t.app, &asha, None, g.id, dinner(&g, what, "60.00"))
            .await
            .unwrap();
        t.clock.advance(Duration::hours(2));
    }
    deliver_all(&t).await;
    // The test clock starts at 12:00 UTC (Wednesday): no digest before Thursday 06:00.
    assert_eq!(send(&t).await, email::Sent::default());
    t.clock.advance(Duration::hours(12) - Duration::minutes(1));
    assert_eq!(send(&t).await, email::Sent::default(), "05:59");
    t.clock.advance(Duration::minutes(1));
    assert_eq!(send(&t).await, email::Sent { emails: 1, items: 3 });
    let digest = notification_emails(&t).await.pop().unwrap();
    assert_eq!(digest.to, "meera@example.com");
    assert_eq!(digest.context["digest"], "daily");
    let rendered = mail::render(&Templates::new(|_| {}), &digest).unwrap();
    assert_eq!(rendered.subject, "Your daily Hisaab digest: 3 updates");
    assert!(rendered.text.contains("Group expenses"));
    assert!(rendered.text.contains("Stop all notification emails: http"));
    assert_eq!(
        notifications::email_digest(&t.app.db, meera.user_id)
            .await
            .unwrap(),
        Digest::Daily
    );
}

#[tokio::test]
async fn one_click_unsubscribe_turns_that_email_off_without_signing_in() {
    let t = TestApp::new().await;
    let (asha, meera, g) = goa(&t).await;
    social::add_expense(&t.app, &meera, None, g.id, dinner(&g, "Dinner", "100.00"))
        .await
        .unwrap();
    deliver_all(&t).await;
    t.clock.advance(BATCH_WINDOW);
    send(&t).await;
    let e = notification_emails(&t).await.pop().unwrap();
    let link = e.context["list_unsubscribe"].as_str().unwrap().to_string();
    let token = link.split("token=").nth(1).unwrap().to_string();
    assert_eq!(
        email::unsubscribe_scope(&t.app, &token).await.unwrap(),
        Scope::Category(notifications::Category::Expenses)
    );
    // Another expense is queued, then Asha unsubscribes: it is dropped.
    social::add_expense(&t.app, &meera, None, g.id, dinner(&g, "Taxi", "100.00"))
        .await
        .unwrap();
    deliver_all(&t).await;
    let scope = email::unsubscribe(&t.app, &token, &meta()).await.unwrap();
    assert_eq!(scope, Scope::Category(notifications::Category::Expenses));
    let prefs = notifications::preferences(&t.app, &asha).await.unwrap();
    for p in &prefs {
        if p.kind.category == notifications::Category::Expenses {
            assert!(!p.email && p.in_app, "{}", p.kind.event_type);
        }
    }
    assert!(
        prefs
            .iter()
            .any(|p| p.kind.event_type == "settlement.recorded" && p.email)
    );
    t.clock.advance(BATCH_WINDOW);
    assert_eq!(send(&t).await, email::Sent::default());
    // Twice is fine; a tampered or foreign token is not found.
    email::unsubscribe(&t.app, &token, &meta()).await.unwrap();
    let tampered = token.replace("expenses", "all");
    assert!(matches!(
        email::unsubscribe(&t.app, &tampered, &meta()).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        email::unsubscribe_scope(&t.app, "nonsense").await,
        Err(Error::NotFound)
    ));
    let audit = crate::audit_rows(&t, "notifications.unsubscribed").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].subject_user_id, Some(asha.user_id));
    // A digest's link stops every notification email.
    let all = email::unsubscribe_token(&t.app, meera.user_id, Scope::All);
    email::unsubscribe(&t.app, &all, &meta()).await.unwrap();
    let prefs = notifications::preferences(&t.app, &meera).await.unwrap();
    assert!(prefs.iter().all(|p| !p.email));
}

#[tokio::test]
async fn an_invitation_email_respects_a_registered_invitees_choice() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = t.actor(&t.user("meera@example.com").await);
    notifications::set_preferences(
        &t.app,
        &meera,
        vec![PreferenceInput {
            event_type: "invitation.sent".into(),
            in_app: true,
            email: false,
        }],
        None,
    )
    .await
    .unwrap();
    let c = social::create_contact(
        &t.app,
        &asha,
        social::ContactInput {
            name: "Meera".into(),
            email: Some("meera@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    social::invite_contact(&t.app, &asha, c.id).await.unwrap();
    assert!(emails(&t, "invitation").await.is_empty());
    deliver_all(&t).await;
    let items = notifications::list_notifications(&t.app, &meera, Default::default())
        .await
        .unwrap()
        .items;
    assert_eq!(items[0].event_type, "invitation.sent", "still told in the app");
    // Someone not signed up yet is always emailed.
    let ravi = social::create_contact(
        &t.app,
        &asha,
        social::ContactInput {
            name: "Ravi".into(),
            email: Some("ravi@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    social::invite_contact(&t.app, &asha, ravi.id).await.unwrap();
    assert_eq!(emails(&t, "invitation").await.len(), 1);
    deliver_all(&t).await;
    t.clock.advance(BATCH_WINDOW);
    send(&t).await;
    assert!(
        notification_emails(&t).await.is_empty(),
        "the invitation is not emailed twice"
    );
}
