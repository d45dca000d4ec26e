//! IOU reminders: one per debt and day even when the job runs twice at once.

use crate::support::Harness;
use hisaab_service::notifications;
use hisaab_service::social::{self, ContactInput, DebtInput};
use hisaab_worker::jobs::dispatch_outbox::dispatch_outbox;
use hisaab_worker::jobs::send_reminders::send_reminders;
use time::macros::date;

#[tokio::test]
async fn a_doubled_reminder_run_reminds_once_and_notifies_the_owner() {
    let h = Harness::sql().await;
    let asha = h.t.user("asha@example.com").await;
    let actor = h.t.actor(&asha);
    let bo = social::create_contact(
        &h.t.app,
        &actor,
        ContactInput {
            name: "Bo".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let input = DebtInput {
        contact_id: bo.id.to_string(),
        direction: "lent".into(),
        amount: "12.50".into(),
        currency: "USD".into(),
        date: "2026-11-01".into(),
        due_date: Some("2026-11-20".into()),
        ..Default::default()
    };
    social::record_debt(&h.t.app, &actor, None, input).await.unwrap();
    while dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap().claimed > 0 {}
    let before = notifications::since(&h.t.app, &actor, None, 100)
        .await
        .unwrap()
        .len();

    // Two workers run the due date's job at the same moment.
    let day = date!(2026 - 11 - 20);
    let (a, b) = tokio::join!(send_reminders(&h.ctx, day), send_reminders(&h.ctx, day));
    assert_eq!(a.unwrap().reminded + b.unwrap().reminded, 1);
    while dispatch_outbox(&h.ctx, "test-dispatcher").await.unwrap().claimed > 0 {}

    let seen = notifications::since(&h.t.app, &actor, None, 100).await.unwrap();
    let reminders: Vec<_> = seen.iter().filter(|n| n.event_type == "debt.reminder").collect();
    assert_eq!(seen.len(), before + 1);
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].data["outstanding"], "12.50");
    assert_eq!(reminders[0].data["contact_name"], "Bo");
}
