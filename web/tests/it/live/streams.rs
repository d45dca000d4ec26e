//! One server: what a stream receives, what it must not, and when it ends.

use super::{ARRIVES, Reader, dispatch};
use crate::support::Harness;
use poem::http::{Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

async fn add_contact(h: &Harness, token: &str, name: &str) -> String {
    let resp = h
        .api(
            Method::POST,
            "/api/v1/social/contacts",
            Some(json!({ "name": name })),
            Some(token),
        )
        .await;
    assert_eq!(resp.status, StatusCode::CREATED, "{}", resp.body);
    resp.json()["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_pages_stream_needs_a_session_and_starts_with_a_retry_hint() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let _listening = h.state.listen();

    let anonymous = h.browser().get("/events").await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "never a redirect an EventSource would follow"
    );

    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let mut stream = Reader::send(b.request(Method::GET, "/events")).await;
    assert_eq!(stream.status, StatusCode::OK);
    assert!(stream.preamble().await.starts_with("retry: 3000\n"));
}

#[tokio::test]
async fn a_write_reaches_every_open_stream_of_its_person_and_nobody_else() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    let _listening = h.state.listen();
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (ravi, _) = h.tokens_for("ravi@example.com").await;

    // Asha on her phone (API) and in a browser (page stream); Ravi on his phone.
    let mut phone = Reader::api(&h, &asha, None).await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let mut page = Reader::send(b.request(Method::GET, "/events")).await;
    let mut ravis = Reader::api(&h, &ravi, None).await;
    assert_eq!(h.state.hub.open(), 3);

    let contact = add_contact(&h, &asha, "Bilal").await;
    dispatch(&h).await;

    for stream in [&mut phone, &mut page] {
        let m = stream.next(ARRIVES).await.unwrap().expect("an event");
        assert_eq!(m.event, "contact.created");
        assert_eq!(m.data["id"], m.id.as_str(), "data carries the id the SSE id: has");
        assert_eq!(m.data["type"], "contact.created");
        assert_eq!(m.data["data"]["id"], contact.as_str());
        assert!(
            m.data["created_at"].as_str().unwrap().ends_with('Z'),
            "RFC 3339: {}",
            m.data["created_at"]
        );
    }
    ravis.assert_quiet(Duration::from_millis(800)).await;
}

#[tokio::test]
async fn resuming_with_last_event_id_loses_nothing_and_repeats_nothing() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let _listening = h.state.listen();
    let (asha, _) = h.tokens_for("asha@example.com").await;

    let mut stream = Reader::api(&h, &asha, None).await;
    add_contact(&h, &asha, "First").await;
    dispatch(&h).await;
    let first = stream.next(ARRIVES).await.unwrap().expect("the first event");
    drop(stream); // the connection drops

    // Three more while disconnected.
    for name in ["Second", "Third", "Fourth"] {
        add_contact(&h, &asha, name).await;
    }
    dispatch(&h).await;

    let mut resumed = Reader::api(&h, &asha, Some(&first.id)).await;
    let mut names = Vec::new();
    for _ in 0..3 {
        let m = resumed.next(ARRIVES).await.unwrap().expect("a missed event");
        names.push(m.data["data"]["name"].as_str().unwrap_or_default().to_string());
    }
    assert_eq!(names, ["Second", "Third", "Fourth"]);
    resumed.assert_quiet(Duration::from_millis(800)).await;

    // A fresh stream (no Last-Event-ID) starts from now: nothing old.
    let mut fresh = Reader::api(&h, &asha, None).await;
    fresh.assert_quiet(Duration::from_millis(500)).await;
    let bad = h
        .cli
        .get("/api/v1/events")
        .header("authorization", format!("Bearer {asha}"))
        .header("last-event-id", "not-an-id")
        .send()
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn signing_out_closes_that_sessions_stream_and_a_revoked_token_closes_its_stream() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let _listening = h.state.listen();

    let laptop = h.browser();
    laptop.sign_in("asha@example.com").await;
    let phone_browser = h.browser();
    phone_browser.sign_in("asha@example.com").await;
    let mut laptop_stream = Reader::send(laptop.request(Method::GET, "/events")).await;
    let mut phone_stream = Reader::send(phone_browser.request(Method::GET, "/events")).await;
    let (token, refresh) = h.tokens_for("asha@example.com").await;
    let mut api_stream = Reader::api(&h, &token, None).await;

    let out = laptop.submit("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
    laptop_stream.assert_closes_within(Duration::from_secs(5)).await;
    // The other session is still signed in: its stream stays.
    phone_stream.assert_quiet(Duration::from_millis(800)).await;

    let logout = h
        .api(
            Method::POST,
            "/api/v1/auth/logout",
            Some(json!({ "refresh_token": refresh })),
            None,
        )
        .await;
    assert!(logout.status.is_success(), "{}", logout.body);
    api_stream.assert_closes_within(Duration::from_secs(5)).await;
    assert_eq!(h.state.hub.open(), 1);
}

