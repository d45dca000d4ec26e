//! Typed settings: defaults, then an optional `hisaab.toml`, then `HISAAB_*`
//! environment variables. Loaded once in `main`; nothing reads the environment
//! afterwards. A bad value, an unknown `HISAAB_*` variable or an unknown key
//! in the file stops start-up with a message naming the setting.

mod names;

pub use names::{CONFIG_VARIABLE, KEYS, TEST_VARIABLES, variable, variables};

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Dev,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Every setting, with its default. Their names are listed once, in [`KEYS`];
/// the README's configuration table mirrors them (a test checks).
#[derive(Clone, Debug)]
pub struct Settings {
    pub env: Environment,
    pub data_dir: PathBuf,
    pub web_addr: SocketAddr,
    pub admin_addr: SocketAddr,
    pub web_metrics_addr: SocketAddr,
    pub admin_metrics_addr: SocketAddr,
    pub worker_metrics_addr: SocketAddr,
    /// `None` means the SQLite file `hisaab.sqlite` in the data directory.
    pub database_url: Option<Secret>,
    pub database_max_connections: u32,
    pub redis_url: Option<Secret>,
    /// `None` means mail is written as `.eml` files to `<data_dir>/mailbox`.
    pub smtp_url: Option<Secret>,
    pub mail_from: String,
    pub secret_key: Secret,
    pub public_url: String,
    pub log_format: LogFormat,
    pub auth_rate_limit_per_minute: u32,
    pub api_throttle_user_per_hour: u32,
    pub api_throttle_premium_per_hour: u32,
    pub session_idle_days: u32,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_days: u32,
    pub lockout_threshold: u32,
    pub lockout_minutes: u32,
    pub dev_insecure_cookies: bool,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// Lets the admin console listen on a non-loopback address.
    pub admin_allow_remote: bool,
    /// Apply pending migrations at start-up (on by default in dev only).
    pub auto_migrate: bool,
    /// Behind a reverse proxy: take the client address from the last
    /// `X-Forwarded-For` entry (the one our proxy appended).
    pub trust_proxy: bool,
    /// Security audit entries (`auth.*`, `admin.sign_in.*`) are kept this long.
    pub retention_security_audit_days: u32,
    /// Every other audit entry (financial and account changes) is kept this long.
    pub retention_audit_days: u32,
    /// Notifications are kept this long after they were read.
    pub retention_notification_days: u32,
    /// Data exports are kept this long (for the export files' own purge).
    pub retention_export_days: u32,
    /// Finished and dead jobs on the SQL job queues are kept this long.
    pub retention_job_days: u32,
    /// Days between asking to delete an account and its erasure.
    pub deletion_grace_days: u32,
    /// Where finished exports are kept when not under the data dir (ADR 0030).
    pub s3: Option<S3Settings>,
}

/// An S3-compatible bucket for finished exports (`HISAAB_S3_*`), addressed
/// path-style (`<endpoint>/<bucket>/<key>`), which AWS, MinIO, Garage and
/// Ceph all accept.
#[derive(Clone, Debug)]
pub struct S3Settings {
    /// `https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// Put before every object's key (`exports/` by default; set it empty
    /// for none).
    pub prefix: String,
}

/// The secret `bin/dev` and tests may use; refused outside dev.
pub const DEV_SECRET_KEY: &str = "dev-secret-key-not-for-production-use-0000";

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct SettingsError(String);

