//! Who wants to hear about what, and how: one switch per event type and
//! channel (in-app, email). A type nobody has set for a person has the
//! catalogue's defaults, so only changed choices are stored.
//!
//! In-app off means `deliver` writes no row for that person: no entry in the
//! centre, no bell, and no event on their streams (their open pages then do
//! not refresh live for that kind either). Email is asked for by the email
//! side with [`wants`] or [`wanting`]; it never goes to the person who acted.

use super::catalogue::{self, Category, Kind};
use crate::db;
use crate::effects::Effects;
use crate::error::{Error, FieldError, Result};
use crate::{Actor, App};
use hisaab_entity::{UserId, notification_preference as pref};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// How a notification reaches a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    InApp,
    Email,
}

/// A person's setting for one kind, defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preference {
    pub kind: &'static Kind,
    pub in_app: bool,
    /// Always `false` for a kind with no email channel (`kind.about_others`).
    pub email: bool,
}

impl Preference {
    fn default_for(kind: &'static Kind) -> Self {
        Self {
            kind,
            in_app: true,
            email: kind.email_by_default,
        }
    }

    pub fn category(&self) -> Category {
        self.kind.category
    }
}

/// One switch as sent by a person or a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreferenceInput {
    pub event_type: String,
    pub in_app: bool,
    pub email: bool,
}

/// Every kind in catalogue order with the person's choices (defaults where
/// they made none).
pub async fn preferences(app: &App, actor: &Actor) -> Result<Vec<Preference>> {
    let stored: HashMap<String, pref::Model> = pref::Entity::find()
        .filter(pref::Column::UserId.eq(actor.user_id))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|p| (p.event_type.clone(), p))
        .collect();
    Ok(catalogue::KINDS
        .iter()
        .map(|kind| match stored.get(kind.event_type) {
            Some(p) => Preference {
                kind,
                in_app: p.in_app,
                email: p.email && kind.about_others,
            },
            None => Preference::default_for(kind),
        })
        .collect())
}

/// Sets the kinds listed (kinds left out keep their setting) and answers
/// the full list. Field names follow the API body: `preferences[2].type`.
pub async fn set_preferences(
    app: &App,
    actor: &Actor,
    inputs: Vec<PreferenceInput>,
) -> Result<Vec<Preference>> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("preferences[{i}].{name}");
        let Some(kind) = catalogue::find(&input.event_type) else {
            problems.push(FieldError::new(
                field("type"),
                "is not a kind of notification; the list from GET names every kind",
            ));
            continue;
        };
        if let Some(first) = seen.insert(kind.event_type, i) {
            problems.push(FieldError::new(
                field("type"),
                format!("is listed twice (also at preferences[{first}]); list each kind once"),
            ));
        }
        if input.email && !kind.about_others {
            problems.push(FieldError::new(
                field("email"),
                "must be false: this kind only ever tells you about your own actions, which are never emailed",
            ));
        }
    }
    if !problems.is_empty() {
        let detail = problems
            .first()
            .map(|p| format!("{} {}.", p.field, p.message))
            .unwrap_or_default();
        return Err(Error::invalid_fields(detail, problems));
    }
    if !inputs.is_empty() {
        let now = app.now();
        let rows = inputs.iter().map(|input| pref::ActiveModel {
            user_id: Set(actor.user_id),
            event_type: Set(input.event_type.clone()),
            in_app: Set(input.in_app),
            email: Set(input.email),
            updated_at: Set(now),
        });
        let txn = db::begin_write(&app.db).await?;
        pref::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([pref::Column::UserId, pref::Column::EventType])
                    .update_columns([pref::Column::InApp, pref::Column::Email, pref::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        let changed: Vec<_> = inputs
            .iter()
            .map(|i| json!({ "type": i.event_type, "in_app": i.in_app, "email": i.email }))
            .collect();
        txn.commit(Effects::by(actor, now).audit(
            "notifications.preferences_changed",
            json!({ "preferences": changed }),
        ))
        .await?;
    }
    preferences(app, actor).await
}

/// Whether `user` wants `event_type` on `channel`.
pub async fn wants<C: ConnectionTrait>(
    db: &C,
    user: UserId,
    event_type: &str,
    channel: Channel,
) -> Result<bool> {
    Ok(!wanting(db, event_type, channel, &[user.0]).await?.is_empty())
}

/// Those of `users` who want `event_type` on `channel`, in the order given:
/// one query for the lot. A kind missing from the catalogue is in-app only.
pub async fn wanting<C: ConnectionTrait>(
    db: &C,
    event_type: &str,
    channel: Channel,
    users: &[uuid::Uuid],
) -> Result<Vec<uuid::Uuid>> {
    let kind = catalogue::find(event_type);
    let default = match channel {
        Channel::InApp => true,
        Channel::Email => kind.is_some_and(|k| k.email_by_default),
    };
    if channel == Channel::Email && !kind.is_some_and(|k| k.about_others) {
        return Ok(Vec::new());
    }
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let set: HashMap<uuid::Uuid, bool> = pref::Entity::find()
        .filter(pref::Column::EventType.eq(event_type))
        .filter(pref::Column::UserId.is_in(users.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let on = match channel {
                Channel::InApp => p.in_app,
                Channel::Email => p.email,
            };
            (p.user_id.0, on)
        })
        .collect();
    Ok(users
        .iter()
        .copied()
        .filter(|u| set.get(u).copied().unwrap_or(default))
        .collect())
}
