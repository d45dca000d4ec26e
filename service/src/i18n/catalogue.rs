//! The one message catalogue: `locales/<lang>/<file>.ftl`, compiled into
//! the binary and parsed once. Every person-facing string of the translated
//! pages, emails and problem titles is a message here, in every catalogue
//! (a test checks both directions: ids used exist, ids defined are used).

use super::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The catalogue's files, one per area; each locale has all of them.
pub const FILES: &[&str] = &[
    "common",
    "auth",
    "settings",
    "home",
    "problems",
    "email",
    "service",
    "finance",
    "service-finance",
    "social",
    "service-social",
    "rest",
    "service-rest",
];

/// `(locale, file, source)` for every catalogue file, compiled in. A new
/// file is one line per locale here (and its name in [`FILES`]); its
/// messages join the locale's one bundle, so ids must be unique across files
/// (each area prefixes its own).
const SOURCES: &[(Locale, &str, &str)] = &[
    (
        Locale::En,
        "common",
        include_str!("../../../locales/en/common.ftl"),
    ),
    (Locale::En, "auth", include_str!("../../../locales/en/auth.ftl")),
    (
        Locale::En,
        "settings",
        include_str!("../../../locales/en/settings.ftl"),
    ),
    (Locale::En, "home", include_str!("../../../locales/en/home.ftl")),
    (
        Locale::En,
        "problems",
        include_str!("../../../locales/en/problems.ftl"),
    ),
    (Locale::En, "email", include_str!("../../../locales/en/email.ftl")),
    (
        Locale::En,
        "service",
        include_str!("../../../locales/en/service.ftl"),
    ),
    (Locale::En, "rest", include_str!("../../../locales/en/rest.ftl")),
    (
        Locale::En,
        "service-rest",
        include_str!("../../../locales/en/service-rest.ftl"),
    ),
    (
        Locale::En,
        "finance",
        include_str!("../../../locales/en/finance.ftl"),
    ),
    (
        Locale::En,
        "service-finance",
        include_str!("../../../locales/en/service-finance.ftl"),
    ),
    (
        Locale::En,
        "social",
        include_str!("../../../locales/en/social.ftl"),
    ),
    (
        Locale::En,
        "service-social",
        include_str!("../../../locales/en/service-social.ftl"),
    ),
    (
        Locale::Hi,
        "common",
        include_str!("../../../locales/hi/common.ftl"),
    ),
    (Locale::Hi, "auth", include_str!("../../../locales/hi/auth.ftl")),
    (
        Locale::Hi,
        "settings",
        include_str!("../../../locales/hi/settings.ftl"),
    ),
    (Locale::Hi, "home", include_str!("../../../locales/hi/home.ftl")),
    (
        Locale::Hi,
        "problems",
        include_str!("../../../locales/hi/problems.ftl"),
    ),
    (Locale::Hi, "email", include_str!("../../../locales/hi/email.ftl")),
    (
        Locale::Hi,
        "service",
        include_str!("../../../locales/hi/service.ftl"),
    ),
    (
        Locale::Hi,
        "finance",
        include_str!("../../../locales/hi/finance.ftl"),
    ),
    (
        Locale::Hi,
        "service-finance",
        include_str!("../../../locales/hi/service-finance.ftl"),
    ),
    (
        Locale::Hi,
        "social",
        include_str!("../../../locales/hi/social.ftl"),
    ),
    (
        Locale::Hi,
        "service-social",
        include_str!("../../../locales/hi/service-social.ftl"),
    ),
    (Locale::Hi, "rest", include_str!("../../../locales/hi/rest.ftl")),
    (
        Locale::Hi,
        "service-rest",
        include_str!("../../../locales/hi/service-rest.ftl"),
    ),
];

/// Service messages (ids `svc-…`, in `service.ftl` and each area's
/// `service-<area>.ftl`: any file) are keyed by their English text: the
/// service still writes English, and the web layer swaps in the person's
/// language where the catalogue has the sentence (ADR 0031).
const SERVICE_PREFIX: &str = "svc-";

