//! IOU reminders: the worker's (due date, then weekly while overdue, once a
//! day however often it runs) and the owner's "Send a reminder".

use super::sharing::linked;
use super::*;
use hisaab_service::entity::outbox;
use hisaab_service::outbox::Event;
use hisaab_service::social::{DebtInput, ReminderRun, SettlementInput};
use sea_orm::EntityTrait;
use time::macros::date;

fn due_on(contact: &social::ContactView, direction: &str, due: &str) -> DebtInput {
    DebtInput {
        contact_id: contact.id.to_string(),
        direction: direction.into(),
        amount: "100.00".into(),
        currency: "USD".into(),
        date: "2026-11-20".into(),
        reason: Some("Concert tickets".into()),
        due_date: Some(due.into()),
        account_id: None,
    }
}

/// (type, notify, data) of every domain event, and the email templates sent.
async fn outbox_events(
    t: &TestApp,
) -> (
    Vec<(String, Vec<uuid::Uuid>, serde_json::Value)>,
    Vec<(String, String)>,
) {
    let mut domain = Vec::new();
    let mut emails = Vec::new();
    for row in outbox::Entity::find().all(&t.app.db).await.unwrap() {
        match serde_json::from_str(&row.payload).unwrap() {
            Event::Domain {
                event_type,
                notify,
                data,
            } if event_type.starts_with("debt.remind") => domain.push((event_type, notify, data)),
            Event::Email(e) if e.template == "debt_reminder" => emails.push((e.to, e.template)),
            _ => {}
        }
    }
    (domain, emails)
}

#[tokio::test]
async fn the_worker_reminds_on_the_due_date_then_weekly_and_once_a_day() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let debt = social::record_debt(&t.app, &asha, None, due_on(&contact, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    // The day before: nothing.
    assert_eq!(
        social::remind_due(&t.app, date!(2026 - 11 - 30)).await.unwrap(),
        ReminderRun::default()
    );
    // On the due date, twice (a retried or doubled job): one reminder, to both.
    let first = social::remind_due(&t.app, date!(2026 - 12 - 01)).await.unwrap();
    assert_eq!(first, ReminderRun { due: 1, reminded: 1 });
    let again = social::remind_due(&t.app, date!(2026 - 12 - 01)).await.unwrap();
    assert_eq!(again, ReminderRun { due: 1, reminded: 0 });
    let (events, _) = outbox_events(&t).await;
    assert_eq!(events.len(), 1);
    let (kind, notify, data) = &events[0];
    assert_eq!(kind, "debt.reminder");
    assert_eq!(notify, &vec![asha.user_id.0, meera.user_id.0]);
    assert_eq!(data["id"], debt.id.0.to_string());
    assert_eq!(data["outstanding"], "100.00");
    assert_eq!(data["days_overdue"], 0);
    // Overdue: not every day, every week.
    for day in [date!(2026 - 12 - 02), date!(2026 - 12 - 07)] {
        assert_eq!(
            social::remind_due(&t.app, day).await.unwrap().reminded,
            0,
            "{day}"
        );
    }
    assert_eq!(
        social::remind_due(&t.app, date!(2026 - 12 - 08))
            .await
            .unwrap()
            .reminded,
        1
    );
    let (events, _) = outbox_events(&t).await;
    assert_eq!(events.last().unwrap().2["days_overdue"], 7);
}

#[tokio::test]
async fn settled_deleted_and_other_tenants_debts_are_left_alone() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let settled = social::record_debt(&t.app, &asha, None, due_on(&meera, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let pay = SettlementInput {
        amount: "100.00".into(),
        date: "2026-11-25".into(),
        ..Default::default()
    };
    social::settle_debt(&t.app, &asha, None, settled.id, pay)
        .await
        .unwrap();
    let deleted = social::record_debt(&t.app, &asha, None, due_on(&meera, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    social::delete_debt(&t.app, &asha, deleted.id, None, None)
        .await
        .unwrap();
    // A part-paid one is still owed: reminded, for what is left.
    let part = social::record_debt(&t.app, &asha, None, due_on(&meera, "borrowed", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let half = SettlementInput {
        amount: "40.00".into(),
        date: "2026-11-25".into(),
        ..Default::default()
    };
    social::settle_debt(&t.app, &asha, None, part.id, half)
        .await
        .unwrap();
    let run = social::remind_due(&t.app, date!(2026 - 12 - 01)).await.unwrap();
    assert_eq!(run, ReminderRun { due: 1, reminded: 1 });
    let (events, _) = outbox_events(&t).await;
    assert_eq!(events[0].2["id"], part.id.0.to_string());
    assert_eq!(events[0].2["outstanding"], "60.00");
    assert_eq!(events[0].1, vec![asha.user_id.0], "not shared: the owner only");
}

#[tokio::test]
async fn the_owner_sends_a_reminder_once_a_day() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let debt = social::record_debt(&t.app, &asha, None, due_on(&contact, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let sent = social::send_debt_reminder(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!((sent.to.as_str(), sent.channel), ("Meera", "in_app"));
    let (events, emails) = outbox_events(&t).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "debt.reminder_sent");
    assert!(events[0].1.contains(&meera.user_id.0), "Meera hears of it");
    assert_eq!(
        emails,
        vec![("meera@example.com".to_string(), "debt_reminder".to_string())]
    );

    let again = social::send_debt_reminder(&t.app, &asha, debt.id).await;
    assert!(
        matches!(again, Err(Error::Conflict(ref m)) if m.contains("already sent")),
        "{again:?}"
    );
    t.clock.advance(time::Duration::days(1));
    social::send_debt_reminder(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(outbox_events(&t).await.1.len(), 2);

    // Meera cannot remind herself through Asha's IOU; a stranger cannot see it.
    let stranger = t.actor(&t.user("stranger@example.com").await);
    for who in [&meera, &stranger] {
        let refused = social::send_debt_reminder(&t.app, who, debt.id).await;
        assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    }
}

#[tokio::test]
async fn a_reminder_needs_someone_who_owes_you_and_a_way_to_reach_them() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let nameless = contact(&t, &asha, "Bo").await;
    let lent = social::record_debt(&t.app, &asha, None, due_on(&nameless, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let no_address = social::send_debt_reminder(&t.app, &asha, lent.id).await;
    assert!(
        matches!(no_address, Err(Error::Conflict(ref m)) if m.contains("no email address")),
        "{no_address:?}"
    );
    let borrowed = social::record_debt(&t.app, &asha, None, due_on(&nameless, "borrowed", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let owed = social::send_debt_reminder(&t.app, &asha, borrowed.id).await;
    assert!(
        matches!(owed, Err(Error::Conflict(ref m)) if m.contains("nobody to remind")),
        "{owed:?}"
    );

    let with_email = social::create_contact(
        &t.app,
        &asha,
        ContactInput {
            name: "Cy".into(),
            email: Some("cy@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let debt = social::record_debt(&t.app, &asha, None, due_on(&with_email, "lent", "2026-12-01"))
        .await
        .unwrap()
        .value;
    let sent = social::send_debt_reminder(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(sent.channel, "email");
    assert_eq!(
        outbox_events(&t).await.1,
        vec![("cy@example.com".to_string(), "debt_reminder".to_string())]
    );
}
