//! The hub: a web process's open streams, by person. The bus hands it
//! signals; it wakes only the streams of the person named, so a signal costs
//! one hash lookup and the woken streams one query each, however many
//! streams are open. An idle stream costs nothing: it waits on its slot.
//!
//! A slot coalesces: any number of wake-ups before the stream looks count as
//! one, so a slot's memory is fixed whatever a burst of signals does.

use super::bus::Receiver;
use super::signal::Signal;
use hisaab_entity::UserId;
use prometheus::{Histogram, HistogramOpts, IntCounter, IntGauge, Registry};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Streams one person may hold open on one process; the next is refused.
pub const MAX_STREAMS_PER_PERSON: usize = 10;

#[derive(Clone)]
pub struct Hub(Arc<Inner>);

struct Inner {
    streams: Mutex<HashMap<UserId, Vec<Arc<Slot>>>>,
    metrics: HubMetrics,
}

/// The hub's Prometheus series (registered by the web server).
#[derive(Clone)]
pub struct HubMetrics {
    pub open_streams: IntGauge,
    pub events_sent: IntCounter,
    /// From the write that caused an event to the event leaving this process.
    pub delivery_lag: Histogram,
}

impl HubMetrics {
    fn new() -> Self {
        Self {
            open_streams: IntGauge::new("realtime_open_streams", "Event streams open on this process")
                .expect("valid metric"),
            events_sent: IntCounter::new("realtime_events_sent_total", "Events sent on event streams")
                .expect("valid metric"),
            delivery_lag: Histogram::with_opts(
                HistogramOpts::new(
                    "realtime_delivery_lag_seconds",
                    "From the write that caused an event to the event being sent on a stream",
                )
                .buckets(vec![
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ]),
            )
            .expect("valid metric"),
        }
    }

    pub fn register(&self, registry: &Registry) -> prometheus::Result<()> {
        registry.register(Box::new(self.open_streams.clone()))?;
        registry.register(Box::new(self.events_sent.clone()))?;
        registry.register(Box::new(self.delivery_lag.clone()))
    }
}

#[derive(Default)]
struct Slot {
    wake: Notify,
    new_events: AtomicBool,
    check_sign_in: AtomicBool,
}

/// Why a stream woke up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wake {
    /// There may be new notifications: read them.
    pub new_events: bool,
    /// A sign-in of this person ended: check that ours is still valid.
    pub check_sign_in: bool,
}

/// Too many streams open for one person.
#[derive(Debug, thiserror::Error)]
#[error("at most {MAX_STREAMS_PER_PERSON} event streams may be open at once; close one first")]
pub struct TooManyStreams;

/// One open stream's place in the hub; dropping it leaves.
pub struct Subscription {
    hub: Hub,
    user: UserId,
    slot: Arc<Slot>,
}

impl Default for Hub {
    fn default() -> Self {
        Self(Arc::new(Inner {
            streams: Mutex::new(HashMap::new()),
            metrics: HubMetrics::new(),
        }))
    }
}

impl Hub {
    pub fn metrics(&self) -> &HubMetrics {
        &self.0.metrics
    }

