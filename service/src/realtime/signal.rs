//! What travels on the bus: small wake-ups naming a person, never the data
//! itself (a stream reads its rows from the database, so a lost or repeated
//! signal costs at most one query and never a wrong event).

use hisaab_entity::UserId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    /// New notifications were written for this person.
    Notified(UserId),
    /// One of this person's sign-ins ended (sign-out, revocation, password
    /// change): their open streams check that theirs is still valid.
    SignedOut(UserId),
}

/// Signals per message: a PostgreSQL `NOTIFY` payload is under 8,000 bytes
/// and each signal takes 39.
pub const PER_MESSAGE: usize = 150;

impl Signal {
    pub fn user(&self) -> UserId {
        match self {
            Self::Notified(u) | Self::SignedOut(u) => *u,
        }
    }

    fn encode(&self) -> String {
        match self {
            Self::Notified(u) => format!("n:{}", u.0),
            Self::SignedOut(u) => format!("s:{}", u.0),
        }
    }

    fn decode(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once(':')?;
        let user = UserId(id.parse().ok()?);
        match kind {
            "n" => Some(Self::Notified(user)),
            "s" => Some(Self::SignedOut(user)),
            _ => None,
        }
    }
}

/// Messages carrying `signals`, each at most [`PER_MESSAGE`] of them.
pub fn encode_all(signals: &[Signal]) -> Vec<String> {
    signals
        .chunks(PER_MESSAGE)
        .map(|chunk| chunk.iter().map(Signal::encode).collect::<Vec<_>>().join(","))
        .collect()
}

/// The signals in one message; anything unreadable is skipped (a newer
/// process may send kinds this one does not know).
pub fn decode_all(message: &str) -> Vec<Signal> {
    message.split(',').filter_map(Signal::decode).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_stay_under_the_notify_limit() {
        let signals: Vec<Signal> = (0..400)
            .map(|i| {
                let u = UserId(uuid::Uuid::now_v7());
                if i % 2 == 0 {
                    Signal::Notified(u)
                } else {
                    Signal::SignedOut(u)
                }
            })
            .collect();
        let messages = encode_all(&signals);
        assert_eq!(messages.len(), 3);
        assert!(messages.iter().all(|m| m.len() < 8000));
        let back: Vec<Signal> = messages.iter().flat_map(|m| decode_all(m)).collect();
        assert_eq!(back, signals);
        assert_eq!(decode_all("x:1,n:not-a-uuid,"), vec![]);
    }
}
