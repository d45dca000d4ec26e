//! The event streams (ADR 0021): `GET /events` for pages (session cookie)
//! and `GET /api/v1/events` (Bearer) send the same events, built here.
//!
//! A stream subscribes to the process's hub, then waits. It reads the
//! notifications table only when woken for its person (or on a resync), at
//! most [`BATCH`] rows at a time, so an idle stream costs no query and a
//! stream's memory is bounded whatever its client does: a client that stops
//! reading stops being polled (hyper writes only what the socket takes), is
//! disconnected once a write has waited 30 s (`hisaab_http::stall`), and
//! resumes from `Last-Event-ID` when it reconnects. It closes itself when its
//! sign-in ends (sign-out, revocation, password change: the bus carries a
//! signal and the stream checks its own session or token) or when its access
//! token expires.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use hisaab_http::AppState;
use hisaab_service::entity::{NotificationId, SessionId};
use hisaab_service::identity;
use hisaab_service::notifications::{self, NotificationView};
use hisaab_service::realtime::{HubMetrics, Subscription};
use hisaab_service::{Actor, App, Error};
use poem::web::sse::Event;
use poem::{Body, Response};
use std::collections::VecDeque;
use std::task::Poll;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;

/// A comment line this often keeps proxies from closing an idle stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The reconnection delay suggested to clients (`retry:`), in milliseconds.
pub const RETRY_MS: u64 = 3000;
/// Notifications read per query.
const BATCH: u64 = 100;

/// What the stream was opened with, checked again when the person's
/// sign-ins change.
pub enum Credential {
    Session(SessionId),
    AccessToken(String),
}

impl Credential {
    async fn is_live(&self, app: &App) -> bool {
        let live = match self {
            Self::Session(id) => identity::session_is_live(app, *id).await,
            Self::AccessToken(token) => identity::access_token_is_live(app, token).await,
        };
        // A check that cannot be made (database down) keeps the stream: the
        // person's next request will be checked again.
        live.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cannot check an event stream's sign-in");
            true
        })
    }

    /// When the stream must end (its access token's expiry).
    fn deadline(&self, app: &App) -> Option<tokio::time::Instant> {
        let Self::AccessToken(token) = self else {
            return None;
        };
        let exp = identity::access_token_expiry(app, token)?;
        let left = (exp - app.now().unix_timestamp()).max(0) as u64;
        Some(tokio::time::Instant::now() + Duration::from_secs(left))
    }
}

/// The SSE message for one notification: `id:` its id, `event:` its type,
/// `data:` `{ id, type, created_at, data }`.
pub fn to_event(n: &NotificationView) -> Event {
    let data = serde_json::json!({
        "id": n.id.to_string(),
        "type": n.event_type,
        "created_at": n.created_at.format(&Rfc3339).unwrap_or_default(),
        "data": n.data,
    });
    Event::message(data.to_string())
        .id(n.id.to_string())
        .event_type(n.event_type.clone())
}

struct Live {
    app: App,
    metrics: HubMetrics,
    actor: Actor,
    credential: Credential,
    subscription: Subscription,
    deadline: Option<tokio::time::Instant>,
    last: Option<NotificationId>,
    pending: VecDeque<NotificationView>,
    fetch: bool,
    hello: bool,
}

/// Opens `actor`'s stream: after `last_event_id` when given (what was
/// missed is sent first), otherwise from now. The 11th stream of one person
/// on this process is refused (429).
pub async fn open(
    state: &AppState,
    actor: Actor,
    credential: Credential,
    last_event_id: Option<&str>,
) -> Result<BoxStream<'static, Event>, Error> {
    let resume = notifications::parse_last_event_id(last_event_id)?;
    let subscription = state
        .hub
        .subscribe(actor.user_id)
        .map_err(|e| Error::RateLimited {
            retry_after_secs: RETRY_MS / 1000,
            message: e.to_string(),
        })?;
    // Subscribed before reading where "now" is: a notification written in
    // between wakes the stream instead of falling in the gap.
    let (last, fetch) = match resume {
        Some(id) => (Some(id), true),
        None => (notifications::latest_id(&state.app, &actor).await?, false),
    };
    let live = Live {
        deadline: credential.deadline(&state.app),
        app: state.app.clone(),
        metrics: state.hub.metrics().clone(),
        actor,
        credential,
        subscription,
        last,
        pending: VecDeque::new(),
        fetch,
        hello: true,
    };
    Ok(futures_util::stream::unfold(live, Live::next).boxed())
}

