//! Password hashing (argon2id) and the password policy.

use crate::error::Result;
use crate::input::Problems;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

/// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

/// Bytes of salt in a new hash (the PHC string format's recommendation).
const SALT_LEN: usize = 16;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// A hash made once, verified against when an email has no account, so a
/// sign-in takes as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now(&mut Vec::new(), "dummy password for timing").expect("hash"));

/// Hashes running at once: one per core. Each runs on tokio's blocking pool,
/// so a burst of sign-ins queues here instead of stalling the async workers
/// that serve every other request, and at most this many 19 MiB buffers are
/// live at a time (docs/OPERATIONS.md, "Memory").
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Runs `work` on the blocking pool with a working-memory buffer from
/// [`BUFFERS`], and puts the buffer back for the next hash.
async fn on_hashing_pool<T: Send + 'static>(work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static) -> T {
    let _slot = SLOTS.acquire().await.expect("the semaphore is never closed");
    let mut memory = BUFFERS.take();
    let (out, memory) = match tokio::task::spawn_blocking(move || (work(&mut memory), memory)).await {
        Ok(done) => done,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    };
    BUFFERS.give(memory);
    out
}

/// Argon2's working memory, 19 MiB per hash, kept between hashes while they
/// keep coming and freed once none has run for [`BUFFERS_IDLE`].
///
/// Allocating it afresh for every hash costs ~4,900 page faults, and with
/// the allocator returning freed memory at once (`MIMALLOC_PURGE_DELAY=0`,
/// docs/OPERATIONS.md "Memory") that cut the sign-in rate by a fifth; kept
/// by the allocator instead, it stayed resident long after the last
/// sign-in. At most one buffer per [`SLOTS`] permit exists.
static BUFFERS: Buffers = Buffers::new(BUFFERS_IDLE);

/// How long buffers outlive the last hash (tokio keeps an idle blocking
/// thread as long).
const BUFFERS_IDLE: Duration = Duration::from_secs(10);

/// The pool, and how long its buffers outlive their last use.
struct Buffers(Mutex<Pool>, Duration);

struct Pool {
    free: Vec<Vec<Block>>,
    last_used: Option<Instant>,
    /// A task is waiting to free the buffers once they go unused.
    reaper: bool,
}

impl Buffers {
    const fn new(idle: Duration) -> Self {
        Buffers(
            Mutex::new(Pool {
                free: Vec::new(),
                last_used: None,
                reaper: false,
            }),
            idle,
        )
    }

    fn pool(&self) -> std::sync::MutexGuard<'_, Pool> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A kept buffer for the current parameters, or an empty one that
    /// [`sized`] fills out on the blocking thread.
    fn take(&self) -> Vec<Block> {
        let count = params().block_count();
        self.pool()
            .free
            .pop()
            .filter(|buffer| buffer.len() == count)
            .unwrap_or_default()
    }

    fn give(&'static self, buffer: Vec<Block>) {
        let mut pool = self.pool();
        pool.free.push(buffer);
        pool.last_used = Some(Instant::now());
        if !std::mem::replace(&mut pool.reaper, true) {
            tokio::spawn(self.reap());
        }
    }

    /// Frees every buffer once none has been used for its idle time.
    async fn reap(&'static self) {
        // Whether it ends here or with its runtime, the next `give` starts another.
        struct Done(&'static Buffers);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.pool().reaper = false;
            }
        }
        let _done = Done(self);
        let mut wait = self.1;
        loop {
            tokio::time::sleep(wait).await;
            let mut pool = self.pool();
            let idle = pool.last_used.map_or(self.1, |at| at.elapsed());
            if idle >= self.1 {
                pool.free = Vec::new();
                return;
            }
            wait = self.1 - idle;
        }
    }

    #[cfg(test)]
    fn kept(&self) -> usize {
        self.pool().free.len()
    }
}

