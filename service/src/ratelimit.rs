//! Fixed-window request counters: in-process for the embedded setup, Redis
//! when configured so every web instance shares one count.
//!
//! When Redis does not answer, a request is counted in this process instead
//! (the fallback) rather than failing: limits become per instance for the
//! outage, which is better than refusing every API call. Each fallback is
//! counted ([`RateLimiter::fallbacks`], exported as a metric), the outage is
//! logged once when it starts and once when Redis answers again, and Redis
//! is not asked again for [`RETRY_REDIS_AFTER`] after a failure, so requests
//! do not each wait on its reconnect attempts.

use redis::aio::ConnectionManager;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// Longest wait for Redis on one request before counting in memory instead.
const REDIS_TIMEOUT: Duration = Duration::from_millis(250);
/// After Redis failed, requests skip it (and count in memory) this long.
pub const RETRY_REDIS_AFTER: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u64,
}

#[derive(Clone)]
pub struct RateLimiter {
    backend: Backend,
    prefix: Arc<str>,
}

type Windows = Arc<Mutex<HashMap<String, (i64, u32)>>>;

#[derive(Clone)]
enum Backend {
    Memory(Windows),
    Redis {
        manager: ConnectionManager,
        /// The in-process counts used while Redis is down.
        fallback: Windows,
        health: Arc<RedisHealth>,
    },
}

/// Whether Redis is answering, as the last requests found it.
#[derive(Default)]
struct RedisHealth {
    /// Hits counted in memory because Redis did not answer.
    fallbacks: AtomicU64,
    /// True from the first failure until Redis answers again (for the logs).
    down: AtomicBool,
    /// When the last failure was: Redis is skipped until RETRY_REDIS_AFTER later.
    failed_at: Mutex<Option<Instant>>,
}

impl RedisHealth {
    fn should_skip(&self) -> bool {
        let failed_at = *self.failed_at.lock().expect("redis health lock");
        failed_at.is_some_and(|at| at.elapsed() < RETRY_REDIS_AFTER)
    }

    fn failed(&self, error: &str) {
        *self.failed_at.lock().expect("redis health lock") = Some(Instant::now());
        if !self.down.swap(true, Ordering::SeqCst) {
            tracing::warn!(
                error,
                "Redis is not answering: rate limits are counted per process until it is back"
            );
        }
    }

    fn answered(&self) {
        if self.down.swap(false, Ordering::SeqCst) {
            *self.failed_at.lock().expect("redis health lock") = None;
            tracing::info!(
                fallbacks_so_far = self.fallbacks.load(Ordering::Relaxed),
                "Redis answers again: rate limits are shared again"
            );
        }
    }
}

impl RateLimiter {
    pub fn in_memory() -> Self {
        Self {
            backend: Backend::Memory(Arc::default()),
            prefix: "hisaab:rl".into(),
        }
    }

    pub async fn redis(url: &str) -> anyhow::Result<Self> {
        Self::redis_with_prefix(url, "hisaab:rl").await
    }

    /// A Redis limiter whose keys start with `prefix` (tests use a unique one).
    pub async fn redis_with_prefix(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)?;
        let manager = client.get_connection_manager().await?;
        Ok(Self {
            backend: Backend::Redis {
                manager,
                fallback: Arc::default(),
                health: Arc::default(),
            },
            prefix: prefix.into(),
        })
    }

    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Redis { .. })
    }

    /// Hits counted in this process because Redis did not answer, since start.
    pub fn fallbacks(&self) -> u64 {
        match &self.backend {
            Backend::Memory(_) => 0,
            Backend::Redis { health, .. } => health.fallbacks.load(Ordering::Relaxed),
        }
    }

    /// Counts one hit on `key` in the current window of `window_secs` and says
    /// whether it is within `limit`.
    pub async fn hit(
        &self,
        key: &str,
        limit: u32,
        window_secs: u64,
        now: OffsetDateTime,
    ) -> anyhow::Result<Decision> {
        let window = window_secs.max(1) as i64;
        let now_secs = now.unix_timestamp();
        let index = now_secs.div_euclid(window);
        let reset_secs = (window - now_secs.rem_euclid(window)) as u64;
        let count = match &self.backend {
            Backend::Memory(map) => count_in_memory(map, key, window, index),
            Backend::Redis {
                manager,
                fallback,
                health,
            } => {
                let shared = if health.should_skip() {
                    None
                } else {
                    let redis_key = format!("{}:{key}:{window}:{index}", self.prefix);
                    match count_in_redis(manager, &redis_key, window).await {
                        Ok(count) => {
                            health.answered();
                            Some(count)
                        }
                        Err(e) => {
                            health.failed(&format!("{e:#}"));
                            None
                        }
                    }
                };
                shared.unwrap_or_else(|| {
                    health.fallbacks.fetch_add(1, Ordering::Relaxed);
                    count_in_memory(fallback, key, window, index)
                })
            }
        };
        Ok(Decision {
            allowed: count <= limit,
            limit,
            remaining: limit.saturating_sub(count),
            reset_secs,
        })
    }

    /// Checks Redis is reachable (for readiness); always true in memory.
    pub async fn ping(&self) -> anyhow::Result<()> {
        if let Backend::Redis { manager, health, .. } = &self.backend {
            let mut con = manager.clone();
            let cmd = redis::cmd("PING");
            let ping = cmd.query_async::<String>(&mut con);
            match tokio::time::timeout(Duration::from_secs(1), ping).await {
                Ok(Ok(_)) => health.answered(),
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => anyhow::bail!("Redis did not answer PING within 1 s"),
            }
        }
        Ok(())
    }
}

fn count_in_memory(map: &Windows, key: &str, window: i64, index: i64) -> u32 {
    let mut map = map.lock().expect("rate limiter lock");
    if map.len() > 50_000 {
        map.retain(|_, (idx, _)| *idx >= index);
    }
    let entry = map.entry(format!("{key}:{window}")).or_insert((index, 0));
    if entry.0 != index {
        *entry = (index, 0);
    }
    entry.1 = entry.1.saturating_add(1);
    entry.1
}

/// One atomic INCR + EXPIRE, given at most REDIS_TIMEOUT.
async fn count_in_redis(manager: &ConnectionManager, redis_key: &str, window: i64) -> anyhow::Result<u32> {
    let mut con = manager.clone();
    let pipe = redis::pipe()
        .atomic()
        .incr(redis_key, 1)
        .expire(redis_key, window + 1)
        .ignore()
        .to_owned();
    let query = pipe.query_async::<(u32,)>(&mut con);
    match tokio::time::timeout(REDIS_TIMEOUT, query).await {
        Ok(result) => Ok(result?.0),
        Err(_) => anyhow::bail!("Redis did not answer within {} ms", REDIS_TIMEOUT.as_millis()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_window_counts_and_resets() {
        let rl = RateLimiter::in_memory();
        let t = OffsetDateTime::from_unix_timestamp(1_000_040).unwrap();
        for i in 1..=3 {
            let d = rl.hit("ip:1", 3, 60, t).await.unwrap();
            assert!(d.allowed);
            assert_eq!(d.remaining, 3 - i);
        }
        let d = rl.hit("ip:1", 3, 60, t).await.unwrap();
        assert!(!d.allowed);
        assert_eq!(d.reset_secs, 40);
        assert!(rl.hit("ip:2", 3, 60, t).await.unwrap().allowed);
        let later = t + time::Duration::seconds(60);
        assert!(rl.hit("ip:1", 3, 60, later).await.unwrap().allowed);
    }
}