impl Settings {
    /// Defaults → `hisaab.toml` in the working directory (or `HISAAB_CONFIG`) → environment.
    pub fn load() -> Result<Self, SettingsError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let config_path = env
            .get("HISAAB_CONFIG")
            .cloned()
            .unwrap_or_else(|| "hisaab.toml".into());
        let file = match std::fs::read_to_string(&config_path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(SettingsError(format!("cannot read {config_path}: {e}"))),
        };
        Self::from_sources(file.as_deref(), &env)
    }

    /// Builds settings from a TOML text (keys like `web_addr`) and `HISAAB_*`
    /// variables. A key or variable that is not a setting is an error: a typo
    /// would otherwise leave the default in force without a word.
    pub fn from_sources(
        toml_text: Option<&str>,
        env: &BTreeMap<String, String>,
    ) -> Result<Self, SettingsError> {
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let mut unknown = Vec::new();
        if let Some(text) = toml_text {
            let table: toml::Table = text
                .parse()
                .map_err(|e| SettingsError(format!("hisaab.toml is not valid TOML: {e}")))?;
            for (key, value) in table {
                let key = key.to_ascii_lowercase();
                if !KEYS.contains(&key.as_str()) {
                    let hint = names::did_you_mean(&key, KEYS.iter().copied());
                    unknown.push(format!("hisaab.toml key `{key}` is not a setting{hint}"));
                    continue;
                }
                let text = match value {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                values.insert(key, text);
            }
        }
        let known_variables = variables();
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("HISAAB_") else {
                continue;
            };
            let key = rest.to_ascii_lowercase();
            if KEYS.contains(&key.as_str()) {
                values.insert(key, value.clone());
            } else if name != CONFIG_VARIABLE && !TEST_VARIABLES.contains(&name.as_str()) {
                let hint = names::did_you_mean(name, known_variables.iter().map(String::as_str));
                unknown.push(format!("{name} is not a setting{hint}"));
            }
        }
        if !unknown.is_empty() {
            return Err(SettingsError(format!(
                "{} (the README's configuration table lists every setting)",
                unknown.join("; ")
            )));
        }
        Reader::new(values).build()
    }

    pub fn is_dev(&self) -> bool {
        self.env == Environment::Dev
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_string(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("hisaab.sqlite").display()
            ),
        }
    }

    pub fn mailbox_dir(&self) -> PathBuf {
        self.data_dir.join("mailbox")
    }

    /// Whether cookies carry `Secure` and the `__Host-` prefix.
    pub fn secure_cookies(&self) -> bool {
        !(self.is_dev() && self.dev_insecure_cookies)
    }

    pub fn tls_enabled(&self) -> bool {
        self.tls_cert.is_some()
    }

    /// Settings for tests: dev mode, a fixed secret, generous limits.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        let mut env = BTreeMap::new();
        env.insert("HISAAB_ENV".into(), "dev".into());
        env.insert("HISAAB_SECRET_KEY".into(), DEV_SECRET_KEY.into());
        env.insert("HISAAB_DATA_DIR".into(), data_dir.to_string_lossy().into_owned());
        env.insert("HISAAB_AUTH_RATE_LIMIT_PER_MINUTE".into(), "10000".into());
        env.insert("HISAAB_API_THROTTLE_USER_PER_HOUR".into(), "100000".into());
        env.insert("HISAAB_API_THROTTLE_PREMIUM_PER_HOUR".into(), "100000".into());
        Self::from_sources(None, &env).expect("test settings are valid")
    }
}

struct Reader {
    values: BTreeMap<String, String>,
    /// The keys asked for, so a test can hold [`KEYS`] to what `build` reads.
    read: RefCell<BTreeSet<&'static str>>,
}

impl Reader {
    fn new(values: BTreeMap<String, String>) -> Self {
        Self {
            values,
            read: RefCell::default(),
        }
    }

