//! Fixed-window request counters: in-process for the embedded setup, Redis
//! when configured so every web instance shares one count.

use redis::aio::ConnectionManager;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

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

#[derive(Clone)]
enum Backend {
    Memory(Arc<Mutex<HashMap<String, (i64, u32)>>>),
    Redis(ConnectionManager),
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
            backend: Backend::Redis(manager),
            prefix: prefix.into(),
        })
    }

    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Redis(_))
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
        let count: u32 = match &self.backend {
            Backend::Memory(map) => {
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
            Backend::Redis(manager) => {
                let redis_key = format!("{}:{key}:{window}:{index}", self.prefix);
                let mut con = manager.clone();
                let (count,): (u32,) = redis::pipe()
                    .atomic()
                    .incr(&redis_key, 1)
                    .expire(&redis_key, window + 1)
                    .ignore()
                    .query_async(&mut con)
                    .await?;
                count
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
        if let Backend::Redis(manager) = &self.backend {
            let mut con = manager.clone();
            let _: String = redis::cmd("PING").query_async(&mut con).await?;
        }
        Ok(())
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
