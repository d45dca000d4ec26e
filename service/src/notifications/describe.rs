//! What a notification says and where it leads, from its type and data as
//! seen by the person reading it.
//!
//! The facts ([`Notice`]) are gathered here; the sentence is worded in
//! `templates/shared/notification_title.txt` from them ("Asha added “Dinner”
//! (₹1,200.00) in Goa trip", "You recorded an IOU: Meera owes you $25.00"),
//! so every surface (the centre, the API, emails) says the same thing and
//! the wording lives with the other templates. Events written before a field
//! existed simply leave it out of the sentence.
//!
//! Two facts depend on who reads: `by_you` (they did it) and, for records
//! kept against a contact, `yours` (the contact is in their own tenant: they
//! own the IOU) versus shared with them. Those are read for a whole page at
//! once: the actors' names in one query, the contacts in another.

use super::catalogue;
use crate::Actor;
use crate::db::{get, query_all};
use crate::error::Result;
use crate::i18n::Locale;
use crate::templating::Templates;
use hisaab_entity::notification;
use sea_orm::{ConnectionTrait, Value};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};

/// The facts a title is worded from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The event type.
    pub kind: String,
    /// The catalogue's label, for a kind the title template does not know.
    pub label: String,
    /// The reader did it.
    pub by_you: bool,
    /// Who did it (their display name), when someone else did.
    pub actor: Option<String>,
    /// What it is about: an expense's description, a group, contact,
    /// account or member name, a loan's counterparty.
    pub subject: Option<String>,
    /// The amount as a plain decimal string, with its currency.
    pub amount: Option<String>,
    pub currency: Option<String>,
    /// The group it happened in.
    pub group: Option<String>,
    /// The contact, as the IOU's owner calls them.
    pub contact: Option<String>,
    /// The record is kept in the reader's own books (not shared with them).
    pub yours: bool,
    /// The reader is the member or contact it is about (added to or removed
    /// from a group).
    pub about_you: bool,
    /// An IOU's direction from the reader's side: `lent` or `borrowed`.
    pub direction: Option<String>,
    /// A transaction's flow: `income` or `expense`.
    pub flow: Option<String>,
    /// A contact was archived (`contact.changed`).
    pub archived: bool,
}

/// A notification with what it says and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct NotificationItem {
    pub id: hisaab_entity::NotificationId,
    pub event_type: String,
    pub data: Json,
    pub created_at: time::OffsetDateTime,
    pub read_at: Option<time::OffsetDateTime>,
    /// The user id of who did it (`None` for events from before it was
    /// recorded, or with nobody signed in).
    pub actor_id: Option<uuid::Uuid>,
    pub notice: Notice,
    /// A path in the web app: the group, contact, account… it is about.
    pub link: String,
}

impl NotificationItem {
    /// The sentence a person reads (see the module doc), in English.
    pub fn title(&self, templates: &Templates) -> String {
        title(templates, &self.notice)
    }

    /// The sentence in the reader's language.
    pub fn title_in(&self, templates: &Templates, locale: Locale) -> String {
        title_in(templates, &self.notice, locale)
    }
}

/// Words `notice` with `shared/notification_title.txt`, in English.
pub fn title(templates: &Templates, notice: &Notice) -> String {
    title_in(templates, notice, Locale::En)
}

/// Words `notice` in `locale` (the template's sentences are catalogue
/// messages); the kind's label if the template fails (it is tested for
/// every kind, so that is a bug logged).
pub fn title_in(templates: &Templates, notice: &Notice, locale: Locale) -> String {
    let label = catalogue::find(&notice.kind).map_or_else(|| notice.label.clone(), |k| k.label_in(locale));
    let mut context = serde_json::to_value(notice).unwrap_or_default();
    if let Some(map) = context.as_object_mut() {
        map.insert("locale".into(), Json::String(locale.tag().into()));
        map.insert("label".into(), Json::String(label.clone()));
    }
    match templates.render("shared/notification_title.txt", context) {
        Ok(text) => text.trim().to_string(),
        Err(e) => {
            tracing::error!(error = %e, kind = %notice.kind, "notification title failed");
            label
        }
    }
}

