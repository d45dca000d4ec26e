//! `/jobs`: outbox events by state with their last error, the job queue,
//! CSV, and retrying (superadmins only, with a reason, audited).

use crate::dashboard::figure;
use crate::*;
use hisaab_service::entity::{OutboxId, outbox as outbox_entity};
use hisaab_service::outbox::{self, Event, OutgoingEmail};
use std::time::Duration;

fn email_event() -> Event {
    Event::Email(OutgoingEmail {
        to: "asha@example.com".into(),
        template: "verify_email".into(),
        context: serde_json::json!({ "display_name": "Asha", "link": "http://x/verify" }),
    })
}

/// An event that failed `times` times with `error` (dead at `DEAD_AFTER_ATTEMPTS`).
pub async fn failed_event(t: &TestApp, times: i32, error: &str) -> OutboxId {
    let id = outbox::enqueue(&t.app.db, t.app.now(), None, &email_event())
        .await
        .unwrap();
    outbox::fail(&t.app.db, id, times - 1, error, t.app.now())
        .await
        .unwrap();
    id
}

async fn row(t: &TestApp, id: OutboxId) -> outbox_entity::Model {
    outbox_entity::Entity::find_by_id(id)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn retries(t: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.outbox_retried"))
        .all(&t.app.db)
        .await
        .unwrap()
}

fn event_rows(html: &str) -> usize {
    let rows = between(html, r#"<tbody id="event-rows">"#, "</tbody>").unwrap_or_default();
    rows.matches(r#"<span class="table__primary">"#).count()
}

#[tokio::test]
async fn the_page_lists_a_failed_event_with_its_last_error_and_filters_by_state() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let failed = failed_event(&t, 2, "smtp: connection refused").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "no template verify_emial").await;

    let html = body(b.get("/jobs").await).await;
    assert!(html.contains(&failed.to_string()) && html.contains(&dead.to_string()));
    assert!(
        html.contains(r#"href="/jobs" aria-current="page""#),
        "the nav marks Jobs"
    );

    let resp = b.get("/jobs?state=failed").await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    assert!(html.contains(&failed.to_string()));
    assert!(html.contains("smtp: connection refused"));
    assert!(
        !html.contains(&dead.to_string()),
        "the filter keeps dead events out"
    );
    assert!(html.contains("Retry now"), "a superadmin sees the retry form");

    let html = body(b.get("/jobs?state=dead").await).await;
    assert!(html.contains(&dead.to_string()) && html.contains("no template verify_emial"));
    assert!(html.contains("Dead-lettered"));

    // The filter's rows alone for htmx.
    let resp = b
        .get_htmx("/jobs?state=failed", &[("HX-Target", "event-rows")])
        .await;
    resp.assert_status_is_ok();
    let html = body(resp).await;
    assert!(
        html.trim_start().starts_with(r#"<tbody id="event-rows">"#),
        "{html}"
    );
}

#[tokio::test]
async fn events_come_in_cursor_pages() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;
    let n = hisaab_admin::pages::EVENTS_PER_PAGE as usize + 3;
    for _ in 0..n {
        failed_event(&t, 1, "queue down").await;
    }
    let html = body(b.get("/jobs?state=failed").await).await;
    assert_eq!(event_rows(&html), n - 3);
    let more = between(&html, r#"<a class="btn btn--secondary" href=""#, "\"").expect("a Load more link");
    let more = more.replace("&#x2f;", "/").replace("&amp;", "&");
    assert!(more.starts_with("/jobs?state=failed&cursor="), "{more}");
    let html = body(b.get(&more).await).await;
    assert_eq!(event_rows(&html), 3);
    assert!(!html.contains("Load more"));
}

#[tokio::test]
async fn a_superadmin_retries_a_dead_event_with_a_reason_and_it_is_audited() {
    let t = TestApp::new().await;
    let (boss, b) = staff(&t, "boss@example.com").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;

    let resp = b
        .post(
            &format!("/jobs/outbox/{dead}/retry"),
            &[("reason", "template fixed, ticket 42"), ("state", "dead")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/jobs?state=dead");
    let r = row(&t, dead).await;
    assert_eq!((r.attempts, r.dead_at, r.last_error), (0, None, None));
    let claimed = outbox::claim(&t.app.db, "w", t.app.now(), time::Duration::seconds(30), 10)
        .await
        .unwrap();
    assert!(claimed.iter().any(|c| c.id == dead), "queued again");

    let audit = retries(&t).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_user_id, Some(boss.id));
    let details: serde_json::Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!(details["reason"], "template fixed, ticket 42");
    assert_eq!(details["before"]["state"], "dead");
    assert_eq!(details["before"]["attempts"], outbox::DEAD_AFTER_ATTEMPTS);
    assert_eq!(details["after"]["state"], "pending");
    assert_eq!(details["after"]["attempts"], 0);
}

#[tokio::test]
async fn retry_all_requeues_every_failed_and_dead_event() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "boss@example.com").await;
    let failed = failed_event(&t, 3, "queue down").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;
    let resp = b
        .post("/jobs/outbox/retry-failed", &[("reason", "incident 7 is over")])
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/jobs");
    for id in [failed, dead] {
        let r = row(&t, id).await;
        assert_eq!((r.attempts, r.dead_at), (0, None));
    }
    let details: serde_json::Value = serde_json::from_str(&retries(&t).await[0].details).unwrap();
    assert_eq!(details["reason"], "incident 7 is over");
    assert_eq!(details["events"], 2);
}

#[tokio::test]
async fn support_staff_get_403_on_retry_and_nothing_changes() {
    let t = TestApp::new().await;
    let (_, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;
    let before = row(&t, dead).await;

    let html = body(b.get("/jobs").await).await;
    assert!(html.contains(&dead.to_string()), "support may look");
    assert!(
        !html.contains("Retry now") && !html.contains("Retry all"),
        "but sees no retry form"
    );

    let resp = b
        .post(&format!("/jobs/outbox/{dead}/retry"), &[("reason", "let me try")])
        .await;
    resp.assert_status(StatusCode::FORBIDDEN);
    assert!(body(resp).await.contains("Only a superadmin"));
    let resp = b
        .post("/jobs/outbox/retry-failed", &[("reason", "let me try")])
        .await;
    resp.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(row(&t, dead).await, before);
    assert!(retries(&t).await.is_empty());
}

#[tokio::test]
async fn a_retry_without_a_reason_is_refused_with_the_field_message_and_changes_nothing() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "boss@example.com").await;
    let dead = failed_event(&t, outbox::DEAD_AFTER_ATTEMPTS, "template missing").await;
    let before = row(&t, dead).await;

    let resp = b
        .post(&format!("/jobs/outbox/{dead}/retry"), &[("reason", "   ")])
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(resp).await;
    let message = "Say why you are doing this; it is kept in the audit log.";
    assert!(error_summary(&html).contains(message), "the summary says why");
    let field = format!(
        r#"<p class="field-error" id="reason-{dead}-error"><span class="visually-hidden">Error: </span>{message}"#
    );
    assert!(
        html.contains(&field),
        "the message sits by the row's reason field"
    );
    assert!(
        html.contains(&format!("href=\"#reason-{dead}\"")),
        "the summary links to it"
    );

    let resp = b.post("/jobs/outbox/retry-failed", &[("reason", "")]).await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(resp).await;
    assert!(html.contains(
        r#"<p class="field-error" id="reason-all-error"><span class="visually-hidden">Error: </span>"#
    ));

    assert_eq!(row(&t, dead).await, before);
    assert!(retries(&t).await.is_empty());

    // Without the CSRF token, nothing happens either.
    let resp = b
        .post_raw(&format!("/jobs/outbox/{dead}/retry"), &[("reason", "ok")])
        .await;
    assert_eq!(resp.0.status(), StatusCode::FORBIDDEN);
    assert_eq!(row(&t, dead).await, before);
}

#[tokio::test]
async fn the_csv_export_is_formula_safe_and_audited() {
    let t = TestApp::new().await;
    let (ops, b) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let id = failed_event(&t, 2, "=HYPERLINK(\"http://evil.test\",\"click\")").await;

    let resp = b.get("/jobs?format=csv&state=failed").await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8");
    let text = body(resp).await;
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,event_type,state,attempts,created_at,next_attempt_at,dead_at,last_error")
    );
    let line = lines
        .find(|l| l.starts_with(&id.to_string()))
        .expect("the event's line");
    assert!(line.contains(",failed,2,"), "{line}");
    assert!(
        line.ends_with(r#""'=HYPERLINK(""http://evil.test"",""click"")""#),
        "the formula cell is prefixed: {line}"
    );

    let exports = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.export"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor_user_id, Some(ops.id));
    assert!(exports[0].details.contains("outbox") && exports[0].details.contains("failed"));
}

/// The queue section reads the worker's own queue (a SQLite file or
/// PostgreSQL's `apalis` schema): a job that fails for good is listed with
/// its error and counted on the dashboard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_queue_shows_waiting_and_failed_jobs_with_their_error() {
    use hisaab_service::jobs::SendEmail;
    use hisaab_worker::jobs::send_email;
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "ops@example.com").await;

    // Before any worker ran there is no queue: an empty section, no error.
    let html = body(b.get("/jobs").await).await;
    assert!(html.contains("No jobs have been queued yet."), "{html}");

    let queue = hisaab_worker::Queue::connect(&t.app).await.unwrap();
    let job = |template: &str| SendEmail {
        outbox_id: None,
        email: OutgoingEmail {
            to: "asha@example.com".into(),
            template: template.into(),
            context: serde_json::json!({ "display_name": "Asha", "link": "http://x/verify" }),
        },
    };
    let broken = job("no_such_template");
    queue
        .push(
            broken.clone(),
            &send_email::delivery_key(&broken),
            send_email::MAX_ATTEMPTS,
        )
        .await
        .unwrap();
    let html = body(b.get("/jobs").await).await;
    let send_email_row =
        between(&html, "<td class=\"table__primary-cell\">SendEmail</td>", "</tr>").expect("a SendEmail row");
    assert!(
        send_email_row.contains(r#"<td data-label="Waiting">1</td>"#),
        "{send_email_row}"
    );

    // The worker gives up on it at once (a template that does not render).
    let ctx =
        hisaab_worker::JobContext::new(t.app.clone(), queue, hisaab_worker::metrics::Metrics::new()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(hisaab_worker::monitor::run_until(ctx.clone(), async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while ctx.metrics.counts(send_email::JOB).1 == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the job never failed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(40), worker).await;

    let html = body(b.get("/jobs").await).await;
    let failed = between(&html, "Latest failed jobs", "</table>").expect("the failed list");
    assert!(
        failed.contains("SendEmail") && failed.contains("Given up"),
        "{failed}"
    );
    assert!(failed.contains("no_such_template"), "with its error: {failed}");
    let html = body(b.get("/").await).await;
    assert_eq!(figure(&html, "Emails failed"), "1");

    // Support staff see it but cannot put it back on the queue.
    let job_id = between(&failed, "/jobs/queue/", "/retry")
        .expect("a retry form on the given-up job")
        .to_string();
    let (_, help) = staff_with_role(&t, "help@example.com", Role::Support).await;
    let html = body(help.get("/jobs").await).await;
    assert!(
        html.contains(&job_id) && !html.contains("Retry all jobs"),
        "support may look only"
    );
    for path in [
        format!("/jobs/queue/{job_id}/retry"),
        "/jobs/queue/retry-failed".to_string(),
    ] {
        help.post(&path, &[("reason", "let me try")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    // Without a reason nothing moves either, and the message sits by the row.
    let resp = b
        .post(&format!("/jobs/queue/{job_id}/retry"), &[("reason", " ")])
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = body(resp).await;
    assert!(
        html.contains(&format!(r#"id="reason-job-{job_id}-error""#)),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"#reason-job-{job_id}\"")));
    assert!(job_retries(&t).await.is_empty());

    // A superadmin retries it with a reason: waiting again, attempts from zero.
    let resp = b
        .post(
            &format!("/jobs/queue/{job_id}/retry"),
            &[("reason", "template restored, ticket 9")],
        )
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/jobs");
    let html = body(b.get("/jobs").await).await;
    let send_email_row =
        between(&html, "<td class=\"table__primary-cell\">SendEmail</td>", "</tr>").expect("a SendEmail row");
    assert!(
        send_email_row.contains(r#"<td data-label="Waiting">1</td>"#),
        "{send_email_row}"
    );
    assert!(
        send_email_row.contains(r#"<td data-label="Given up">0</td>"#),
        "{send_email_row}"
    );
    let audit = job_retries(&t).await;
    assert_eq!(audit.len(), 1);
    let details: serde_json::Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!(details["reason"], "template restored, ticket 9");
    assert_eq!(details["ids"], serde_json::json!([job_id]));
    assert_eq!(
        (
            details["before"]["dead"].as_u64(),
            details["after"]["dead"].as_u64()
        ),
        (Some(1), Some(0))
    );

    // A second retry finds nothing to retry and says so (the form's refusal).
    let resp = b
        .post(&format!("/jobs/queue/{job_id}/retry"), &[("reason", "again")])
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("no longer failed or given up"));
    assert_eq!(job_retries(&t).await.len(), 1);

    // The worker really takes it again (and, the template still missing, gives up again).
    let ctx = hisaab_worker::JobContext::new(
        t.app.clone(),
        hisaab_worker::Queue::connect(&t.app).await.unwrap(),
        hisaab_worker::metrics::Metrics::new(),
    )
    .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(hisaab_worker::monitor::run_until(ctx.clone(), async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while ctx.metrics.counts(send_email::JOB).1 == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the retried job never ran"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(40), worker).await;

    // Retry all puts every given-up job back at once.
    let resp = b
        .post("/jobs/queue/retry-failed", &[("reason", "incident 12 is over")])
        .await;
    resp.assert_status(StatusCode::SEE_OTHER);
    let audit = job_retries(&t).await;
    assert_eq!(audit.len(), 2);
    let html = body(b.get("/jobs").await).await;
    assert!(html.contains("No failed jobs."), "{html}");
}

async fn job_retries(t: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("admin.job_retried"))
        .all(&t.app.db)
        .await
        .unwrap()
}

/// A job id that is not one (apalis ids are ULIDs) is refused unread, and a
/// well-formed one that no queue holds is "nothing to retry", changing nothing.
#[tokio::test]
async fn retrying_a_job_that_is_not_there_changes_nothing() {
    let t = TestApp::new().await;
    let (_, b) = staff(&t, "boss@example.com").await;
    b.post("/jobs/queue/not%20an%20id%3B/retry", &[("reason", "ticket 3")])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let resp = b
        .post(
            "/jobs/queue/01JEXAMPLE0000000000000000/retry",
            &[("reason", "ticket 3")],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(resp).await.contains("nothing to retry"));
    assert!(job_retries(&t).await.is_empty());
}