    fn streams(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Vec<Arc<Slot>>>> {
        // A panic while holding the lock leaves a consistent map (every
        // change is one push or retain), so a poisoned lock is still usable.
        self.0.streams.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens a stream for `user`, unless they already have the maximum.
    pub fn subscribe(&self, user: UserId) -> Result<Subscription, TooManyStreams> {
        let slot = Arc::new(Slot::default());
        {
            let mut streams = self.streams();
            let mine = streams.entry(user).or_default();
            if mine.len() >= MAX_STREAMS_PER_PERSON {
                return Err(TooManyStreams);
            }
            mine.push(slot.clone());
        }
        self.0.metrics.open_streams.inc();
        Ok(Subscription {
            hub: self.clone(),
            user,
            slot,
        })
    }

    /// Streams open for `user` on this process.
    pub fn open_for(&self, user: UserId) -> usize {
        self.streams().get(&user).map_or(0, Vec::len)
    }

    /// Streams open on this process.
    pub fn open(&self) -> usize {
        self.streams().values().map(Vec::len).sum()
    }

    fn wake(&self, user: Option<UserId>, new_events: bool, check_sign_in: bool) {
        let streams = self.streams();
        let wake = |slot: &Arc<Slot>| {
            if new_events {
                slot.new_events.store(true, Ordering::Release);
            }
            if check_sign_in {
                slot.check_sign_in.store(true, Ordering::Release);
            }
            slot.wake.notify_one();
        };
        match user {
            Some(user) => streams.get(&user).into_iter().flatten().for_each(wake),
            None => streams.values().flatten().for_each(wake),
        }
    }
}

impl Receiver for Hub {
    fn signal(&self, signal: Signal) {
        match signal {
            Signal::Notified(user) => self.wake(Some(user), true, false),
            Signal::SignedOut(user) => self.wake(Some(user), false, true),
        }
    }

    fn resync(&self) {
        self.wake(None, true, false);
    }

    fn is_listening(&self) -> bool {
        !self.streams().is_empty()
    }
}

impl Subscription {
    pub fn user(&self) -> UserId {
        self.user
    }

    /// Waits for the next wake-up (at once if one came since the last).
    pub async fn next(&self) -> Wake {
        loop {
            let wake = Wake {
                new_events: self.slot.new_events.swap(false, Ordering::AcqRel),
                check_sign_in: self.slot.check_sign_in.swap(false, Ordering::AcqRel),
            };
            if wake.new_events || wake.check_sign_in {
                return wake;
            }
            self.slot.wake.notified().await;
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut streams = self.hub.streams();
        if let Some(mine) = streams.get_mut(&self.user) {
            mine.retain(|s| !Arc::ptr_eq(s, &self.slot));
            if mine.is_empty() {
                streams.remove(&self.user);
            }
        }
        drop(streams);
        self.hub.0.metrics.open_streams.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn user() -> UserId {
        UserId(uuid::Uuid::now_v7())
    }

    #[tokio::test]
    async fn a_signal_wakes_only_the_streams_of_the_person_named() {
        let hub = Hub::default();
        let (asha, ravi) = (user(), user());
        let a1 = hub.subscribe(asha).unwrap();
        let a2 = hub.subscribe(asha).unwrap();
        let r = hub.subscribe(ravi).unwrap();
        hub.signal(Signal::Notified(asha));
        let woke = Wake {
            new_events: true,
            check_sign_in: false,
        };
        assert_eq!(a1.next().await, woke);
        assert_eq!(a2.next().await, woke);
        assert!(
            tokio::time::timeout(Duration::from_millis(50), r.next())
                .await
                .is_err()
        );
        hub.signal(Signal::SignedOut(ravi));
        assert_eq!(
            r.next().await,
            Wake {
                new_events: false,
                check_sign_in: true
            }
        );
    }

    #[tokio::test]
    async fn wake_ups_coalesce_and_resync_wakes_everyone() {
        let hub = Hub::default();
        let asha = user();
        let a = hub.subscribe(asha).unwrap();
        for _ in 0..1000 {
            hub.signal(Signal::Notified(asha));
        }
        assert!(a.next().await.new_events);
        assert!(
            tokio::time::timeout(Duration::from_millis(50), a.next())
                .await
                .is_err()
        );
        hub.resync();
        assert!(a.next().await.new_events);
    }

    #[test]
    fn the_eleventh_stream_is_refused_and_a_closed_one_frees_its_place() {
        let hub = Hub::default();
        let asha = user();
        let mut open: Vec<Subscription> = (0..MAX_STREAMS_PER_PERSON)
            .map(|_| hub.subscribe(asha).unwrap())
            .collect();
        assert!(hub.subscribe(asha).is_err());
        assert!(
            hub.subscribe(user()).is_ok(),
            "another person is not limited by asha's streams"
        );
        open.pop();
        assert_eq!(hub.open_for(asha), MAX_STREAMS_PER_PERSON - 1);
        assert!(hub.subscribe(asha).is_ok());
        drop(open);
        assert_eq!(hub.open_for(asha), 0);
        assert_eq!(hub.metrics().open_streams.get(), 0);
        assert!(!hub.is_listening());
    }
}
