//! `Idempotency-Key` support for writes that create money records (DESIGN
//! rule 7). The key row is inserted in the same transaction as the write, and
//! a unique index on (user, key) makes concurrent duplicates create exactly one
//! record: the loser's insert fails, it rolls back and replays the winner's result.
//! The work returns its `Effects`; `run` commits with them.

use crate::actor::Actor;
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::{App, crypto, db};
use futures_util::future::BoxFuture;
use hisaab_entity::{IdempotencyKeyId, idempotency_key};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long a key is remembered (at least 24 h, per the API conventions).
pub const RETENTION_HOURS: i64 = 48;

/// The outcome of an idempotent write.
#[derive(Debug)]
pub struct Outcome<T> {
    pub value: T,
    /// True when this is the stored result of an earlier request with the same key.
    pub replayed: bool,
}

/// Validates a client-chosen key: 1–255 visible ASCII characters.
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(Error::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters (a UUID works well)",
        ));
    }
    Ok(())
}

/// What the work of `run` ends with.
pub struct Done<T, V = ()> {
    /// The answer stored with the key and replayed to a retry (usually an id).
    pub answer: T,
    /// The first request's own value (the rows as written), never stored.
    pub value: V,
    /// The write's effects: `run` commits with them.
    pub effects: Effects,
}

impl<T> Done<T> {
    pub fn new(answer: T, effects: Effects) -> Self {
        Self {
            answer,
            value: (),
            effects,
        }
    }
}

impl<T, V> Done<T, V> {
    pub fn with_value(answer: T, value: V, effects: Effects) -> Self {
        Self {
            answer,
            value,
            effects,
        }
    }
}

/// Runs `work` in one write transaction and commits it with the effects it
/// returns. With a key, the answer is stored with a fingerprint of
/// (`operation`, `request`); a retry with the same key and request gets the
/// stored answer, one with a different request is refused.
///
/// Returns the outcome and, when this request did the work, its `value`
/// (`None` for a replay).
pub async fn run<T, V, R, F>(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    operation: &str,
    request: &R,
    work: F,
) -> Result<(Outcome<T>, Option<V>)>
where
    T: Serialize + DeserializeOwned + Send,
    V: Send,
    R: Serialize + ?Sized,
    F: for<'c> FnOnce(&'c WriteTx) -> BoxFuture<'c, Result<Done<T, V>>> + Send,
{
    let fresh = |done: Done<T, V>| {
        let outcome = Outcome {
            value: done.answer,
            replayed: false,
        };
        (outcome, Some(done.value))
    };
    let Some(key) = key else {
        let tx = db::begin_write(&app.db).await?;
        let done = work(&tx).await?;
        tx.commit(&done.effects).await?;
        return Ok(fresh(done));
    };
    validate_key(key)?;
    let fingerprint = fingerprint(operation, request);
    if let Some(stored) = replay(app, actor, key, &fingerprint).await? {
        return Ok((stored, None));
    }
    let tx = db::begin_write(&app.db).await?;
    let done = work(&tx).await?;
    let stored = idempotency_key::Entity::insert(idempotency_key::ActiveModel {
        id: Set(IdempotencyKeyId::new()),
        user_id: Set(actor.user_id),
        key: Set(key.to_string()),
        fingerprint: Set(fingerprint.clone()),
        status_code: Set(201),
        response_body: Set(serde_json::to_string(&done.answer).map_err(anyhow::Error::from)?),
        created_at: Set(app.now()),
    })
    .build(tx.get_database_backend());
    // The key goes in the effects' round trip: a duplicate's unique
    // violation fails that statement and the whole write rolls back.
    match tx.commit_after(stored, &done.effects).await {
        Ok(()) => Ok(fresh(done)),
        Err(e) if db::is_unique_violation(&e) => {
            let stored = replay(app, actor, key, &fingerprint).await?.ok_or_else(|| {
                Error::Conflict(
                    "A request with this Idempotency-Key is still in progress; retry shortly.".into(),
                )
            })?;
            Ok((stored, None))
        }
        Err(e) => Err(e.into()),
    }
}

async fn replay<T: DeserializeOwned>(
    app: &App,
    actor: &Actor,
    key: &str,
    fingerprint: &str,
) -> Result<Option<Outcome<T>>> {
    let Some(row) = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(actor.user_id))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(&app.db)
        .await?
    else {
        return Ok(None);
    };
    if row.fingerprint != fingerprint {
        return Err(Error::invalid(
            "Idempotency-Key",
            "was already used for a different request; use a new key for a new request",
        ));
    }
    let value = serde_json::from_str(&row.response_body).map_err(anyhow::Error::from)?;
    Ok(Some(Outcome {
        value,
        replayed: true,
    }))
}

fn fingerprint<R: Serialize + ?Sized>(operation: &str, request: &R) -> String {
    // serde_json::Value sorts object keys, so field order does not matter.
    let canonical = serde_json::to_value(request)
        .map(|v| v.to_string())
        .unwrap_or_default();
    crypto::sha256_hex(format!("{operation}\n{canonical}").as_bytes())
}

/// Deletes keys older than the retention window; returns how many.
pub async fn purge_expired(app: &App) -> Result<u64> {
    let cutoff = app.now() - time::Duration::hours(RETENTION_HOURS);
    let res = idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::CreatedAt.lt(cutoff))
        .exec(&app.db)
        .await?;
    Ok(res.rows_affected)
}