fn text(data: &Json, key: &str) -> Option<String> {
    data.get(key)
        .and_then(Json::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

fn id(data: &Json, key: &str) -> Option<uuid::Uuid> {
    data.get(key)
        .and_then(Json::as_str)
        .and_then(|s| uuid::Uuid::parse_str(s).ok())
}

/// Who did it, from the data (`actor_id`, added to every event by `Effects`).
pub fn actor_of(data: &Json) -> Option<uuid::Uuid> {
    id(data, "actor_id")
}

/// The contact a record is kept against, for kinds kept against one.
fn contact_of(event_type: &str, data: &Json) -> Option<uuid::Uuid> {
    match event_type {
        "contact.created" | "contact.changed" => id(data, "id"),
        _ => id(data, "contact_id"),
    }
}

/// A contact as the reader's page needs it.
struct ContactFacts {
    /// In the reader's own tenant.
    yours: bool,
    /// Linked to the reader.
    linked_to_you: bool,
}

/// Describes `rows` for `viewer`: two queries for the whole lot (actors'
/// names, contacts), none per row.
pub(crate) async fn describe_all<C: ConnectionTrait>(
    db: &C,
    viewer: &Actor,
    rows: Vec<notification::Model>,
) -> Result<Vec<NotificationItem>> {
    let parsed: Vec<(notification::Model, Json)> = rows
        .into_iter()
        .map(|n| {
            let data = serde_json::from_str(&n.data).unwrap_or(Json::Null);
            (n, data)
        })
        .collect();
    let actors: HashSet<uuid::Uuid> = parsed
        .iter()
        .filter_map(|(_, d)| actor_of(d))
        .filter(|a| *a != viewer.user_id.0)
        .collect();
    let contacts: HashSet<uuid::Uuid> = parsed
        .iter()
        .filter_map(|(n, d)| contact_of(&n.event_type, d))
        .collect();
    let names = display_names(db, &actors).await?;
    let contacts = contact_facts(db, viewer, &contacts).await?;
    Ok(parsed
        .into_iter()
        .map(|(n, data)| describe(viewer, n, data, &names, &contacts))
        .collect())
}

async fn display_names<C: ConnectionTrait>(
    db: &C,
    ids: &HashSet<uuid::Uuid>,
) -> Result<HashMap<uuid::Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (sql, values) = in_list("SELECT id, display_name FROM users WHERE id IN", ids);
    query_all(db, &sql, values)
        .await?
        .iter()
        .map(|r| Ok((get(r, "id")?, get(r, "display_name")?)))
        .collect()
}

async fn contact_facts<C: ConnectionTrait>(
    db: &C,
    viewer: &Actor,
    ids: &HashSet<uuid::Uuid>,
) -> Result<HashMap<uuid::Uuid, ContactFacts>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (sql, values) = in_list(
        "SELECT id, tenant_id, linked_user_id FROM social_contacts WHERE id IN",
        ids,
    );
    query_all(db, &sql, values)
        .await?
        .iter()
        .map(|r| {
            let tenant: uuid::Uuid = get(r, "tenant_id")?;
            let linked: Option<uuid::Uuid> = get(r, "linked_user_id")?;
            Ok((
                get(r, "id")?,
                ContactFacts {
                    yours: tenant == viewer.tenant_id.0,
                    linked_to_you: linked == Some(viewer.user_id.0),
                },
            ))
        })
        .collect()
}

/// `prefix ($1, $2, …)` with the ids as values.
fn in_list(prefix: &str, ids: &HashSet<uuid::Uuid>) -> (String, Vec<Value>) {
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    (
        format!("{prefix} ({})", marks.join(", ")),
        ids.iter().map(|u| Value::from(*u)).collect(),
    )
}

