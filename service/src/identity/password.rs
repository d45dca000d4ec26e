//! Password hashing (argon2id) and the password policy.

use crate::error::Result;
use crate::input::Problems;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

/// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters"),
    )
}

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// A hash made once, verified against when an email has no account, so a
/// sign-in takes as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_now("dummy password for timing").expect("hash"));

/// Hashes running at once: one per core. Each runs on tokio's blocking pool,
/// so a burst of sign-ins queues here instead of stalling the async workers
/// that serve every other request, and at most this many 19 MiB buffers are
/// live at a time (docs/OPERATIONS.md, "Memory").
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

async fn on_hashing_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _slot = SLOTS.acquire().await.expect("the semaphore is never closed");
    match tokio::task::spawn_blocking(work).await {
        Ok(out) => out,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    Ok(argon2()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
        .to_string())
}

fn verify_now(password: &str, stored: &str) -> bool {
    argon2().verify_password(password.as_bytes(), stored).is_ok()
}

pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    on_hashing_pool(move || hash_now(&password)).await
}

pub async fn verify(password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    on_hashing_pool(move || verify_now(&password, &stored)).await
}

/// Spends the same time as a real verification.
pub async fn verify_dummy(password: &str) {
    let password = password.to_owned();
    on_hashing_pool(move || {
        let _ = verify_now(&password, &DUMMY_HASH);
    })
    .await;
}

pub fn common_count() -> usize {
    COMMON.len()
}

/// Checks the policy: 12–128 characters, not a common password, not built
/// around the email's local part. Adds messages under `field`.
pub fn check_policy(problems: &mut Problems, field: &str, password: &str, email: &str) {
    let chars = password.chars().count();
    if chars < MIN_LEN {
        problems.add(
            field,
            format!("Use at least {MIN_LEN} characters ({chars} so far)."),
        );
        return;
    }
    if chars > MAX_LEN {
        problems.add(field, format!("Use at most {MAX_LEN} characters."));
        return;
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        problems.add(
            field,
            "This is one of the most common passwords. Choose something harder to guess.",
        );
        return;
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if local.chars().count() >= 3 && lower.contains(&local) {
        problems.add(field, "Don't use your email address in your password.");
    }
}

pub fn validate(field: &str, password: &str, email: &str) -> Result<()> {
    let mut problems = Problems::default();
    check_policy(&mut problems, field, password, email);
    problems.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_policy_parameters() {
        let h = hash("correct horse battery staple").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple", &h).await);
        assert!(!verify("wrong", &h).await);
        assert!(!verify("x", "not a hash").await);
    }

    /// More hashes than slots at once: each waits for a slot, finishes and
    /// gives it back.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hashes_queue_for_a_slot() {
        let slots = SLOTS.available_permits();
        let stored = hash("correct horse battery staple").await.unwrap();
        let checks = (0..slots * 3).map(|_| {
            let stored = stored.clone();
            tokio::spawn(async move { verify("correct horse battery staple", &stored).await })
        });
        for check in checks.collect::<Vec<_>>() {
            assert!(check.await.unwrap());
        }
        assert_eq!(SLOTS.available_permits(), slots);
    }

    #[test]
    fn policy() {
        assert!(common_count() >= 10_000, "bundled list has {}", common_count());
        assert!(validate("p", "short", "a@b.co").is_err());
        assert!(validate("p", &"x".repeat(129), "a@b.co").is_err());
        let common = validate("p", "1Q2W3E4R5T6Y", "a@b.co").unwrap_err();
        assert!(common.to_string().contains("most common"), "{common}");
        assert!(validate("p", "my-alice-password!", "alice@example.com").is_err());
        assert!(validate("p", "tangerine-otter-87", "alice@example.com").is_ok());
    }
}
