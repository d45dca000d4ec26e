//! The notification centre and notification preferences: `/notifications`
//! and `/me/notification-preferences`.

use super::json::ApiJson;
use super::security::BearerAuth;
use super::social::instant;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::entity::NotificationId;
use hisaab_service::notifications::{self, Digest, NotificationFilter, Preference, PreferenceInput};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};
use serde::Deserialize;

#[derive(Tags)]
enum ApiTags {
    /// The notification centre and what you hear about.
    Notifications,
}

/// Something that changed, as the centre lists it.
#[derive(Object)]
#[oai(rename = "NotificationItem")]
struct Item {
    /// Also the SSE `id:` of the same event on `GET /events`.
    id: uuid::Uuid,
    /// `expense.added`, `settlement.recorded`, … (every kind is listed by
    /// `GET /me/notification-preferences`).
    #[oai(rename = "type")]
    kind: String,
    /// What happened, in a sentence: "Asha added “Dinner” (₹1,200.00) in Goa trip".
    title: String,
    /// A path in the web app to what changed (a group, a contact, an account…).
    link: String,
    /// Who did it; `null` for events from before this was recorded.
    actor_id: Option<uuid::Uuid>,
    /// Their display name, when it was someone else.
    actor_name: Option<String>,
    /// You did it yourself (such notifications arrive already read).
    by_you: bool,
    read: bool,
    /// RFC 3339 UTC; `null` while unread.
    read_at: Option<String>,
    /// RFC 3339 UTC.
    created_at: String,
    /// The event's data: names the resource and its new state.
    data: serde_json::Value,
}

impl Item {
    fn from(n: notifications::NotificationItem, state: &AppState) -> Self {
        Self {
            id: n.id.0,
            title: n.title(&state.templates),
            link: n.link,
            actor_id: n.actor_id,
            actor_name: n.notice.actor.clone(),
            by_you: n.notice.by_you,
            read: n.read_at.is_some(),
            read_at: n.read_at.map(instant),
            created_at: instant(n.created_at),
            kind: n.event_type,
            data: n.data,
        }
    }
}

#[derive(Object)]
struct NotificationList {
    /// Newest first.
    items: Vec<Item>,
    next_cursor: Option<String>,
}

#[derive(Object)]
struct UnreadCount {
    /// Notifications not read yet (the bell's number).
    unread: u64,
}

#[derive(Object)]
struct ReadAll {
    /// How many were marked read by this request.
    marked: u64,
    /// How many are still unread (those newer than `up_to`).
    unread: u64,
}

/// One kind of notification and how you hear about it.
#[derive(Object)]
struct PreferenceItem {
    /// The event type.
    #[oai(rename = "type")]
    kind: String,
    /// What it is, in words.
    label: String,
    /// `expenses`, `payments`, `ious`, `groups`, `sharing` or `finance`.
    category: String,
    /// Listed in the centre, counted by the bell and sent on your event
    /// streams. Off: none of these (open pages no longer refresh for it).
    in_app: bool,
    /// Emailed when someone else does it. Always `false` where
    /// `email_available` is `false`.
    email: bool,
    /// Whether this kind can be emailed at all: kinds that only ever tell
    /// you about your own actions cannot.
    email_available: bool,
}

impl From<Preference> for PreferenceItem {
    fn from(p: Preference) -> Self {
        Self {
            kind: p.kind.event_type.into(),
            label: p.kind.label.into(),
            category: p.category().name().into(),
            in_app: p.in_app,
            email: p.email,
            email_available: p.kind.about_others,
        }
    }
}

/// Every kind of notification with your settings, defaults filled in.
#[derive(Object)]
struct PreferenceList {
    preferences: Vec<PreferenceItem>,
    /// How email comes: `off` (as things happen; a burst in one place within
    /// five minutes is one email), `daily` or `weekly` (one digest at 06:00
    /// UTC, weekly on Mondays).
    email_digest: EmailDigest,
}

impl PreferenceList {
    async fn of(
        state: &AppState,
        prefs: Vec<Preference>,
        actor: &hisaab_service::Actor,
    ) -> Result<Self, ApiError> {
        let digest = notifications::email_digest(&state.app.db, actor.user_id).await?;
        Ok(Self {
            preferences: prefs.into_iter().map(Into::into).collect(),
            email_digest: match digest {
                Digest::Off => EmailDigest::Off,
                Digest::Daily => EmailDigest::Daily,
                Digest::Weekly => EmailDigest::Weekly,
            },
        })
    }
}

/// One kind's switches.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreferenceSetting {
    /// The event type, as listed by `GET /me/notification-preferences`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    kind: String,
    in_app: bool,
    /// Must be `false` for a kind whose `email_available` is `false`.
    email: bool,
}

/// Kinds to change (kinds left out keep their setting), and how email comes.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
struct SetPreferences {
    preferences: Vec<PreferenceSetting>,
    /// `off`, `daily` or `weekly`; left out: unchanged.
    email_digest: Option<EmailDigest>,
}

