//! Derived views (the dashboard, net-worth history, a group's balances and
//! plan) cached in the process, per user, and validated against the database
//! on every read (ADR 0014).
//!
//! Every write that changes what a user sees bumps that user's revision in the
//! same transaction: a write commits through `WriteTx::commit` with its
//! `Effects`, which bump the writer and everyone its domain events notify. A read first sums the
//! user's revision (one primary-key range of at most `STRIPES` rows), and
//! reuses a cached view only if it was computed at that same revision. The
//! revision is read *before* the view is computed, so a view can only be newer
//! than its revision, never older: a commit that lands in between bumps the
//! revision and the next read recomputes. Several web processes each keep
//! their own cache and all validate against the same rows, so none serves a
//! view older than the last commit it can see.
//!
//! The revision is striped like the finance rollup: a write bumps one of
//! `STRIPES` rows at random, so concurrent writes of one user don't queue on
//! one row lock until each commit.

use hisaab_entity::UserId;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};
use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::App;
use crate::error::Result;

/// Rows one user's revision is spread over.
const STRIPES: i16 = 8;
/// Views kept before the oldest are dropped.
const CAPACITY: usize = 10_000;
/// List pages kept (`ViewCache::pages`): a page of 50 expense summaries is
/// about 20 KB, so this bounds the pages' memory near 10 MB.
const PAGE_CAPACITY: usize = 500;
/// Rendered page bodies kept (`ViewCache::rendered`): a 50-member group's
/// page is about 150 KB, so this bounds their memory near 10 MB; a usual
/// group's page is a tenth of that.
const RENDERED_CAPACITY: usize = 64;
/// A view is recomputed after this long even if the revision is unchanged:
/// a bound on staleness for a change made outside the service layer (an
/// operator's SQL, a restored backup).
const MAX_AGE: Duration = Duration::from_secs(300);

/// Adds one to a random stripe of each user's revision: as SQL with `$first`,
/// `$first+1`, … placeholders (so it can follow another statement's values),
/// or `None` for nobody. Unknown ids are skipped (a deleted user needs no
/// revision).
pub(crate) fn bump_sql(users: &[uuid::Uuid], first: usize) -> Option<(String, Vec<Value>)> {
    let mut users: Vec<uuid::Uuid> = users.to_vec();
    // One order for every writer, so two writes bumping the same users on the
    // same stripe lock the rows in the same order and cannot deadlock.
    users.sort_unstable();
    users.dedup();
    if users.is_empty() {
        return None;
    }
    let stripe = rand::random_range(0..STRIPES);
    let placeholders = (first + 1..first + 1 + users.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO view_revisions (user_id, stripe, revision) \
         SELECT id, ${first}, 1 FROM users WHERE id IN ({placeholders}) ORDER BY id \
         ON CONFLICT (user_id, stripe) DO UPDATE SET revision = view_revisions.revision + 1"
    );
    let mut values = vec![Value::from(stripe)];
    values.extend(users.into_iter().map(Value::from));
    Some((sql, values))
}

/// The user's current revision: the sum of its stripes.
pub async fn revision<C: ConnectionTrait>(conn: &C, user: UserId) -> Result<i64, DbErr> {
    let row = conn
        .query_one_raw(crate::db::stmt(
            conn.get_database_backend(),
            &format!("SELECT {} AS revision", REVISION_OF_USER),
            vec![Value::from(user.0)],
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<i64>("", "revision")?,
        None => 0,
    })
}

/// The signed-in person's current revision, for a caller that keys its own
/// cache by it (`cached_in`) or needs to know which state it showed.
pub async fn reader_revision(app: &App, actor: &crate::Actor) -> Result<i64> {
    Ok(revision(&app.db, actor.user_id).await?)
}

/// A scalar subquery: the revision of the user given as `$1`.
pub(crate) const REVISION_OF_USER: &str =
    "(SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM view_revisions WHERE user_id = $1)";

/// The revision of `user` as an expression: a read that already sends a
/// statement selects it as one more column and passes it to `cached_at`,
/// saving the round trip of `revision`.
pub(crate) fn revision_expr(backend: DbBackend, user: UserId) -> SimpleExpr {
    // sea-query keeps a custom expression's placeholders in the backend's own
    // style: `$1` on PostgreSQL, `?` on SQLite (where `$1` would be a named
    // parameter left unbound).
    let sql = match backend {
        DbBackend::Sqlite => REVISION_OF_USER.replace("$1", "?"),
        _ => REVISION_OF_USER.to_string(),
    };
    Expr::cust_with_values(sql, [user.0])
}

/// A view's identity: whose, and which (name plus what it depends on).
type Key = (UserId, String);
/// Held while one request computes a key's view.
type Gate = Arc<tokio::sync::Mutex<()>>;

struct Entry {
    revision: i64,
    computed_at: Instant,
    view: Arc<dyn Any + Send + Sync>,
}

/// The process's cache of derived views. Cheap to clone.
#[derive(Clone)]
pub struct ViewCache {
    /// Entries kept before the oldest tenth is dropped.
    capacity: usize,
    entries: Arc<Mutex<HashMap<Key, Entry>>>,
    /// One computation per key at a time (see `cached`).
    computing: Arc<Mutex<HashMap<Key, Gate>>>,
    hits: Arc<AtomicU64>,
    misses: Arc<AtomicU64>,
}

