//! `GET /api/v1/events`: the caller's notifications as Server-Sent Events.
//! Each event carries its id; reconnecting with `Last-Event-ID` resumes after it.

use super::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use hisaab_service::entity::NotificationId;
use hisaab_service::notifications::{self, NotificationView};
use hisaab_service::{Actor, App};
use poem::web::Data;
use poem::web::sse::Event;
use poem_openapi::param::Header;
use poem_openapi::payload::EventStream;
use poem_openapi::{Object, OpenApi, Tags};
use std::time::Duration;

#[derive(Tags)]
enum ApiTags {
    /// Realtime notifications.
    Events,
}

/// Something that changed, for the signed-in person.
#[derive(Object, Clone, Debug)]
pub struct Notification {
    /// The event id (also the SSE `id:`); resume with `Last-Event-ID`.
    pub id: uuid::Uuid,
    /// `transaction.recorded`, `expense.added`, `settlement.recorded`, …
    #[oai(rename = "type")]
    pub kind: String,
    /// Names the resource and its new state.
    pub data: serde_json::Value,
    pub created_at: time::OffsetDateTime,
}

impl From<NotificationView> for Notification {
    fn from(n: NotificationView) -> Self {
        Self {
            id: n.id.0,
            kind: n.event_type,
            data: n.data,
            created_at: n.created_at,
        }
    }
}

/// How often a stream looks for new rows. The worker writes notifications; any
/// web instance serves any user, so the database is the meeting point.
const POLL: Duration = Duration::from_secs(1);

pub struct EventsApi;

fn stream(app: App, actor: Actor, start: Option<NotificationId>) -> BoxStream<'static, Notification> {
    futures_util::stream::unfold(
        (app, actor, start, Vec::<Notification>::new()),
        |(app, actor, mut last, mut buffer)| async move {
            loop {
                if let Some(next) = buffer.pop() {
                    return Some((next, (app, actor, last, buffer)));
                }
                match notifications::since(&app, &actor, last, 100).await {
                    Ok(rows) if !rows.is_empty() => {
                        last = rows.last().map(|n| n.id);
                        buffer = rows.into_iter().rev().map(Notification::from).collect();
                    }
                    Ok(_) => tokio::time::sleep(POLL).await,
                    Err(e) => {
                        tracing::warn!(error = %e, "event stream query failed");
                        tokio::time::sleep(POLL * 5).await;
                    }
                }
            }
        },
    )
    .boxed()
}

#[OpenApi(tag = "ApiTags::Events")]
impl EventsApi {
    /// Stream notifications (Server-Sent Events)
    ///
    /// `text/event-stream`: each event has an `id`, an `event` type and a JSON
    /// `data` body; a keep-alive comment every 15 s. Send `Last-Event-ID` to
    /// receive what you missed since that event; without it the stream starts now.
    #[oai(path = "/events", method = "get")]
    async fn events(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        #[oai(name = "Last-Event-ID")] last_event_id: Header<Option<String>>,
    ) -> Result<EventStream<BoxStream<'static, Notification>>, ApiError> {
        let actor = auth.0;
        let start = match notifications::parse_last_event_id(last_event_id.0.as_deref())? {
            Some(id) => Some(id),
            None => notifications::latest_id(&state.app, &actor).await?,
        };
        let events = stream(state.app.clone(), actor, start);
        Ok(EventStream::new(events).keep_alive(Duration::from_secs(15)).to_event(|n| {
            let data = serde_json::json!({ "id": n.id, "type": n.kind, "data": n.data, "created_at": n.created_at.to_string() });
            Event::message(data.to_string()).id(n.id.to_string()).event_type(n.kind.clone())
        }))
    }
}
