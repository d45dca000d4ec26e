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
use hisaab_entity::{UserId, notification_preference as pref, notification_setting};
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

/// How a person's email notifications come: as things happen (a burst in
/// one place batched into one email), or all in one daily or weekly digest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Digest {
    #[default]
    Off,
    Daily,
    Weekly,
}

impl Digest {
    pub const ALL: [Digest; 3] = [Digest::Off, Digest::Daily, Digest::Weekly];

    /// The stable name (API, forms, the database).
    pub fn name(self) -> &'static str {
        match self {
            Digest::Off => "off",
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Digest::Off => "As things happen",
            Digest::Daily => "Once a day",
            Digest::Weekly => "Once a week",
        }
    }

    /// The label in the reader's language (the catalogue's, same English).
    pub fn label_in(self, locale: crate::i18n::Locale) -> String {
        crate::i18n::tr(
            locale,
            match self {
                Digest::Off => "ntf-digest-off",
                Digest::Daily => "ntf-digest-daily",
                Digest::Weekly => "ntf-digest-weekly",
            },
        )
    }

    pub fn parse(name: &str) -> Option<Digest> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// A person's email rhythm.
pub async fn email_digest<C: ConnectionTrait>(db: &C, user: UserId) -> Result<Digest> {
    Ok(notification_setting::Entity::find_by_id(user)
        .one(db)
        .await?
        .and_then(|s| Digest::parse(&s.email_digest))
        .unwrap_or_default())
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
    preferences_of(&app.db, actor.user_id).await
}

pub(crate) async fn preferences_of<C: ConnectionTrait>(db: &C, user: UserId) -> Result<Vec<Preference>> {
    let stored: HashMap<String, pref::Model> = pref::Entity::find()
        .filter(pref::Column::UserId.eq(user))
        .all(db)
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

/// Sets the kinds listed (kinds left out keep their setting) and, when
/// given, the email rhythm (`off`, `daily` or `weekly`); answers the full
/// list. Field names follow the API body: `preferences[2].type`,
/// `email_digest`. Nothing is changed when anything is refused.
pub async fn set_preferences(
    app: &App,
    actor: &Actor,
    inputs: Vec<PreferenceInput>,
    digest: Option<&str>,
) -> Result<Vec<Preference>> {
    let mut problems = Vec::new();
    let digest = match digest.map(str::trim) {
        None => None,
        Some(name) => match Digest::parse(name) {
            Some(d) => Some(d),
            None => {
                problems.push(FieldError::new(
                    "email_digest",
                    "must be off (as things happen), daily or weekly",
                ));
                None
            }
        },
    };
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
    if !inputs.is_empty() || digest.is_some() {
        let now = app.now();
        let txn = db::begin_write(&app.db).await?;
        upsert(&txn, actor.user_id, &inputs, now).await?;
        if let Some(digest) = digest {
            set_digest(&txn, actor.user_id, digest, now).await?;
        }
        let changed: Vec<_> = inputs
            .iter()
            .map(|i| json!({ "type": i.event_type, "in_app": i.in_app, "email": i.email }))
            .collect();
        txn.commit(Effects::by(actor, now).audit(
            "notifications.preferences_changed",
            json!({ "preferences": changed, "email_digest": digest.map(Digest::name) }),
        ))
        .await?;
    }
    preferences(app, actor).await
}

/// Writes `inputs` as the person's choices (each kind's row replaced).
pub(crate) async fn upsert<C: ConnectionTrait>(
    db: &C,
    user: UserId,
    inputs: &[PreferenceInput],
    now: time::OffsetDateTime,
) -> Result<()> {
    if inputs.is_empty() {
        return Ok(());
    }
    let rows = inputs.iter().map(|input| pref::ActiveModel {
        user_id: Set(user),
        event_type: Set(input.event_type.clone()),
        in_app: Set(input.in_app),
        email: Set(input.email),
        updated_at: Set(now),
    });
    pref::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([pref::Column::UserId, pref::Column::EventType])
                .update_columns([pref::Column::InApp, pref::Column::Email, pref::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

async fn set_digest<C: ConnectionTrait>(
    db: &C,
    user: UserId,
    digest: Digest,
    now: time::OffsetDateTime,
) -> Result<()> {
    notification_setting::Entity::insert(notification_setting::ActiveModel {
        user_id: Set(user),
        email_digest: Set(digest.name().to_string()),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(notification_setting::Column::UserId)
            .update_columns([
                notification_setting::Column::EmailDigest,
                notification_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
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
    let choices = Choices::of(db, channel, [event_type], users.iter().copied()).await?;
    Ok(choices.wanting(event_type, users))
}

/// The choices people made about some kinds on one channel, read in one
/// query, so a batch of events (the worker's) asks once for all of them.
pub struct Choices {
    channel: Channel,
    /// Per kind, each person's choice where they made one.
    set: HashMap<String, HashMap<uuid::Uuid, bool>>,
}

impl Choices {
    pub async fn of<'a, C: ConnectionTrait>(
        db: &C,
        channel: Channel,
        event_types: impl IntoIterator<Item = &'a str>,
        users: impl IntoIterator<Item = uuid::Uuid>,
    ) -> Result<Choices> {
        let event_types: std::collections::BTreeSet<&str> = event_types.into_iter().collect();
        let users: std::collections::BTreeSet<uuid::Uuid> = users.into_iter().collect();
        let mut set: HashMap<String, HashMap<uuid::Uuid, bool>> = HashMap::new();
        if !users.is_empty() && !event_types.is_empty() {
            let rows = pref::Entity::find()
                .filter(pref::Column::EventType.is_in(event_types))
                .filter(pref::Column::UserId.is_in(users))
                .all(db)
                .await?;
            for p in rows {
                let on = match channel {
                    Channel::InApp => p.in_app,
                    Channel::Email => p.email,
                };
                set.entry(p.event_type).or_default().insert(p.user_id.0, on);
            }
        }
        Ok(Choices { channel, set })
    }

    /// Those of `users` who want `event_type`, in the order given: their
    /// choice, else the kind's default.
    pub fn wanting(&self, event_type: &str, users: &[uuid::Uuid]) -> Vec<uuid::Uuid> {
        let kind = catalogue::find(event_type);
        let default = match self.channel {
            Channel::InApp => true,
            Channel::Email => kind.is_some_and(|k| k.email_by_default),
        };
        if self.channel == Channel::Email && !kind.is_some_and(|k| k.about_others) {
            return Vec::new();
        }
        let chosen = self.set.get(event_type);
        users
            .iter()
            .copied()
            .filter(|u| chosen.and_then(|c| c.get(u)).copied().unwrap_or(default))
            .collect()
    }
}