    fn raw(&self, key: &'static str) -> Option<&str> {
        debug_assert!(
            KEYS.contains(&key),
            "setting `{key}` is missing from settings::KEYS"
        );
        self.read.borrow_mut().insert(key);
        self.values.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn parse<T: std::str::FromStr>(&self, key: &'static str, default: T) -> Result<T, SettingsError>
    where
        T::Err: fmt::Display,
    {
        match self.raw(key) {
            None => Ok(default),
            Some(text) => text.parse().map_err(|e| {
                SettingsError(format!(
                    "HISAAB_{} has an invalid value {text:?}: {e}",
                    key.to_ascii_uppercase()
                ))
            }),
        }
    }

    fn addr(&self, key: &'static str, default: &str) -> Result<SocketAddr, SettingsError> {
        self.parse(key, default.parse().expect("default address is valid"))
    }

    fn flag(&self, key: &'static str, default: bool) -> Result<bool, SettingsError> {
        match self.raw(key).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => Err(SettingsError(format!(
                "HISAAB_{} must be true or false, not {other:?}",
                key.to_ascii_uppercase()
            ))),
        }
    }

    fn positive(&self, key: &'static str, default: u32) -> Result<u32, SettingsError> {
        let value: u32 = self.parse(key, default)?;
        if value == 0 {
            return Err(SettingsError(format!(
                "HISAAB_{} must be greater than zero",
                key.to_ascii_uppercase()
            )));
        }
        Ok(value)
    }

    fn build(&self) -> Result<Settings, SettingsError> {
        let env = match self.raw("env").unwrap_or("production") {
            "dev" | "development" => Environment::Dev,
            "production" | "prod" => Environment::Production,
            other => {
                return Err(SettingsError(format!(
                    "HISAAB_ENV must be dev or production, not {other:?}"
                )));
            }
        };
        let secret_key = match self.raw("secret_key") {
            Some(key) => key.to_string(),
            None if env == Environment::Dev => DEV_SECRET_KEY.to_string(),
            None => {
                return Err(SettingsError(
                    "HISAAB_SECRET_KEY is required outside dev (at least 32 random characters; \
                     e.g. `openssl rand -base64 48`)"
                        .into(),
                ));
            }
        };
        if env == Environment::Production && (secret_key == DEV_SECRET_KEY || secret_key.len() < 32) {
            return Err(SettingsError(
                "HISAAB_SECRET_KEY must be at least 32 characters and not the development key".into(),
            ));
        }
        let log_format = match self.raw("log_format") {
            None if env == Environment::Dev => LogFormat::Pretty,
            None => LogFormat::Json,
            Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(SettingsError(format!(
                    "HISAAB_LOG_FORMAT must be json or pretty, not {other:?}"
                )));
            }
        };
        let web_addr = self.addr("web_addr", "127.0.0.1:8000")?;
        let tls_cert = self.raw("tls_cert").map(PathBuf::from);
        let tls_key = self.raw("tls_key").map(PathBuf::from);
        if tls_cert.is_some() != tls_key.is_some() {
            return Err(SettingsError(
                "HISAAB_TLS_CERT and HISAAB_TLS_KEY must be set together".into(),
            ));
        }
        let scheme = if tls_cert.is_some() { "https" } else { "http" };
        let public_url = self
            .raw("public_url")
            .map(|s| s.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("{scheme}://{web_addr}"));
        let admin_addr = self.addr("admin_addr", "127.0.0.1:8001")?;
        let admin_allow_remote = self.flag("admin_allow_remote", false)?;
        if !admin_addr.ip().is_loopback() && !admin_allow_remote {
            return Err(SettingsError(format!(
                "HISAAB_ADMIN_ADDR {admin_addr} is not a loopback address; set \
                 HISAAB_ADMIN_ALLOW_REMOTE=true if the console really must listen there"
            )));
        }
        let database_url = self.raw("database_url").map(Secret::new);
        if let Some(url) = &database_url {
            let u = url.expose();
            if !(u.starts_with("postgres://") || u.starts_with("postgresql://") || u.starts_with("sqlite:")) {
                return Err(SettingsError(
                    "HISAAB_DATABASE_URL must start with postgres://, postgresql:// or sqlite:".into(),
                ));
            }
        }
        let redis_url = self.raw("redis_url").map(Secret::new);
        if let Some(url) = &redis_url
            && !(url.expose().starts_with("redis://") || url.expose().starts_with("rediss://"))
        {
            return Err(SettingsError(
                "HISAAB_REDIS_URL must start with redis:// or rediss://".into(),
            ));
        }
        let s3 = self.s3()?;
        Ok(Settings {
            env,
            data_dir: PathBuf::from(self.raw("data_dir").unwrap_or("./data")),
            web_addr,
            admin_addr,
            web_metrics_addr: self.addr("web_metrics_addr", "127.0.0.1:9100")?,
            admin_metrics_addr: self.addr("admin_metrics_addr", "127.0.0.1:9101")?,
            worker_metrics_addr: self.addr("worker_metrics_addr", "127.0.0.1:9102")?,
            database_url,
            database_max_connections: self.positive("database_max_connections", 20)?,
            redis_url,
            smtp_url: self.raw("smtp_url").map(Secret::new),
            mail_from: self
                .raw("mail_from")
                .unwrap_or("Hisaab <no-reply@hisaab.localhost>")
                .to_string(),
            secret_key: Secret::new(secret_key),
            public_url,
            log_format,
            auth_rate_limit_per_minute: self.positive("auth_rate_limit_per_minute", 10)?,
            api_throttle_user_per_hour: self.positive("api_throttle_user_per_hour", 200)?,
            api_throttle_premium_per_hour: self.positive("api_throttle_premium_per_hour", 1000)?,
            session_idle_days: self.positive("session_idle_days", 30)?,
            access_token_ttl_secs: u64::from(self.positive("access_token_ttl_secs", 900)?),
            refresh_token_ttl_days: self.positive("refresh_token_ttl_days", 30)?,
            lockout_threshold: self.positive("lockout_threshold", 5)?,
            lockout_minutes: self.positive("lockout_minutes", 15)?,
            dev_insecure_cookies: self.flag("dev_insecure_cookies", false)?,
            tls_cert,
            tls_key,
            admin_allow_remote,
            auto_migrate: self.flag("auto_migrate", env == Environment::Dev)?,
            trust_proxy: self.flag("trust_proxy", false)?,
            retention_security_audit_days: self.positive("retention_security_audit_days", 730)?,
            retention_audit_days: self.positive("retention_audit_days", 2555)?,
            retention_notification_days: self.positive("retention_notification_days", 90)?,
            retention_export_days: self.positive("retention_export_days", 7)?,
            retention_job_days: self.positive("retention_job_days", 30)?,
            deletion_grace_days: self.positive("deletion_grace_days", 14)?,
            s3,
        })
    }

