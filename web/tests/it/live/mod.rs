//! Event streams end to end (issue 12): `/events` for pages and
//! `/api/v1/events`, woken through the real bus (the signals table on
//! SQLite, LISTEN/NOTIFY on PostgreSQL) by the real outbox dispatcher.

mod processes;
mod streams;

use crate::support::{Endpoint, Harness};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use hisaab_worker::metrics::Metrics;
use hisaab_worker::{JobContext, Queue};
use poem::http::StatusCode;
use poem::test::TestRequestBuilder;
use std::time::Duration;

/// One SSE message as received.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: String,
    pub event: String,
    pub data: serde_json::Value,
}

/// An open stream's body, read as it arrives.
pub struct Reader {
    body: BoxStream<'static, Result<bytes::Bytes, std::io::Error>>,
    text: String,
    pub status: StatusCode,
}

impl Reader {
    /// `GET /api/v1/events` with a bearer token (and a `Last-Event-ID`).
    pub async fn api(h: &Harness, token: &str, last_event_id: Option<&str>) -> Reader {
        let mut req = h
            .cli
            .get("/api/v1/events")
            .header("authorization", format!("Bearer {token}"));
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        Self::send(req).await
    }

    pub async fn send(req: TestRequestBuilder<'_, Endpoint>) -> Reader {
        let resp = req.send().await.0;
        let status = resp.status();
        Reader {
            status,
            body: resp.into_body().into_bytes_stream().boxed(),
            text: String::new(),
        }
    }

    /// The next message (`None` when the stream ended), waiting at most `wait`.
    /// Comments and `retry:` lines are skipped.
    pub async fn next(&mut self, wait: Duration) -> Result<Option<Message>, &'static str> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.text.find("\n\n") {
                let block: String = self.text.drain(..end + 2).collect();
                if let Some(m) = parse(&block) {
                    return Ok(Some(m));
                }
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => return Err("timed out"),
                Ok(None) | Ok(Some(Err(_))) => return Ok(None),
                Ok(Some(Ok(chunk))) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
            }
        }
    }

    /// The raw text received so far and not yet parsed.
    pub async fn preamble(&mut self) -> String {
        if let Ok(Some(Ok(chunk))) = tokio::time::timeout(Duration::from_secs(5), self.body.next()).await {
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
        self.text.clone()
    }

    /// Asserts nothing arrives within `wait`.
    pub async fn assert_quiet(&mut self, wait: Duration) {
        match self.next(wait).await {
            Err(_) => {}
            Ok(other) => panic!("expected no event, got {other:?}"),
        }
    }

    /// Waits for the stream to end (its sign-in ended or its token expired).
    pub async fn assert_closes_within(&mut self, wait: Duration) {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match self.next(deadline - tokio::time::Instant::now()).await {
                Ok(None) => return,
                Ok(Some(_)) => continue,
                Err(e) => panic!("the stream did not close: {e}"),
            }
        }
    }
}

fn parse(block: &str) -> Option<Message> {
    let (mut id, mut event, mut data) = (None, None, String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id: ") {
            id = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("event: ") {
            event = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("data: ") {
            data.push_str(v);
        }
    }
    Some(Message {
        id: id?,
        event: event?,
        data: serde_json::from_str(&data).ok()?,
    })
}

/// The worker's dispatcher, run once: outbox events become notifications and
/// the bus wakes the streams.
pub async fn dispatch(h: &Harness) {
    let queue = Queue::connect(&h.t.app).await.expect("job queue");
    let ctx = JobContext::new(h.t.app.clone(), queue, Metrics::new()).expect("job context");
    hisaab_worker::jobs::dispatch_outbox::dispatch_outbox(&ctx, "live-tests")
        .await
        .expect("dispatch");
}

/// Long enough for the slowest transport (the signals table is read every 250 ms).
pub const ARRIVES: Duration = Duration::from_secs(10);
