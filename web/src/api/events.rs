//! `GET /api/v1/events`: the caller's notifications as Server-Sent Events
//! (the stream itself is `crate::live`, shared with the pages' `/events`).

use super::security::BearerAuth;
use crate::live::{self, Credential};
use crate::problem::ApiError;
use crate::state::AppState;
use futures_util::stream::BoxStream;
use hisaab_service::notifications::NotificationView;
use poem::web::Data;
use poem::web::sse::Event;
use poem::{IntoResponse, Request, Response};
use poem_openapi::param::Header;
use poem_openapi::payload::{EventStream, Payload};
use poem_openapi::registry::{MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

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

/// What the document says the stream carries: [`Notification`]s.
type Documented = EventStream<BoxStream<'static, Notification>>;

/// The stream as sent: a `retry:` hint, then one message per notification
/// (`id:`, `event:` the type, `data:` a [`Notification`] as JSON), with a
/// keep-alive comment every 15 s.
pub struct NotificationStream(BoxStream<'static, Event>);

impl Payload for NotificationStream {
    const CONTENT_TYPE: &'static str = "text/event-stream";

    fn schema_ref() -> MetaSchemaRef {
        <Documented as Payload>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        Notification::register(registry);
    }
}

impl IntoResponse for NotificationStream {
    fn into_response(self) -> Response {
        live::response(self.0)
    }
}

impl ApiResponse for NotificationStream {
    fn meta() -> MetaResponses {
        <Documented as ApiResponse>::meta()
    }

    fn register(registry: &mut Registry) {
        Notification::register(registry);
    }
}

pub struct EventsApi;

#[OpenApi(tag = "ApiTags::Events")]
impl EventsApi {
    /// Stream notifications (Server-Sent Events)
    ///
    /// `text/event-stream`: first a `retry:` hint, then each event with an
    /// `id` (the notification id), an `event` type (`expense.added`,
    /// `settlement.recorded`, …) and a JSON `data` body with at least `id`,
    /// `type`, `created_at` and `data`; a keep-alive comment every 15 s.
    /// Send `Last-Event-ID` to receive what you missed since that event;
    /// without it the stream starts now. The stream closes when the access
    /// token expires or its sign-in is revoked; at most 10 streams per person
    /// may be open on one server (429 beyond).
    #[oai(path = "/events", method = "get")]
    async fn events(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        req: &Request,
        #[oai(name = "Last-Event-ID")] last_event_id: Header<Option<String>>,
    ) -> Result<NotificationStream, ApiError> {
        let token = req
            .header("authorization")
            .and_then(|h| h.get(7..))
            .unwrap_or_default()
            .trim()
            .to_string();
        let events = live::open(
            &state,
            auth.0,
            Credential::AccessToken(token),
            last_event_id.0.as_deref(),
        )
        .await?;
        Ok(NotificationStream(events))
    }
}