#[tokio::test]
async fn an_api_stream_closes_when_its_access_token_expires() {
    let h = Harness::with_settings(|s| s.access_token_ttl_secs = 1).await;
    h.t.user("asha@example.com").await;
    let (token, _) = h.tokens_for("asha@example.com").await;
    let mut stream = Reader::api(&h, &token, None).await;
    assert_eq!(stream.status, StatusCode::OK);
    stream.assert_closes_within(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn the_eleventh_stream_of_a_person_is_refused() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    h.t.user("ravi@example.com").await;
    let (asha, _) = h.tokens_for("asha@example.com").await;
    let (ravi, _) = h.tokens_for("ravi@example.com").await;
    let mut open = Vec::new();
    for _ in 0..10 {
        let s = Reader::api(&h, &asha, None).await;
        assert_eq!(s.status, StatusCode::OK);
        open.push(s);
    }
    let eleventh = h
        .cli
        .get("/api/v1/events")
        .header("authorization", format!("Bearer {asha}"))
        .send()
        .await;
    eleventh.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        Reader::api(&h, &ravi, None).await.status,
        StatusCode::OK,
        "Ravi is not limited by Asha"
    );
    open.pop();
    assert_eq!(
        Reader::api(&h, &asha, None).await.status,
        StatusCode::OK,
        "a closed stream frees its place"
    );
}

#[tokio::test]
async fn idle_streams_cost_no_query_each() {
    let mut t = hisaab_service::testkit::TestApp::new().await;
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    t.app.db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let h = Harness::on(t);
    let _listening = h.state.listen();
    let mut open = Vec::new();
    for person in ["asha", "ravi", "meera"] {
        let email = format!("{person}@example.com");
        h.t.user(&email).await;
        let (token, _) = h.tokens_for(&email).await;
        for _ in 0..6 {
            let mut s = Reader::api(&h, &token, None).await;
            assert!(s.preamble().await.starts_with("retry:"));
            open.push(s);
        }
    }
    assert_eq!(h.state.hub.open(), 18);

    let idle = Duration::from_secs(2);
    let before = statements.load(Ordering::SeqCst);
    tokio::time::sleep(idle).await;
    let spent = statements.load(Ordering::SeqCst) - before;
    match hisaab_service::testkit::backend() {
        // Woken by LISTEN/NOTIFY on its own connection: nothing to ask.
        hisaab_service::testkit::Backend::Postgres => assert_eq!(spent, 0),
        // One read of the signals table per poll for the whole process,
        // whatever the number of streams (18 streams polling would be ≥ 36).
        hisaab_service::testkit::Backend::Sqlite => {
            let polls = (idle.as_millis() / hisaab_service::realtime::POLL_EVERY.as_millis()) as usize;
            assert!(
                spent <= polls + 1,
                "{spent} statements in {idle:?} of idle streams"
            );
        }
    }
}