impl Live {
    async fn next(mut self) -> Option<(Event, Self)> {
        loop {
            if self.hello {
                self.hello = false;
                return Some((Event::retry(RETRY_MS), self));
            }
            if let Some(n) = self.pending.pop_front() {
                self.last = Some(n.id);
                self.sent(&n);
                return Some((to_event(&n), self));
            }
            if self.fetch {
                // Boxed, like the sign-in check below: a stream waits far
                // more than it reads, and the waiting state of an unboxed
                // query would make every idle stream several KB larger.
                match Box::pin(notifications::since(&self.app, &self.actor, self.last, BATCH)).await {
                    Ok(rows) => {
                        // A full batch: there may be more behind it.
                        self.fetch = rows.len() as u64 == BATCH;
                        self.pending = rows.into();
                        continue;
                    }
                    Err(e) => {
                        // Closing lets the client reconnect with its Last-Event-ID.
                        tracing::warn!(error = %e, "event stream query failed; closing it");
                        return None;
                    }
                }
            }
            let deadline = self.deadline;
            let expired = async move {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                wake = self.subscription.next() => {
                    if wake.check_sign_in && !Box::pin(self.credential.is_live(&self.app)).await {
                        return None;
                    }
                    self.fetch |= wake.new_events;
                }
                () = expired => return None,
            }
        }
    }

    fn sent(&self, n: &NotificationView) {
        self.metrics.events_sent.inc();
        let lag = self.app.now() - n.created_at;
        self.metrics.delivery_lag.observe(lag.as_seconds_f64().max(0.0));
    }
}

/// The HTTP answer carrying `events`, with a keep-alive comment every
/// [`KEEP_ALIVE`] of silence. Written straight to the body: poem's `SSE`
/// goes through an `AsyncRead` adapter that keeps a 4 KB buffer per open
/// stream, which 10,000 idle streams cannot afford.
pub fn response(events: BoxStream<'static, Event>) -> Response {
    response_with(events, KEEP_ALIVE)
}

fn response_with(events: BoxStream<'static, Event>, every: Duration) -> Response {
    let mut events = events.map(|event| bytes::Bytes::from(event.to_string()));
    let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let body = futures_util::stream::poll_fn(move |cx| {
        if let Poll::Ready(next) = events.poll_next_unpin(cx) {
            if next.is_some() {
                keep_alive.reset();
            }
            return Poll::Ready(next.map(Ok::<_, std::io::Error>));
        }
        keep_alive
            .poll_tick(cx)
            .map(|_| Some(Ok(bytes::Bytes::from_static(b":\n\n"))))
    });
    Response::builder()
        .content_type("text/event-stream")
        .header("X-Accel-Buffering", "no")
        .header("Cache-Control", "no-cache")
        .body(Body::from_bytes_stream(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_body_carries_the_events_and_a_comment_only_after_a_silence() {
        let events = futures_util::stream::iter([
            Event::retry(RETRY_MS),
            Event::message("{}").id("1").event_type("t"),
        ])
        .chain(futures_util::stream::pending())
        .boxed();
        let resp = response_with(events, Duration::from_millis(200));
        assert_eq!(resp.content_type(), Some("text/event-stream"));
        let mut body = resp.into_body().into_bytes_stream();
        let mut text = String::new();
        let started = tokio::time::Instant::now();
        while !text.contains(":\n\n") {
            let chunk = tokio::time::timeout(Duration::from_secs(5), body.next())
                .await
                .expect("a keep-alive comment")
                .expect("an open stream")
                .expect("a chunk");
            text.push_str(std::str::from_utf8(&chunk).unwrap());
        }
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert_eq!(text, "retry: 3000\n\nid: 1\nevent: t\ndata: {}\n\n:\n\n");
    }
}
