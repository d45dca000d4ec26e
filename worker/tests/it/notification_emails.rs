//! Email notifications end to end: domain events through the dispatcher,
//! batched or gathered into a digest, to one `.eml` with one-click
//! unsubscribe headers (RFC 8058).

use crate::support::{Harness, decode_qp, wait_for_emails};
use hisaab_service::identity::UserView;
use hisaab_service::notifications;
use hisaab_service::notifications::email::BATCH_WINDOW;
use hisaab_service::outbox::{self, Event};
use hisaab_worker::jobs::dispatch_outbox::dispatch_outbox;
use hisaab_worker::jobs::notification_emails::send_notification_emails;
use std::time::Duration;

/// Ravi adds `what` in the Goa trip, which Asha shares: an event for both.
async fn ravi_adds(h: &Harness, asha: &UserView, ravi: &UserView, group: uuid::Uuid, what: &str) {
    let event = Event::Domain {
        event_type: "expense.added".into(),
        notify: vec![asha.id.0, ravi.id.0],
        data: serde_json::json!({
            "id": uuid::Uuid::now_v7(), "group_id": group, "group_name": "Goa trip",
            "description": what, "total": "1200.00", "currency": "INR", "actor_id": ravi.id.0,
        }),
    };
    outbox::enqueue(&h.t.app.db, h.t.app.now(), Some(ravi.tenant_id), &event)
        .await
        .unwrap();
}

/// The one `.eml` the worker writes: its headers (unfolded) and its decoded text.
async fn the_email(h: &Harness) -> (String, String) {
    let running = h.start();
    let files = wait_for_emails(&h.mailbox(), 1, Duration::from_secs(20)).await;
    running.stop().await;
    assert_eq!(files.len(), 1, "one email");
    let raw = std::fs::read_to_string(&files[0]).unwrap();
    let headers = raw.split("\r\n\r\n").next().unwrap().replace("\r\n ", " ");
    (headers, decode_qp(&raw))
}

async fn digests_group_a_burst(h: Harness, digest: Option<&str>) {
    let asha = h.t.user("asha@example.com").await;
    let ravi = h.t.user("ravi@example.com").await;
    if digest.is_some() {
        notifications::set_preferences(&h.t.app, &h.t.actor(&asha), vec![], digest)
            .await
            .unwrap();
    }
    let group = uuid::Uuid::now_v7();
    for what in ["Dinner", "Taxi", "Breakfast", "Ferry"] {
        ravi_adds(&h, &asha, &ravi, group, what).await;
        h.t.clock.advance(time::Duration::seconds(50));
    }
    dispatch_outbox(&h.ctx, "burst-tests").await.unwrap();
    // Not yet: the burst is still collecting (or waits for the digest).
    assert_eq!(send_notification_emails(&h.ctx).await.unwrap().emails, 0);
    match digest {
        // 12:03 → 12:05: five minutes after the first.
        None => h.t.clock.advance(BATCH_WINDOW - time::Duration::seconds(200)),
        // Wednesday 12:03 → Thursday 06:00 (the test clock starts at 12:00 UTC).
        Some(_) => {
            h.t.clock
                .advance(time::Duration::minutes(18 * 60 - 3) - time::Duration::seconds(20))
        }
    }
    let sent = send_notification_emails(&h.ctx).await.unwrap();
    assert_eq!((sent.emails, sent.items), (1, 4), "the burst is one email");
    // Again: nothing more to send.
    assert_eq!(send_notification_emails(&h.ctx).await.unwrap().emails, 0);

    let (headers, raw) = the_email(&h).await;
    assert!(headers.contains("To: asha@example.com"), "{headers}");
    // (The subject is encoded for its "·"; the service tests read it rendered.)
    assert!(headers.contains("\nSubject: "), "{headers}");
    match digest {
        None => assert!(raw.contains("4 things changed in Goa trip."), "{raw}"),
        Some(_) => assert!(raw.contains("since your last daily digest"), "{raw}"),
    }
    for what in ["Dinner", "Taxi", "Breakfast", "Ferry"] {
        assert!(
            raw.contains(&format!("ravi added “{what}” (₹1,200.00) in Goa trip")),
            "{what}: {raw}"
        );
    }
    // RFC 8058: a one-click link that works without signing in.
    let header = headers
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe: <"))
        .unwrap_or_else(|| panic!("no List-Unsubscribe: {headers}"));
    assert!(header.contains("/unsubscribe?token="), "{header}");
    assert!(header.ends_with('>'), "{header}");
    assert!(
        headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{headers}"
    );
    assert!(
        !headers.contains("To: ravi@example.com"),
        "never about your own actions"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digests_group_a_burst_as_things_happen() {
    digests_group_a_burst(Harness::sql().await, None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digests_group_a_burst_in_a_daily_digest() {
    digests_group_a_burst(Harness::sql().await, Some("daily")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digests_group_a_burst_on_redis() {
    digests_group_a_burst(Harness::redis().await, None).await;
}