fn describe(
    viewer: &Actor,
    n: notification::Model,
    data: Json,
    names: &HashMap<uuid::Uuid, String>,
    contacts: &HashMap<uuid::Uuid, ContactFacts>,
) -> NotificationItem {
    let kind = catalogue::find(&n.event_type);
    let actor_id = actor_of(&data);
    // Kinds that only ever tell you about your own actions are yours even
    // when written before events named their actor.
    let by_you = actor_id.map_or(kind.is_some_and(|k| !k.about_others), |a| a == viewer.user_id.0);
    let actor = if by_you {
        None
    } else {
        actor_id
            .and_then(|a| names.get(&a).cloned())
            .or_else(|| text(&data, "by"))
    };
    let contact_id = contact_of(&n.event_type, &data);
    let contact = contact_id.and_then(|c| contacts.get(&c));
    let yours = contact.is_none_or(|c| c.yours);
    let about_you = match n.event_type.as_str() {
        "contact.unlinked" => !yours,
        _ => contact.is_some_and(|c| c.linked_to_you),
    };
    let direction = text(&data, "direction").map(|d| match (yours, d.as_str()) {
        (false, "lent") => "borrowed".to_string(),
        (false, "borrowed") => "lent".to_string(),
        _ => d,
    });
    let group = text(&data, "group_name").or_else(|| match n.event_type.as_str() {
        "group.changed" => data.get("after").and_then(|a| text(a, "name")),
        _ => None,
    });
    let subject = ["description", "member_name", "name", "counterparty"]
        .iter()
        .find_map(|k| text(&data, k))
        .or_else(|| match n.event_type.as_str() {
            "contact.unlinked" | "invitation.sent" => text(&data, "contact_name"),
            _ => None,
        });
    let amount = ["amount", "total", "principal", "value", "outstanding"]
        .iter()
        .find_map(|k| text(&data, k));
    let notice = Notice {
        kind: n.event_type.clone(),
        label: kind.map_or_else(|| n.event_type.clone(), |k| k.label.to_string()),
        by_you,
        actor,
        subject,
        currency: amount.as_ref().and_then(|_| text(&data, "currency")),
        amount,
        group,
        contact: text(&data, "contact_name"),
        yours,
        about_you,
        direction,
        flow: n
            .event_type
            .starts_with("transaction.")
            .then(|| text(&data, "kind"))
            .flatten(),
        archived: data.get("archived").and_then(Json::as_bool).unwrap_or(false),
    };
    let link = link(&n.event_type, &data, &notice, contact_id);
    NotificationItem {
        id: n.id,
        event_type: n.event_type,
        data,
        created_at: n.created_at,
        read_at: n.read_at,
        actor_id,
        notice,
        link,
    }
}