struct Catalogue {
    en: FluentBundle<FluentResource>,
    hi: FluentBundle<FluentResource>,
    /// English text of each `svc-` message → its id.
    service_ids: HashMap<String, String>,
}

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let lang = locale.tag().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks around arguments: the text goes into HTML
    // attributes, subjects and JSON where invisible characters surprise.
    bundle.set_use_isolating(false);
    for (l, file, source) in SOURCES {
        if *l != locale {
            continue;
        }
        // A file that does not parse keeps the messages that did; the
        // catalogue test fails on any parse error, so none ships.
        let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, errors)| {
            tracing::error!(?errors, locale = locale.tag(), file, "catalogue file has errors");
            r
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                ?errors,
                locale = locale.tag(),
                file,
                "catalogue file overrides messages"
            );
        }
    }
    bundle
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let en = bundle(Locale::En);
    let service_ids = message_ids(Locale::En)
        .into_iter()
        .filter(|id| id.starts_with(SERVICE_PREFIX))
        .filter_map(|id| format(&en, &id, None).map(|text| (text, id)))
        .collect();
    Catalogue {
        en,
        hi: bundle(Locale::Hi),
        service_ids,
    }
});

/// Arguments for a message (`{ $name }`): strings or numbers.
pub type Args<'a> = FluentArgs<'a>;

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(?errors, id, "message formatted with errors");
    }
    Some(text.into_owned())
}

/// The message `id` in `locale`, with arguments. A message missing from the
/// locale's catalogue falls back to English, and one missing everywhere is
/// its own id (visible, and caught by the catalogue test before it ships).
pub fn tr_args(locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
    let c = &*CATALOGUE;
    let own = match locale.catalogue() {
        Locale::Hi => format(&c.hi, id, args),
        _ => None,
    };
    own.or_else(|| format(&c.en, id, args)).unwrap_or_else(|| {
        tracing::warn!(id, locale = locale.tag(), "no such message");
        id.to_string()
    })
}

/// The message `id` in `locale`, without arguments.
pub fn tr(locale: Locale, id: &str) -> String {
    tr_args(locale, id, None)
}

/// A message the service wrote in English, in `locale` when the catalogue
/// has that sentence (`service.ftl`); otherwise as it came.
pub fn translate_service_message(locale: Locale, english: &str) -> String {
    if locale.catalogue() == Locale::En {
        return english.to_string();
    }
    match CATALOGUE.service_ids.get(english) {
        Some(id) => tr(locale, id),
        None => english.to_string(),
    }
}

/// Whether the catalogue of `locale` defines `id` itself (no fallback).
pub fn has_message(locale: Locale, id: &str) -> bool {
    let c = &*CATALOGUE;
    match locale.catalogue() {
        Locale::Hi => c.hi.has_message(id),
        _ => c.en.has_message(id),
    }
}

/// Every message id a locale's catalogue defines (for the catalogue tests).
pub fn message_ids(locale: Locale) -> Vec<String> {
    SOURCES
        .iter()
        .filter(|(l, _, _)| *l == locale.catalogue())
        .flat_map(|(_, _, source)| source.lines())
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let starts = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            (starts
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| id.to_string())
        })
        .collect()
}

/// Parse errors in any catalogue file, as `locale/file: error` (for the tests).
pub fn parse_errors() -> Vec<String> {
    SOURCES
        .iter()
        .filter_map(|(l, file, source)| {
            FluentResource::try_new((*source).to_string())
                .err()
                .map(|(_, errors)| format!("{}/{file}: {errors:?}", l.tag()))
        })
        .collect()
}

