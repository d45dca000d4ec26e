//! The names of the settings, in one list. The loader refuses any other
//! `HISAAB_*` variable or `hisaab.toml` key (naming the closest valid one), the
//! reader may only ask for these, and a test holds the README's settings table
//! to the same list, so a typo cannot silently leave a default in force.

/// Every setting, as its `hisaab.toml` key. The environment variable is
/// `HISAAB_` followed by the key in upper case.
pub const KEYS: &[&str] = &[
    "env",
    "data_dir",
    "database_url",
    "database_max_connections",
    "redis_url",
    "smtp_url",
    "mail_from",
    "secret_key",
    "public_url",
    "web_addr",
    "admin_addr",
    "admin_allow_remote",
    "web_metrics_addr",
    "admin_metrics_addr",
    "worker_metrics_addr",
    "auth_rate_limit_per_minute",
    "api_throttle_user_per_hour",
    "api_throttle_premium_per_hour",
    "trust_proxy",
    "lockout_threshold",
    "lockout_minutes",
    "session_idle_days",
    "access_token_ttl_secs",
    "refresh_token_ttl_days",
    "dev_insecure_cookies",
    "tls_cert",
    "tls_key",
    "log_format",
    "auto_migrate",
    "retention_security_audit_days",
    "retention_audit_days",
    "retention_notification_days",
    "retention_export_days",
    "retention_job_days",
    "deletion_grace_days",
    "s3_endpoint",
    "s3_bucket",
    "s3_region",
    "s3_access_key_id",
    "s3_secret_access_key",
    "s3_prefix",
];

/// The settings file's path: an environment variable only (a file cannot name itself).
pub const CONFIG_VARIABLE: &str = "HISAAB_CONFIG";

/// `HISAAB_*` variables that are not settings and still reach the servers: the
/// test harness's, which `bin/test` exports for everything it starts.
pub const TEST_VARIABLES: &[&str] = &[
    "HISAAB_TEST_DATABASE",
    "HISAAB_TEST_POSTGRES_URL",
    "HISAAB_TEST_REDIS_URL",
    "HISAAB_TEST_S3_URL",
];

/// `web_addr` → `HISAAB_WEB_ADDR`.
pub fn variable(key: &str) -> String {
    format!("HISAAB_{}", key.to_ascii_uppercase())
}

/// Every environment variable that is a setting (the README table's rows).
pub fn variables() -> Vec<String> {
    KEYS.iter()
        .map(|key| variable(key))
        .chain([CONFIG_VARIABLE.to_string()])
        .collect()
}

/// `why` for a name that is not a setting: ` (did you mean X?)` when one is close.
pub(super) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    // Measured without the shared prefix, which would make every name look close.
    let bare = |n: &str| {
        let n = n.to_ascii_lowercase();
        n.strip_prefix("hisaab_").map(str::to_string).unwrap_or(n)
    };
    let wanted = bare(name);
    let best = candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted, &bare(c)), c))
        .min_by_key(|(distance, _)| *distance);
    match best {
        // Up to half the name may be wrong (`web_adress` is 4 edits from
        // `web_addr`); anything further is no help.
        Some((distance, candidate)) if distance <= (wanted.len() / 2).max(2) => {
            format!(" (did you mean {candidate}?)")
        }
        _ => String::new(),
    }
}

/// Levenshtein distance over bytes (the names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn repo_file(relative: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every `HISAAB_*` name in a piece of text.
    fn names_in(text: &str) -> Vec<String> {
        let mut names = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("HISAAB_") {
            let tail = &rest[start..];
            let end = tail
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(tail.len());
            names.push(tail[..end].to_string());
            rest = &tail[end..];
        }
        names
    }

    /// The variables in the first column of the README's settings table.
    fn readme_table_variables() -> BTreeSet<String> {
        let readme = repo_file("README.md");
        let mut lines = readme
            .lines()
            .skip_while(|l| l.trim() != "| variable | default | meaning |");
        assert!(
            lines.next().is_some(),
            "README.md has no `| variable | default | meaning |` table"
        );
        lines
            .skip(1) // |---|---|---|
            .take_while(|l| l.starts_with('|'))
            .flat_map(|row| names_in(row.split('|').nth(1).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn the_readme_table_lists_exactly_the_settings() {
        let documented = readme_table_variables();
        let read: BTreeSet<String> = variables().into_iter().collect();
        let undocumented: Vec<_> = read.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(&read).collect();
        assert!(
            undocumented.is_empty() && unknown.is_empty(),
            "settings missing from the README's settings table: {undocumented:?}; \
             rows there that are not settings (settings::KEYS): {unknown:?}"
        );
    }

    #[test]
    fn the_readme_names_the_test_variables() {
        let readme = names_in(&repo_file("README.md"));
        for name in TEST_VARIABLES {
            assert!(
                readme.iter().any(|n| n == name),
                "README.md does not mention {name}"
            );
        }
    }

    /// What the deployment files hand the servers must not stop them.
    #[test]
    fn the_deployment_files_set_only_settings() {
        let known = variables();
        for file in ["ops/systemd/hisaab.env.example", "ops/Containerfile"] {
            for name in names_in(&repo_file(file)) {
                assert!(
                    known.contains(&name),
                    "{file} sets {name}, which is not a setting"
                );
            }
        }
    }

    #[test]
    fn suggests_the_closest_name_only_when_close() {
        let keys = KEYS.iter().copied();
        assert_eq!(
            did_you_mean("web_adress", keys.clone()),
            " (did you mean web_addr?)"
        );
        assert_eq!(
            did_you_mean("database_uri", keys.clone()),
            " (did you mean database_url?)"
        );
        assert_eq!(did_you_mean("colour", keys), "");
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