/// How email notifications come.
#[derive(poem_openapi::Enum, Deserialize, Clone, Copy)]
#[oai(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
enum EmailDigest {
    Off,
    Daily,
    Weekly,
}

impl EmailDigest {
    fn name(self) -> &'static str {
        match self {
            EmailDigest::Off => "off",
            EmailDigest::Daily => "daily",
            EmailDigest::Weekly => "weekly",
        }
    }
}

impl poem_openapi::types::Example for SetPreferences {
    fn example() -> Self {
        Self {
            preferences: vec![
                PreferenceSetting {
                    kind: "expense.added".into(),
                    in_app: true,
                    email: false,
                },
                PreferenceSetting {
                    kind: "settlement.recorded".into(),
                    in_app: true,
                    email: true,
                },
            ],
            email_digest: Some(EmailDigest::Daily),
        }
    }
}

/// States in the document which kinds a preference may name (the
/// service's catalogue), so a client sends only those.
pub fn state_kinds(schemas: &mut serde_json::Map<String, serde_json::Value>) {
    let kinds: Vec<&str> = notifications::KINDS.iter().map(|k| k.event_type).collect();
    if let Some(prop) = schemas
        .get_mut("PreferenceSetting")
        .and_then(|s| s.pointer_mut("/properties/type"))
        .and_then(serde_json::Value::as_object_mut)
    {
        prop.insert("enum".into(), serde_json::json!(kinds));
    }
}

pub struct NotificationsApi;

#[OpenApi(tag = "ApiTags::Notifications")]
impl NotificationsApi {
    /// List notifications
    ///
    /// Newest first, in cursor pages. `unread=true` lists only those not
    /// read yet. Each has a `title` and a `link` to what changed.
    #[oai(path = "/notifications", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        unread: Query<Option<bool>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<NotificationList>, ApiError> {
        let filter = NotificationFilter {
            unread: unread.0.unwrap_or(false),
            cursor: cursor.0,
            limit: limit.0,
        };
        let page = notifications::list_notifications(&state.app, &auth.0, filter).await?;
        Ok(Json(NotificationList {
            items: page.items.into_iter().map(|n| Item::from(n, &state)).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Count unread notifications
    #[oai(path = "/notifications/unread-count", method = "get")]
    async fn unread_count(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<UnreadCount>, ApiError> {
        Ok(Json(UnreadCount {
            unread: notifications::unread_count(&state.app, &auth.0).await?,
        }))
    }

    /// Mark a notification read
    ///
    /// Reading one already read changes nothing. Someone else's id is a 404.
    #[oai(path = "/notifications/:id/read", method = "post")]
    async fn read(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Item>, ApiError> {
        let n = notifications::mark_read(&state.app, &auth.0, NotificationId(id.0)).await?;
        Ok(Json(Item::from(n, &state)))
    }

    /// Mark all notifications read
    ///
    /// With `up_to` (the id of the newest notification you showed), only
    /// that one and older ones: one that arrived meanwhile stays unread.
    #[oai(path = "/notifications/read-all", method = "post")]
    async fn read_all(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        up_to: Query<Option<uuid::Uuid>>,
    ) -> Result<Json<ReadAll>, ApiError> {
        let marked = notifications::mark_all_read(&state.app, &auth.0, up_to.0.map(NotificationId)).await?;
        Ok(Json(ReadAll {
            marked,
            unread: notifications::unread_count(&state.app, &auth.0).await?,
        }))
    }

    /// What you hear about
    ///
    /// Every kind of notification, in-app and by email, with the defaults
    /// filled in: in-app for everything; email for what someone else did
    /// that concerns you (an expense added, changed or deleted in a shared
    /// group, a payment recorded with you, an IOU shared with you, an
    /// invitation). Your own actions are never emailed.
    #[oai(path = "/me/notification-preferences", method = "get")]
    async fn preferences(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
    ) -> Result<Json<PreferenceList>, ApiError> {
        let prefs = notifications::preferences(&state.app, &auth.0).await?;
        Ok(Json(PreferenceList::of(&state, prefs, &auth.0).await?))
    }

    /// Change what you hear about
    ///
    /// Sets the kinds listed (kinds left out keep their setting) and, when
    /// given, `email_digest`; answers the full list. An unknown or repeated
    /// `type`, or `email: true` for a kind that cannot be emailed, is a 422
    /// naming `preferences[i].type` or `preferences[i].email`; nothing is
    /// changed then. Every email has a one-click unsubscribe link (RFC 8058).
    #[oai(path = "/me/notification-preferences", method = "put")]
    async fn set_preferences(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<SetPreferences>,
    ) -> Result<Json<PreferenceList>, ApiError> {
        let digest = body.0.email_digest.map(EmailDigest::name);
        let inputs = body
            .0
            .preferences
            .into_iter()
            .map(|p| PreferenceInput {
                event_type: p.kind,
                in_app: p.in_app,
                email: p.email,
            })
            .collect();
        let prefs = notifications::set_preferences(&state.app, &auth.0, inputs, digest).await?;
        Ok(Json(PreferenceList::of(&state, prefs, &auth.0).await?))
    }
}