/// A number argument for a message (plural rules pick the form).
pub fn number(n: i64) -> FluentValue<'static> {
    FluentValue::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// Every quoted id after `t(` in templates (`t("nav-home"`) and after
    /// `t(`/`tr(locale, ` in Rust (`ctx.t("title-profile")`,
    /// `i18n::tr(locale, "problem-…")`).
    fn ids_used() -> BTreeSet<String> {
        let mut files = Vec::new();
        files_under(&root().join("templates"), "html", &mut files);
        files_under(&root().join("templates"), "txt", &mut files);
        for dir in ["service/src", "web/src", "web/kit/src", "admin/src", "worker/src"] {
            files_under(&root().join(dir), "rs", &mut files);
        }
        let mut used = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Comments only talk about ids.
            let text: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for (start, _) in text
                .match_indices("t(\"")
                .chain(text.match_indices("t(locale, \""))
            {
                // `t(` itself, not the end of `get(` or `set(`.
                let before = text[..start].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[start..];
                let Some(open) = rest.find('"') else { continue };
                let id: String = rest[open + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if rest[open + 1 + id.len()..].starts_with('"') && id.contains('-') {
                    used.insert(id);
                }
            }
            // Ids held in a match (problem titles): quoted strings that name one.
            for id in message_ids(Locale::En) {
                if text.contains(&format!("\"{id}\"")) {
                    used.insert(id);
                }
            }
        }
        used
    }

    #[test]
    fn every_file_parses() {
        assert_eq!(parse_errors(), Vec::<String>::new());
    }

    #[test]
    fn every_locale_has_every_message_and_no_other() {
        let en: BTreeSet<_> = message_ids(Locale::En).into_iter().collect();
        let hi: BTreeSet<_> = message_ids(Locale::Hi).into_iter().collect();
        assert!(en.len() > 100, "{} messages", en.len());
        assert_eq!(
            en.difference(&hi).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in hi"
        );
        assert_eq!(
            hi.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "only in hi"
        );
        for id in &en {
            assert!(has_message(Locale::En, id) && has_message(Locale::Hi, id), "{id}");
        }
    }

    #[test]
    fn every_id_is_defined_once() {
        // A second definition (in another file) is dropped when the bundle
        // is built: the page would show the first one's text.
        for locale in [Locale::En, Locale::Hi] {
            let mut seen = BTreeSet::new();
            let twice: Vec<_> = message_ids(locale)
                .into_iter()
                .filter(|id| !seen.insert(id.clone()))
                .collect();
            assert!(twice.is_empty(), "{}: defined twice: {twice:?}", locale.tag());
        }
    }

    #[test]
    fn every_id_used_exists_and_every_id_defined_is_used() {
        let defined: BTreeSet<_> = message_ids(Locale::En).into_iter().collect();
        let used = ids_used();
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "used but not in the catalogue: {missing:?}");
        // `svc-` messages are found by their English text, not their id.
        let unused: Vec<_> = defined
            .difference(&used)
            .filter(|id| !id.starts_with(SERVICE_PREFIX))
            .collect();
        assert!(unused.is_empty(), "in the catalogue but used nowhere: {unused:?}");
    }

    #[test]
    fn hindi_is_written_in_devanagari() {
        // A message left in English in hi.ftl is a translation not done:
        // every Hindi message has Devanagari in it, or is only names,
        // codes and punctuation.
        let devanagari = |s: &str| s.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c));
        // `set-import-kind-count` is a number and a kind's name, both given.
        let exempt = ["full-stop", "nav-main-label", "set-import-kind-count"];
        for id in message_ids(Locale::Hi) {
            let mut args = FluentArgs::new();
            for name in ["name", "email", "app", "time"] {
                args.set(name, "X");
            }
            args.set("count", number(2));
            args.set("minutes", number(2));
            let text = tr_args(Locale::Hi, &id, Some(&args));
            assert!(devanagari(&text) || exempt.contains(&id.as_str()), "{id}: {text}");
        }
    }

    #[test]
    fn arguments_and_plurals() {
        let mut args = FluentArgs::new();
        args.set("count", number(1));
        assert_eq!(
            tr_args(Locale::En, "home-active-sessions", Some(&args)),
            "active session"
        );
        args.set("count", number(3));
        assert_eq!(
            tr_args(Locale::En, "home-active-sessions", Some(&args)),
            "active sessions"
        );
        assert_eq!(
            tr_args(Locale::Hi, "home-active-sessions", Some(&args)),
            "सक्रिय सत्र"
        );
        let mut args = FluentArgs::new();
        args.set("name", "Asha");
        assert_eq!(tr_args(Locale::Hi, "home-greeting", Some(&args)), "नमस्ते, Asha");
        assert_eq!(tr_args(Locale::EnIn, "home-greeting", Some(&args)), "Hi, Asha");
        assert_eq!(tr(Locale::Hi, "no-such-message"), "no-such-message");
    }

    #[test]
    fn service_messages_come_from_every_file() {
        // An area's own file (`service-rest.ftl`), not only `service.ftl`.
        assert_eq!(
            translate_service_message(Locale::Hi, "That session was signed out."),
            "उस सत्र से साइन आउट कर दिया गया।"
        );
        // Every `svc-` message of every file is in the lookup: none is lost
        // to another with the same English text.
        let defined: BTreeSet<String> = message_ids(Locale::En)
            .into_iter()
            .filter(|id| id.starts_with(SERVICE_PREFIX))
            .collect();
        let looked_up: BTreeSet<String> = CATALOGUE.service_ids.values().cloned().collect();
        assert_eq!(defined, looked_up);
        let files: BTreeSet<&str> = SOURCES
            .iter()
            .filter(|(_, _, source)| source.lines().any(|l| l.starts_with(SERVICE_PREFIX)))
            .map(|(_, file, _)| *file)
            .collect();
        assert!(
            files.contains("service") && files.contains("service-rest"),
            "{files:?}"
        );
    }

    #[test]
    fn service_messages_are_found_by_their_english_text() {
        assert_eq!(
            translate_service_message(Locale::Hi, crate::identity::LOCALE_INVALID),
            "दी गई भाषाओं में से एक चुनें: en, en-IN या hi।"
        );
        assert_eq!(
            translate_service_message(Locale::Hi, "The email or password is not right."),
            "ईमेल या पासवर्ड सही नहीं है।"
        );
        assert_eq!(
            translate_service_message(Locale::Hi, "Not in the catalogue."),
            "Not in the catalogue."
        );
        assert_eq!(
            translate_service_message(Locale::En, "The email or password is not right."),
            "The email or password is not right."
        );
    }

    #[test]
    fn every_area_file_feeds_the_service_message_lookup() {
        // `service-finance.ftl`, not `service.ftl`: each area's file counts.
        assert_eq!(
            translate_service_message(Locale::Hi, "Choose one of your accounts."),
            "अपने खातों में से एक चुनें।"
        );
        assert_eq!(
            translate_service_message(Locale::Hi, "Base currency changed: totals are shown in it now."),
            "मूल मुद्रा बदल दी गई: कुल रकम अब इसी में दिखती है।"
        );
        // Every `svc-` message of every file, found by its English text.
        for id in message_ids(Locale::En)
            .iter()
            .filter(|id| id.starts_with(SERVICE_PREFIX))
        {
            let english = tr(Locale::En, id);
            assert_eq!(
                translate_service_message(Locale::Hi, &english),
                tr(Locale::Hi, id),
                "{id}: {english}"
            );
        }
        // `service-social.ftl`, not `service.ftl`: a field error and a flash.
        assert_eq!(
            translate_service_message(Locale::Hi, "Choose a member of this group."),
            "इस समूह का कोई सदस्य चुनें।"
        );
        assert_eq!(
            translate_service_message(Locale::Hi, "Contact saved."),
            "संपर्क सहेज लिया गया।"
        );
        // No English text is claimed by two `svc-` messages (one would be
        // shadowed, and its translation never shown).
        let mut seen = std::collections::HashMap::new();
        for id in message_ids(Locale::En)
            .into_iter()
            .filter(|id| id.starts_with(SERVICE_PREFIX))
        {
            let text = tr(Locale::En, &id);
            if let Some(other) = seen.insert(text.clone(), id.clone()) {
                panic!("{other} and {id} are both {text:?}");
            }
        }
    }
}