/// `memory`, replaced by a buffer of the right size when `params` need
/// another (a hash made under other parameters; [`Buffers::take`] then drops it).
fn sized<'a>(memory: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    if memory.len() != params.block_count() {
        *memory = vec![Block::default(); params.block_count()];
    }
    memory.as_mut_slice()
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password`.
fn hash_now(memory: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let params = params();
    let salt: [u8; SALT_LEN] = rand::random();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon2
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, sized(memory, &params))
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    let phc = |e: argon2::password_hash::phc::Error| anyhow::anyhow!("argon2: {e}");
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("argon2: {e}"))?,
        salt: Some(Salt::new(&salt).map_err(phc)?),
        hash: Some(Output::new(&out).map_err(phc)?),
    }
    .to_string())
}

/// Whether `password` hashes to `stored`, with the algorithm, version and
/// parameters written in `stored` (a hash made under an older policy still
/// verifies). The comparison takes the same time wherever they differ.
fn verify_now(memory: &mut Vec<Block>, password: &str, stored: &str) -> bool {
    let Ok(stored) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(stored.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = stored.version.map_or(Ok(Version::default()), Version::try_from) else {
        return false;
    };
    let Ok(params) = Params::try_from(&stored) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let memory = sized(memory, &params);
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
        .is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == *expected)
}

pub async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    on_hashing_pool(move |memory| hash_now(memory, &password)).await
}

pub async fn verify(password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    on_hashing_pool(move |memory| verify_now(memory, &password, &stored)).await
}

/// Spends the same time as a real verification.
pub async fn verify_dummy(password: &str) {
    let password = password.to_owned();
    on_hashing_pool(move |memory| {
        let _ = verify_now(memory, &password, &DUMMY_HASH);
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

    /// Hashes stored before the buffers were kept (the argon2 crate's own
    /// API) verify, hashes made now verify with that API, and a hash under
    /// other parameters still verifies.
    #[tokio::test]
    async fn hashes_are_the_argon2_crates_own_format() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let password = "correct horse battery staple";
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let theirs = argon2.hash_password(password.as_bytes()).unwrap().to_string();
        assert!(verify(password, &theirs).await);
        assert!(!verify("correct horse battery stapler", &theirs).await);
        let ours = hash(password).await.unwrap();
        assert!(argon2.verify_password(password.as_bytes(), ours.as_str()).is_ok());
        assert_ne!(hash(password).await.unwrap(), ours, "every hash has its own salt");

        let smaller = Params::new(8 * 1024, 1, 1, None).unwrap();
        let older = Argon2::new(Algorithm::Argon2id, Version::V0x13, smaller)
            .hash_password(password.as_bytes())
            .unwrap()
            .to_string();
        assert!(older.starts_with("$argon2id$v=19$m=8192,t=1,p=1$"), "{older}");
        assert!(verify(password, &older).await);
        assert!(!verify("wrong", &older).await);
        let truncated = &ours[..ours.len() - 4];
        assert!(!verify(password, truncated).await);
    }

    /// A buffer is reused while hashes keep coming and freed once none has
    /// run for the pool's idle time.
    #[tokio::test]
    async fn buffers_are_kept_while_used_and_freed_when_idle() {
        // Seconds apart, so a loaded machine's late wake-ups cannot flip
        // an assertion: the reaper first wakes at 6 s, finds the buffer used
        // 3 s before, and frees it at 9 s.
        const IDLE: Duration = Duration::from_secs(6);
        static MINE: Buffers = Buffers::new(IDLE);
        let count = params().block_count();
        let mut first = MINE.take();
        assert!(first.is_empty(), "nothing kept yet");
        sized(&mut first, &params());
        let at = first.as_ptr();
        MINE.give(first);
        assert_eq!(MINE.kept(), 1);

        tokio::time::sleep(Duration::from_secs(3)).await;
        let again = MINE.take();
        assert_eq!(
            (again.len(), again.as_ptr()),
            (count, at),
            "the same buffer, reused"
        );
        MINE.give(again);
        tokio::time::sleep(Duration::from_millis(4500)).await;
        assert_eq!(
            MINE.kept(),
            1,
            "7.5 s: used 4.5 s ago, kept past the reaper's first look"
        );

        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(MINE.kept(), 0, "10.5 s: idle for 7.5 s, freed");
        assert!(!MINE.pool().reaper);
        MINE.give(vec![Block::default(); 1]);
        assert!(MINE.pool().reaper, "the next buffer kept starts another reaper");
        assert!(
            MINE.take().is_empty(),
            "a buffer of other parameters is not reused"
        );
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
