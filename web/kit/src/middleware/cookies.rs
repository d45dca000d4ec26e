//! Reading and writing cookies with the flags this app always wants.

use poem::Request;
use poem::http::header;

/// Cookie names: `__Host-` (Secure, host-only, path=/) unless dev allows
/// insecure cookies, in which case browsers would reject the prefix.
pub fn name(secure: bool, base: &str) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

pub fn get(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure when `secure`.
pub fn set(name: &str, value: &str, max_age_secs: Option<i64>, secure: bool) -> String {
    set_same_site(name, value, max_age_secs, secure, "Lax")
}

/// As `set`, with SameSite `Strict` or `Lax` (the admin console uses Strict).
pub fn set_same_site(
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
    secure: bool,
    same_site: &str,
) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    cookie
}

pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", Some(0), secure)
}