impl Default for ViewCache {
    fn default() -> Self {
        Self::with_capacity(CAPACITY)
    }
}

impl ViewCache {
    /// A cache for list pages: fewer, larger entries than `default`'s views.
    pub fn pages() -> Self {
        Self::with_capacity(PAGE_CAPACITY)
    }

    /// A cache for rendered HTML (a page's body at a revision): a few large
    /// entries.
    pub fn rendered() -> Self {
        Self::with_capacity(RENDERED_CAPACITY)
    }

    fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Arc::default(),
            computing: Arc::default(),
            hits: Arc::default(),
            misses: Arc::default(),
        }
    }

    /// Reads answered from the cache and reads that computed, since start.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    fn get<T: Send + Sync + 'static>(&self, key: &Key, revision: i64) -> Option<Arc<T>> {
        let entries = self.entries.lock().expect("view cache lock");
        let e = entries.get(key)?;
        if e.revision != revision || e.computed_at.elapsed() > MAX_AGE {
            return None;
        }
        e.view.clone().downcast::<T>().ok()
    }

    fn put<T: Send + Sync + 'static>(&self, key: Key, revision: i64, view: Arc<T>) {
        let mut entries = self.entries.lock().expect("view cache lock");
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            // Expired entries first, then the oldest tenth: cheap, and rare
            // at this size.
            entries.retain(|_, e| e.computed_at.elapsed() <= MAX_AGE);
            let mut ages: Vec<(Instant, Key)> =
                entries.iter().map(|(k, e)| (e.computed_at, k.clone())).collect();
            ages.sort_unstable_by_key(|(at, _)| *at);
            let excess = (entries.len() + self.capacity / 10).saturating_sub(self.capacity);
            for (_, k) in ages.into_iter().take(excess) {
                entries.remove(&k);
            }
        }
        let keep = entries.get(&key).is_none_or(|e| e.revision <= revision);
        if keep {
            entries.insert(
                key,
                Entry {
                    revision,
                    computed_at: Instant::now(),
                    view,
                },
            );
        }
    }

    fn gate(&self, key: &Key) -> Gate {
        let mut computing = self.computing.lock().expect("view cache lock");
        // A request dropped mid-computation (the client went away) never
        // reaches `release`; its gate is dropped here once nobody holds it.
        if computing.len() > 1_000 {
            computing.retain(|_, g| Arc::strong_count(g) > 1);
        }
        computing.entry(key.clone()).or_default().clone()
    }

    fn release(&self, key: &Key, gate: Gate) {
        let mut computing = self.computing.lock().expect("view cache lock");
        // Only the map and this caller hold it: nobody is waiting.
        if Arc::strong_count(&gate) <= 2 {
            computing.remove(key);
        }
    }
}

/// `compute`'s result for `user` and `key` (the view's name and whatever else
/// it depends on, such as today's date or a group id), reused while the
/// user's revision is unchanged.
pub async fn cached<T, F>(app: &App, user: UserId, key: String, compute: F) -> Result<Arc<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T>>,
{
    let revision = revision(&app.db, user).await?;
    cached_at(app, user, revision, key, compute).await
}

/// `cached_at` in `app.pages`, the cache of list pages.
pub async fn cached_page<T, F>(
    app: &App,
    user: UserId,
    revision: i64,
    key: String,
    compute: F,
) -> Result<Arc<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T>>,
{
    cached_in(&app.pages, user, revision, key, compute).await
}

/// `cached` with the user's revision already read (see `revision_expr`).
/// It must have been read before `compute` starts reading, as `cached` does.
pub async fn cached_at<T, F>(
    app: &App,
    user: UserId,
    revision: i64,
    key: String,
    compute: F,
) -> Result<Arc<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T>>,
{
    cached_in(&app.views, user, revision, key, compute).await
}

/// `cached_at` in a cache of the caller's own (the web's rendered pages).
pub async fn cached_in<T, F>(
    cache: &ViewCache,
    user: UserId,
    revision: i64,
    key: String,
    compute: F,
) -> Result<Arc<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T>>,
{
    let key = (user, key);
    if let Some(view) = cache.get::<T>(&key, revision) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        return Ok(view);
    }
    // Requests that miss together (a cold start, right after a write) wait
    // for one computation instead of each running the view's queries: a
    // stampede of 64 dashboards took p99 from 30 ms to 460 ms.
    let gate = cache.gate(&key);
    let turn = gate.lock().await;
    let result = match cache.get::<T>(&key, revision) {
        Some(view) => {
            cache.hits.fetch_add(1, Ordering::Relaxed);
            Ok(view)
        }
        None => {
            cache.misses.fetch_add(1, Ordering::Relaxed);
            match compute.await {
                Ok(view) => {
                    let view = Arc::new(view);
                    cache.put(key.clone(), revision, view.clone());
                    Ok(view)
                }
                Err(e) => Err(e),
            }
        }
    };
    drop(turn);
    cache.release(&key, gate);
    result
}
