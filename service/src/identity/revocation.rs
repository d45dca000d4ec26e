//! Revoked API sign-ins, as every process sees them (ADR 0018).
//!
//! An access token names its sign-in (the refresh-token family, claim `sid`).
//! Ending a sign-in sets `revoked_at` on its family; each process keeps the
//! ids of the families revoked within the last access-token lifetime in
//! memory and reloads them from the database at most once a second, when a
//! bearer request finds the set older than that. Checking a token is then a
//! hash-set lookup; a revoked sign-in's access tokens are refused within a
//! second on every instance (at once on the instance that revoked it).

use crate::App;
use crate::error::Result;
use crate::realtime::Signal;
use hisaab_entity::UserId;
use hisaab_entity::{RefreshTokenFamilyId, refresh_token_family};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use time::{Duration, OffsetDateTime};

/// How old the in-memory set may get before a bearer request reloads it.
pub const RELOAD_EVERY: Duration = Duration::seconds(1);

/// Families revoked this long before the access-token lifetime began are
/// left out: clocks of the instances may differ by this much.
const CLOCK_SLACK: Duration = Duration::minutes(1);

/// Never loaded (or marked stale): the next bearer request loads.
const STALE: i64 = i64::MIN;

/// The recently revoked sign-ins of this process. Cheap to clone (shared).
#[derive(Clone)]
pub struct RevokedSignIns(Arc<Inner>);

struct Inner {
    ids: RwLock<HashSet<RefreshTokenFamilyId>>,
    /// When `ids` was read from the database (app clock, unix milliseconds).
    loaded_at_ms: AtomicI64,
    /// One reload at a time; the others wait for it rather than query too.
    loading: tokio::sync::Mutex<()>,
}

impl Default for RevokedSignIns {
    fn default() -> Self {
        Self(Arc::new(Inner {
            ids: RwLock::new(HashSet::new()),
            loaded_at_ms: AtomicI64::new(STALE),
            loading: tokio::sync::Mutex::new(()),
        }))
    }
}

fn millis(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

/// After a commit that ended sign-ins of `user`: this process refuses their
/// access tokens at once (the others within a second, ADR 0018), and every
/// web process has their open event streams check their sign-in (ADR 0021).
pub(crate) async fn sign_ins_ended(app: &App, user: UserId) {
    app.revoked.mark_stale();
    app.bus
        .publish(&app.db, app.now(), &[Signal::SignedOut(user)])
        .await;
}

impl RevokedSignIns {
    /// Whether this sign-in was revoked (as of the last load).
    pub fn contains(&self, id: RefreshTokenFamilyId) -> bool {
        self.0.ids.read().expect("revoked sign-ins lock").contains(&id)
    }

    /// How many revoked sign-ins are held (for tests and metrics).
    pub fn len(&self) -> usize {
        self.0.ids.read().expect("revoked sign-ins lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn is_due(&self, now: OffsetDateTime) -> bool {
        let loaded = self.0.loaded_at_ms.load(Ordering::Acquire);
        let now = millis(now);
        // A clock that went back (a test, a corrected host) also reloads.
        loaded == STALE || now < loaded || now - loaded >= RELOAD_EVERY.whole_milliseconds() as i64
    }

    /// Makes the next bearer request reload: called after this process
    /// revoked a sign-in, so its own requests see it at once.
    pub fn mark_stale(&self) {
        self.0.loaded_at_ms.store(STALE, Ordering::Release);
    }

    /// Reloads when the set is a second old or more (or marked stale).
    pub async fn reload_if_due(&self, app: &App) -> Result<()> {
        if !self.is_due(app.now()) {
            return Ok(());
        }
        let _one_at_a_time = self.0.loading.lock().await;
        // Someone else may have reloaded while this request waited.
        if !self.is_due(app.now()) {
            return Ok(());
        }
        self.reload(app).await
    }

    /// Reads the families revoked within the last access-token lifetime.
    /// Older ones need no entry: every access token they issued has expired.
    pub async fn reload(&self, app: &App) -> Result<()> {
        let now = app.now();
        let lifetime = Duration::seconds(app.settings.access_token_ttl_secs as i64);
        let since = now - lifetime - CLOCK_SLACK;
        let select = refresh_token_family::Entity::find()
            .select_only()
            .column(refresh_token_family::Column::Id)
            .filter(refresh_token_family::Column::RevokedAt.gt(since));
        let ids: HashSet<RefreshTokenFamilyId> =
            select.into_tuple().all(&app.db).await?.into_iter().collect();
        *self.0.ids.write().expect("revoked sign-ins lock") = ids;
        self.0.loaded_at_ms.store(millis(now), Ordering::Release);
        Ok(())
    }
}