/// Where the reader goes to see what changed.
fn link(event_type: &str, data: &Json, notice: &Notice, contact_id: Option<uuid::Uuid>) -> String {
    let group =
        id(data, "group_id").or_else(|| (event_type == "group.created").then(|| id(data, "id")).flatten());
    if let Some(group) = group {
        let gone = matches!(event_type, "group.member_removed" | "group.member_left")
            && (notice.about_you || notice.by_you && event_type == "group.member_left");
        return if gone {
            "/social/groups".into()
        } else {
            format!("/social/groups/{group}")
        };
    }
    if let Some(contact) = contact_id {
        return if notice.yours {
            format!("/social/contacts/{contact}")
        } else if event_type == "contact.unlinked" {
            "/social".into()
        } else {
            // Shared with the reader: invitations and the IOUs shared with
            // them are on one page.
            "/social/invitations".into()
        };
    }
    let finance = |path: &str, key: &str| id(data, key).map(|i| format!("/app/finance/{path}/{i}"));
    let found = match event_type {
        "account.created" => finance("accounts", "account_id"),
        "transaction.recorded" | "transaction.reversed" => finance("transactions", "transaction_id"),
        "transfer.recorded" => finance("accounts", "from_account_id"),
        "loan.created" | "loan.payment_recorded" => finance("loans", "loan_id"),
        "asset.created" | "asset.valued" => finance("assets", "holding_id"),
        "liability.created" | "liability.balance_recorded" => finance("liabilities", "holding_id"),
        "export.ready" => Some("/settings/data".into()),
        _ => None,
    };
    found.unwrap_or_else(|| "/notifications".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: &str) -> Notice {
        Notice {
            kind: kind.into(),
            label: "LABEL".into(),
            ..Notice::default()
        }
    }

    /// The title template knows every kind, with all facts and with none
    /// (an event from before a fact was recorded).
    #[test]
    fn every_kind_has_a_sentence_with_or_without_its_facts() {
        let templates = Templates::new(|_| {});
        for kind in catalogue::KINDS {
            let bare = title(&templates, &notice(kind.event_type));
            assert!(
                !bare.is_empty() && bare != "LABEL",
                "{}: {bare:?}",
                kind.event_type
            );
            // The worker's reminders have no actor: they say what they are.
            let system = kind.event_type == "debt.reminder";
            let (by_someone, by_you) = if system {
                ("Reminder: ", "Reminder: ")
            } else {
                ("Someone", "You ")
            };
            assert!(bare.starts_with(by_someone), "{}: {bare:?}", kind.event_type);
            let full = Notice {
                by_you: true,
                subject: Some("Dinner".into()),
                amount: Some("1200.00".into()),
                currency: Some("INR".into()),
                group: Some("Goa trip".into()),
                contact: Some("Meera".into()),
                yours: true,
                direction: Some("lent".into()),
                flow: Some("expense".into()),
                ..notice(kind.event_type)
            };
            let full = title(&templates, &full);
            assert!(full.starts_with(by_you), "{}: {full:?}", kind.event_type);
            for bad in ["none", "  ", "{", "LABEL"] {
                assert!(
                    !full.contains(bad) && !bare.contains(bad),
                    "{}: {full:?} / {bare:?}",
                    kind.event_type
                );
            }
        }
        assert_eq!(title(&templates, &notice("something.new")), "LABEL");
    }

    /// Every sentence in Hindi too, with all facts and with none: Devanagari,
    /// no placeholder or English word left, the facts (names, amounts) kept.
    #[test]
    fn every_kind_has_a_hindi_sentence() {
        let templates = Templates::new(|_| {});
        let devanagari = |s: &str| s.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c));
        for kind in catalogue::KINDS {
            let bare = title_in(&templates, &notice(kind.event_type), Locale::Hi);
            let full = Notice {
                by_you: false,
                actor: Some("Asha".into()),
                subject: Some("Dinner".into()),
                amount: Some("1200.00".into()),
                currency: Some("INR".into()),
                group: Some("Goa".into()),
                contact: Some("Meera".into()),
                yours: true,
                direction: Some("lent".into()),
                flow: Some("income".into()),
                ..notice(kind.event_type)
            };
            let full = title_in(&templates, &full, Locale::Hi);
            for said in [&bare, &full] {
                assert!(devanagari(said), "{}: {said:?}", kind.event_type);
                let english: Vec<&str> = said
                    .split_whitespace()
                    .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()) && w.len() > 1)
                    .collect();
                assert!(english.is_empty(), "{}: {said:?}", kind.event_type);
                for bad in ["none", "{", "LABEL", "true", "false"] {
                    assert!(!said.contains(bad), "{}: {said:?}", kind.event_type);
                }
            }
            if !matches!(kind.event_type, "debt.reminder" | "export.ready") {
                assert!(full.starts_with("Asha ने "), "{}: {full:?}", kind.event_type);
            }
        }
        let mine = Notice {
            by_you: true,
            subject: Some("Dinner".into()),
            amount: Some("1200.00".into()),
            currency: Some("INR".into()),
            group: Some("Goa trip".into()),
            ..notice("expense.added")
        };
        assert_eq!(
            title_in(&templates, &mine, Locale::Hi),
            "आपने Goa trip में “Dinner” (₹1,200.00) जोड़ा"
        );
        assert_eq!(
            title_in(&templates, &mine, Locale::En),
            "You added “Dinner” (₹1,200.00) in Goa trip"
        );
        // A kind the template does not know: its label, in the language.
        assert_eq!(
            title_in(&templates, &notice("something.new"), Locale::Hi),
            "LABEL"
        );
    }

    #[test]
    fn ious_read_from_the_owners_side_and_the_other() {
        let templates = Templates::new(|_| {});
        let iou = |yours, by_you, direction: &str| Notice {
            by_you,
            actor: Some("Asha".into()),
            amount: Some("25.00".into()),
            currency: Some("USD".into()),
            contact: Some("Meera".into()),
            yours,
            direction: Some(direction.into()),
            ..notice("debt.recorded")
        };
        let said = |n: Notice| title(&templates, &n);
        assert_eq!(
            said(iou(true, true, "lent")),
            "You recorded an IOU: Meera owes you $25.00"
        );
        assert_eq!(
            said(iou(true, true, "borrowed")),
            "You recorded an IOU: you owe Meera $25.00"
        );
        assert_eq!(
            said(iou(false, false, "borrowed")),
            "Asha recorded an IOU: you owe $25.00"
        );
        assert_eq!(
            said(iou(false, false, "lent")),
            "Asha recorded an IOU: you are owed $25.00"
        );
    }
}
