//! Password hashing (argon2id) and the password policy.

use crate::error::Result;
use crate::input::Problems;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

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
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash("dummy password for timing").expect("hash"));

pub fn hash(password: &str) -> anyhow::Result<String> {
    Ok(argon2()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
        .to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    argon2().verify_password(password.as_bytes(), stored).is_ok()
}

/// Spends the same time as a real verification.
pub fn verify_dummy(password: &str) {
    let _ = verify(password, &DUMMY_HASH);
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

    #[test]
    fn hashes_are_argon2id_with_policy_parameters() {
        let h = hash("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
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