    /// The bucket: the endpoint, bucket and both keys are all set or none
    /// is (the region and prefix have defaults, but either alone is a
    /// partial set too). Half a bucket would quietly keep exports on local
    /// disk, where another instance cannot serve them.
    fn s3(&self) -> Result<Option<S3Settings>, SettingsError> {
        let required = [
            "s3_endpoint",
            "s3_bucket",
            "s3_access_key_id",
            "s3_secret_access_key",
        ];
        let values = required.map(|key| self.raw(key));
        let region = self.raw("s3_region");
        let prefix = self.values.get("s3_prefix").map(|p| p.trim().to_string());
        self.read.borrow_mut().insert("s3_prefix");
        let [Some(endpoint), Some(bucket), Some(access_key_id), Some(secret)] = values else {
            let prefix_set = prefix.as_deref().is_some_and(|p| !p.is_empty());
            if values.iter().all(Option::is_none) && region.is_none() && !prefix_set {
                return Ok(None);
            }
            let missing: Vec<String> = required
                .iter()
                .zip(values)
                .filter(|(_, v)| v.is_none())
                .map(|(key, _)| variable(key))
                .collect();
            return Err(SettingsError(format!(
                "an S3 bucket for exports needs HISAAB_S3_ENDPOINT, HISAAB_S3_BUCKET, \
                 HISAAB_S3_ACCESS_KEY_ID and HISAAB_S3_SECRET_ACCESS_KEY together; missing: {}",
                missing.join(", ")
            )));
        };
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(SettingsError(
                "HISAAB_S3_ENDPOINT must start with http:// or https://".into(),
            ));
        }
        let prefix = prefix.unwrap_or_else(|| "exports/".into());
        if prefix.starts_with('/') {
            return Err(SettingsError(
                "HISAAB_S3_PREFIX must not start with / (it is the start of a key)".into(),
            ));
        }
        Ok(Some(S3Settings {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            bucket: bucket.to_string(),
            region: region.unwrap_or("us-east-1").to_string(),
            access_key_id: access_key_id.to_string(),
            secret_access_key: Secret::new(secret),
            prefix,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_in_dev() {
        let s = Settings::from_sources(None, &env(&[("HISAAB_ENV", "dev")])).unwrap();
        assert_eq!(s.web_addr.to_string(), "127.0.0.1:8000");
        assert_eq!(s.admin_addr.to_string(), "127.0.0.1:8001");
        assert_eq!(s.web_metrics_addr.to_string(), "127.0.0.1:9100");
        assert_eq!(s.auth_rate_limit_per_minute, 10);
        assert_eq!(s.api_throttle_user_per_hour, 200);
        assert!(s.database_url().starts_with("sqlite://"));
        assert!(s.auto_migrate);
    }

    #[test]
    fn production_requires_a_real_secret() {
        let err = Settings::from_sources(None, &env(&[])).unwrap_err();
        assert!(err.to_string().contains("HISAAB_SECRET_KEY"));
        let err = Settings::from_sources(None, &env(&[("HISAAB_SECRET_KEY", "short")])).unwrap_err();
        assert!(err.to_string().contains("at least 32"));
        let err = Settings::from_sources(None, &env(&[("HISAAB_SECRET_KEY", DEV_SECRET_KEY)])).unwrap_err();
        assert!(err.to_string().contains("development key"));
        let ok = Settings::from_sources(
            None,
            &env(&[("HISAAB_SECRET_KEY", "0123456789abcdef0123456789abcdef!")]),
        )
        .unwrap();
        assert!(!ok.auto_migrate);
    }

    #[test]
    fn env_overrides_file_and_bad_values_name_the_setting() {
        let s = Settings::from_sources(
            Some("env = \"dev\"\nweb_addr = \"127.0.0.1:9000\"\nauth_rate_limit_per_minute = 3"),
            &env(&[("HISAAB_WEB_ADDR", "127.0.0.1:9001")]),
        )
        .unwrap();
        assert_eq!(s.web_addr.to_string(), "127.0.0.1:9001");
        assert_eq!(s.auth_rate_limit_per_minute, 3);
        let err = Settings::from_sources(None, &env(&[("HISAAB_ENV", "dev"), ("HISAAB_WEB_ADDR", "nope")]))
            .unwrap_err();
        assert!(err.to_string().contains("HISAAB_WEB_ADDR"));
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = Settings::from_sources(
            None,
            &env(&[
                ("HISAAB_ENV", "dev"),
                ("HISAAB_SECRET_KEY", "super-secret-value-123456789012345"),
            ]),
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("super-secret"));
    }

    #[test]
    fn an_unknown_variable_stops_start_up_naming_it_and_the_closest_setting() {
        let err = Settings::from_sources(
            None,
            &env(&[("HISAAB_ENV", "dev"), ("HISAAB_WEB_ADRESS", "127.0.0.1:9000")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("HISAAB_WEB_ADRESS is not a setting"), "{err}");
        assert!(err.contains("did you mean HISAAB_WEB_ADDR?"), "{err}");

        let err = Settings::from_sources(None, &env(&[("HISAAB_ENV", "dev"), ("HISAAB_COLOUR", "blue")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("HISAAB_COLOUR is not a setting"), "{err}");
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn every_unknown_name_is_reported_at_once() {
        let err = Settings::from_sources(
            Some("smtp_uri = \"smtp://localhost\""),
            &env(&[("HISAAB_ENV", "dev"), ("HISAAB_DATABASE_URI", "postgres://x")]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("HISAAB_DATABASE_URI is not a setting (did you mean HISAAB_DATABASE_URL?)"),
            "{err}"
        );
        assert!(
            err.contains("key `smtp_uri` is not a setting (did you mean smtp_url?)"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_file_key_stops_start_up_naming_it() {
        let err = Settings::from_sources(Some("env = \"dev\"\nlockout_minute = 5"), &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("hisaab.toml key `lockout_minute` is not a setting"),
            "{err}"
        );
        assert!(err.contains("did you mean lockout_minutes?"), "{err}");
        // The file cannot name another file, and a section is not a setting either.
        for text in [
            "env = \"dev\"\nconfig = \"other.toml\"",
            "env = \"dev\"\n[database]\nurl = \"x\"",
        ] {
            let err = Settings::from_sources(Some(text), &env(&[]))
                .unwrap_err()
                .to_string();
            assert!(err.contains("is not a setting"), "{err}");
        }
    }

    #[test]
    fn test_variables_the_config_path_and_other_prefixes_are_not_refused() {
        let s = Settings::from_sources(
            Some("env = \"dev\""),
            &env(&[
                ("HISAAB_CONFIG", "hisaab.toml"),
                ("HISAAB_TEST_DATABASE", "postgres"),
                (
                    "HISAAB_TEST_POSTGRES_URL",
                    "postgres://postgres@127.0.0.1:5432/test",
                ),
                ("HISAAB_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                ("RUST_LOG", "debug"),
                ("HISAAB", "not a HISAAB_ variable"),
            ]),
        )
        .unwrap();
        assert!(s.is_dev());
    }

    #[test]
    fn the_reader_reads_exactly_the_listed_settings() {
        let values = env(&[("env", "dev")]);
        let reader = Reader::new(values);
        reader.build().unwrap();
        let read = reader.read.into_inner();
        let listed: BTreeSet<&str> = KEYS.iter().copied().collect();
        assert_eq!(read, listed, "settings::KEYS and what Reader::build reads differ");
        assert_eq!(KEYS.len(), listed.len(), "settings::KEYS has a duplicate");
    }

    const BUCKET: [(&str, &str); 5] = [
        ("HISAAB_ENV", "dev"),
        ("HISAAB_S3_ENDPOINT", "http://127.0.0.1:9000/"),
        ("HISAAB_S3_BUCKET", "hisaab"),
        ("HISAAB_S3_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("HISAAB_S3_SECRET_ACCESS_KEY", "bucket-secret-do-not-log"),
    ];

    #[test]
    fn a_bucket_needs_all_four_settings_and_keeps_its_secret() {
        let s = Settings::from_sources(None, &env(&BUCKET)).unwrap();
        let s3 = s.s3.as_ref().unwrap();
        assert_eq!(s3.endpoint, "http://127.0.0.1:9000");
        assert_eq!(s3.region, "us-east-1");
        assert_eq!(s3.prefix, "exports/");
        assert_eq!(s3.secret_access_key.expose(), "bucket-secret-do-not-log");
        assert!(!format!("{s:?}").contains("bucket-secret"));
        assert!(
            Settings::from_sources(None, &env(&BUCKET[..1]))
                .unwrap()
                .s3
                .is_none()
        );

        // Any partial set is refused, naming what is missing.
        let err = Settings::from_sources(None, &env(&BUCKET[..3]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("missing: HISAAB_S3_ACCESS_KEY_ID, HISAAB_S3_SECRET_ACCESS_KEY"),
            "{err}"
        );
        for alone in ["HISAAB_S3_REGION", "HISAAB_S3_PREFIX"] {
            let err = Settings::from_sources(None, &env(&[("HISAAB_ENV", "dev"), (alone, "x/")]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("missing: HISAAB_S3_ENDPOINT, HISAAB_S3_BUCKET"),
                "{err}"
            );
        }
        let mut bad = env(&BUCKET);
        bad.insert("HISAAB_S3_ENDPOINT".into(), "127.0.0.1:9000".into());
        let err = Settings::from_sources(None, &bad).unwrap_err().to_string();
        assert!(err.contains("HISAAB_S3_ENDPOINT must start with http"), "{err}");
        let mut custom = env(&BUCKET);
        custom.insert("HISAAB_S3_REGION".into(), "eu-central-1".into());
        custom.insert("HISAAB_S3_PREFIX".into(), "".into());
        let s3 = Settings::from_sources(None, &custom).unwrap().s3.unwrap();
        assert_eq!((s3.region.as_str(), s3.prefix.as_str()), ("eu-central-1", ""));
    }

    #[test]
    fn admin_console_stays_on_loopback_unless_allowed() {
        let err = Settings::from_sources(
            None,
            &env(&[("HISAAB_ENV", "dev"), ("HISAAB_ADMIN_ADDR", "0.0.0.0:8001")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("HISAAB_ADMIN_ALLOW_REMOTE"));
    }
}
