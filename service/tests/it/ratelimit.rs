//! The rate limiter against the real Redis: the count several web instances
//! share. Each test uses its own key prefix, so tests run in parallel.

use crate::*;
use hisaab_service::identity;
use hisaab_service::ratelimit::RateLimiter;
use hisaab_service::testkit::{PASSWORD, TestApp, redis_url};
use time::{Duration, OffsetDateTime};

fn prefix() -> String {
    format!("hisaab:test:{}", uuid::Uuid::now_v7().simple())
}

async fn limiter(prefix: &str) -> RateLimiter {
    RateLimiter::redis_with_prefix(&redis_url(), prefix).await.expect(
        "Redis must be running for these tests (HISAAB_TEST_REDIS_URL, default redis://127.0.0.1:6379)",
    )
}

/// 20 seconds into a minute: a 60-second window resets in 40 s.
fn at() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000 + 20).unwrap()
}

#[tokio::test]
async fn redis_limiter_counts_up_to_the_limit() {
    let rl = limiter(&prefix()).await;
    assert!(rl.is_shared());
    rl.ping().await.unwrap();
    for remaining in [2, 1, 0] {
        let d = rl.hit("ip:198.51.100.7", 3, 60, at()).await.unwrap();
        assert!(d.allowed);
        assert_eq!(d.limit, 3);
        assert_eq!(d.remaining, remaining);
        assert_eq!(d.reset_secs, 40);
    }
    let d = rl.hit("ip:198.51.100.7", 3, 60, at()).await.unwrap();
    assert!(!d.allowed);
    assert_eq!(d.remaining, 0);
    assert_eq!(d.reset_secs, 40);
    // Other keys have their own count.
    assert!(rl.hit("ip:198.51.100.8", 3, 60, at()).await.unwrap().allowed);
}

#[tokio::test]
async fn redis_window_rolls_over() {
    let rl = limiter(&prefix()).await;
    for _ in 0..3 {
        rl.hit("k", 3, 60, at()).await.unwrap();
    }
    let late = at() + Duration::seconds(39);
    let d = rl.hit("k", 3, 60, late).await.unwrap();
    assert!(!d.allowed);
    assert_eq!(d.reset_secs, 1);
    let next = at() + Duration::seconds(40);
    let d = rl.hit("k", 3, 60, next).await.unwrap();
    assert!(d.allowed, "a new window");
    assert_eq!(d.remaining, 2);
    assert_eq!(d.reset_secs, 60);
}

#[tokio::test]
async fn limiters_sharing_a_prefix_share_the_count() {
    let p = prefix();
    // Two instances, two connections: what two web servers would have.
    let one = limiter(&p).await;
    let two = limiter(&p).await;
    assert!(one.hit("ip:a", 3, 60, at()).await.unwrap().allowed);
    assert!(two.hit("ip:a", 3, 60, at()).await.unwrap().allowed);
    let d = one.hit("ip:a", 3, 60, at()).await.unwrap();
    assert!(d.allowed);
    assert_eq!(d.remaining, 0);
    assert!(
        !two.hit("ip:a", 3, 60, at()).await.unwrap().allowed,
        "the count is shared"
    );

    // A different prefix is a different namespace.
    let other = limiter(&prefix()).await;
    assert!(other.hit("ip:a", 3, 60, at()).await.unwrap().allowed);
}

#[tokio::test]
async fn redis_keys_expire_with_their_window() {
    let p = prefix();
    let rl = limiter(&p).await;
    rl.hit("ttl", 5, 60, at()).await.unwrap();
    let index = at().unix_timestamp().div_euclid(60);
    let key = format!("{p}:ttl:60:{index}");
    let client = redis::Client::open(redis_url()).unwrap();
    let mut con = client.get_multiplexed_async_connection().await.unwrap();
    let count: u32 = redis::cmd("GET").arg(&key).query_async(&mut con).await.unwrap();
    assert_eq!(count, 1);
    let ttl: i64 = redis::cmd("TTL").arg(&key).query_async(&mut con).await.unwrap();
    assert!((1..=61).contains(&ttl), "ttl {ttl}");
}

#[tokio::test]
async fn concurrent_hits_are_all_counted() {
    let rl = limiter(&prefix()).await;
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let rl = rl.clone();
            tokio::spawn(async move { rl.hit("burst", 10, 60, at()).await.unwrap().allowed })
        })
        .collect();
    let mut allowed = 0;
    for task in tasks {
        if task.await.unwrap() {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 10);
}

#[tokio::test]
async fn two_app_instances_share_the_per_ip_sign_in_limit_through_redis() {
    let t = TestApp::with_settings(|s| s.auth_rate_limit_per_minute = 3).await;
    t.user("asha@example.com").await;
    let p = prefix();
    let mut one = t.app.clone();
    one.limiter = limiter(&p).await;
    let mut two = t.app.clone();
    two.limiter = limiter(&p).await;
    let ip = meta_from("203.0.113.9");

    identity::sign_in(&one, "asha@example.com", PASSWORD, &ip)
        .await
        .unwrap();
    identity::sign_in(&two, "asha@example.com", PASSWORD, &ip)
        .await
        .unwrap();
    identity::sign_in(&one, "asha@example.com", PASSWORD, &ip)
        .await
        .unwrap();
    let secs = retry_after(identity::sign_in(&two, "asha@example.com", PASSWORD, &ip).await);
    assert!((1..=60).contains(&secs));
    identity::sign_in(&two, "asha@example.com", PASSWORD, &meta_from("203.0.113.10"))
        .await
        .expect("another IP");
}

/// A redis-server of the test's own on a free loopback port (never the
/// shared one: this test stops it), killed when dropped.
struct OwnRedis {
    port: u16,
    child: std::process::Child,
}

impl OwnRedis {
    fn start(port: u16) -> Self {
        let child = std::process::Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server must be installed (bin/test installs it)");
        Self { port, child }
    }

    async fn ready(&self) {
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Redis going away does not fail requests: hits are counted in the process
/// (limits per instance meanwhile), quickly, and counted as fallbacks; the
/// readiness ping says Redis is down; once Redis is back the shared count is
/// used again (issue 15; `bin/faults` stops Redis for 60 s under load).
#[tokio::test]
async fn redis_down_falls_back_to_counting_in_memory() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redis = OwnRedis::start(port);
    redis.ready().await;
    let url = format!("redis://127.0.0.1:{port}");
    let rl = RateLimiter::redis_with_prefix(&url, &prefix()).await.unwrap();
    assert!(rl.hit("k", 3, 60, at()).await.unwrap().allowed);
    assert_eq!(rl.fallbacks(), 0);

    redis.stop();
    let started = std::time::Instant::now();
    for remaining in [2, 1, 0] {
        let d = rl
            .hit("k", 3, 60, at())
            .await
            .expect("a hit is answered without Redis");
        assert!(d.allowed);
        assert_eq!(d.remaining, remaining, "counted in memory from zero");
    }
    assert!(
        !rl.hit("k", 3, 60, at()).await.unwrap().allowed,
        "the limit still holds"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(rl.fallbacks(), 4);
    assert!(rl.ping().await.is_err(), "readiness sees Redis down");

    let _redis = OwnRedis::start(port);
    _redis.ready().await;
    // Back to the shared count within a few seconds (reconnect backoff).
    let mut shared = false;
    for _ in 0..60 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        let before = rl.fallbacks();
        rl.hit("other", 100, 60, at()).await.unwrap();
        if rl.fallbacks() == before {
            shared = true;
            break;
        }
    }
    assert!(shared, "Redis is used again once it answers");
    rl.ping().await.unwrap();
}
