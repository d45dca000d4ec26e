//! Every kind of notification, said once: its event type (the SSE `event:`
//! name), what a person calls it, the category it is grouped (and, by email,
//! unsubscribed) under, and its default channels.
//!
//! Defaults (issue 12): in-app for everything; email for what someone else
//! did that concerns you: an expense added, changed or deleted in a shared
//! group, a payment recorded with you, an IOU shared with you, an
//! invitation. Your own actions are never emailed, whatever the preference;
//! kinds that only ever tell you about your own actions (your finances, your
//! contacts, a group you created) have no email channel at all.
//!
//! | category | kinds | email by default |
//! |---|---|---|
//! | expenses | `expense.added`, `.changed`, `.deleted`, `.restored` | added, changed, deleted |
//! | payments | `settlement.recorded`, `.deleted`, `.restored` | recorded |
//! | ious | `debt.recorded`, `.changed`, `.corrected`, `.deleted`, `.restored`, `.reminder`, `.reminder_sent` | recorded, reminder, reminder_sent |
//! | groups | `group.created`, `.changed`, `.member_added`, `.member_left`, `.member_removed` | — |
//! | sharing | `contact.created`, `.changed`, `.unlinked`, `invitation.sent`, `.accepted`, `.declined` | sent |
//! | finance | accounts, transactions, transfers, loans, assets, liabilities | — (your own only) |

/// A group of kinds: a heading on the preferences page, and what one
/// unsubscribe link turns off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    Expenses,
    Payments,
    Ious,
    Groups,
    Sharing,
    Finance,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Expenses,
        Category::Payments,
        Category::Ious,
        Category::Groups,
        Category::Sharing,
        Category::Finance,
    ];

    /// The stable name (API, unsubscribe links).
    pub fn name(self) -> &'static str {
        match self {
            Category::Expenses => "expenses",
            Category::Payments => "payments",
            Category::Ious => "ious",
            Category::Groups => "groups",
            Category::Sharing => "sharing",
            Category::Finance => "finance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Expenses => "Group expenses",
            Category::Payments => "Payments",
            Category::Ious => "IOUs",
            Category::Groups => "Groups",
            Category::Sharing => "Contacts and sharing",
            Category::Finance => "Your finances",
        }
    }

    /// The catalogue message for [`Category::label`] (its English text).
    pub fn label_id(self) -> &'static str {
        match self {
            Category::Expenses => "ntf-category-expenses",
            Category::Payments => "ntf-category-payments",
            Category::Ious => "ntf-category-ious",
            Category::Groups => "ntf-category-groups",
            Category::Sharing => "ntf-category-sharing",
            Category::Finance => "ntf-category-finance",
        }
    }

    /// The label in the reader's language.
    pub fn label_in(self, locale: Locale) -> String {
        crate::i18n::tr(locale, self.label_id())
    }

    pub fn parse(name: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The kinds in this category, in catalogue order.
    pub fn kinds(self) -> impl Iterator<Item = &'static Kind> {
        KINDS.iter().filter(move |k| k.category == self)
    }
}

/// One kind of notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    pub event_type: &'static str,
    /// What a person calls it ("An expense is added").
    pub label: &'static str,
    pub category: Category,
    /// Sent by email unless the person says otherwise (never for their own actions).
    pub email_by_default: bool,
    /// Whether it can ever concern someone other than the person acting;
    /// kinds that cannot have no email channel.
    pub about_others: bool,
}

impl Kind {
    /// The label in the reader's language (the catalogue's `ntf-kind-…`).
    pub fn label_in(&self, locale: Locale) -> String {
        label_id(self.event_type).map_or_else(|| self.label.to_string(), |id| crate::i18n::tr(locale, id))
    }
}

/// The catalogue message for a kind's label (its English text is `label`).
fn label_id(event_type: &str) -> Option<&'static str> {
    Some(match event_type {
        "expense.added" => "ntf-kind-expense-added",
        "expense.changed" => "ntf-kind-expense-changed",
        "expense.deleted" => "ntf-kind-expense-deleted",
        "expense.restored" => "ntf-kind-expense-restored",
        "settlement.recorded" => "ntf-kind-settlement-recorded",
        "settlement.deleted" => "ntf-kind-settlement-deleted",
        "settlement.restored" => "ntf-kind-settlement-restored",
        "debt.recorded" => "ntf-kind-debt-recorded",
        "debt.changed" => "ntf-kind-debt-changed",
        "debt.corrected" => "ntf-kind-debt-corrected",
        "debt.deleted" => "ntf-kind-debt-deleted",
        "debt.restored" => "ntf-kind-debt-restored",
        "debt.reminder" => "ntf-kind-debt-reminder",
        "debt.reminder_sent" => "ntf-kind-debt-reminder-sent",
        "group.created" => "ntf-kind-group-created",
        "group.changed" => "ntf-kind-group-changed",
        "group.member_added" => "ntf-kind-member-added",
        "group.member_left" => "ntf-kind-member-left",
        "group.member_removed" => "ntf-kind-member-removed",
        "invitation.sent" => "ntf-kind-invitation-sent",
        "invitation.accepted" => "ntf-kind-invitation-accepted",
        "invitation.declined" => "ntf-kind-invitation-declined",
        "contact.unlinked" => "ntf-kind-contact-unlinked",
        "contact.created" => "ntf-kind-contact-created",
        "contact.changed" => "ntf-kind-contact-changed",
        "account.created" => "ntf-kind-account-created",
        "transaction.recorded" => "ntf-kind-transaction-recorded",
        "transaction.reversed" => "ntf-kind-transaction-reversed",
        "transfer.recorded" => "ntf-kind-transfer-recorded",
        "loan.created" => "ntf-kind-loan-created",
        "loan.payment_recorded" => "ntf-kind-loan-payment-recorded",
        "asset.created" => "ntf-kind-asset-created",
        "asset.valued" => "ntf-kind-asset-valued",
        "liability.created" => "ntf-kind-liability-created",
        "liability.balance_recorded" => "ntf-kind-liability-balance-recorded",
        _ => return None,
    })
}

const fn kind(
    event_type: &'static str,
    label: &'static str,
    category: Category,
    email_by_default: bool,
    about_others: bool,
) -> Kind {
    Kind {
        event_type,
        label,
        category,
        email_by_default,
        about_others,
    }
}

use crate::i18n::Locale;
use Category::*;

/// Every kind, in the order the preferences page lists them.
pub const KINDS: &[Kind] = &[
    kind("expense.added", "An expense is added", Expenses, true, true),
    kind("expense.changed", "An expense is changed", Expenses, true, true),
    kind("expense.deleted", "An expense is deleted", Expenses, true, true),
    kind(
        "expense.restored",
        "A deleted expense is restored",
        Expenses,
        false,
        true,
    ),
    kind(
        "settlement.recorded",
        "A payment is recorded",
        Payments,
        true,
        true,
    ),
    kind(
        "settlement.deleted",
        "A payment is deleted",
        Payments,
        false,
        true,
    ),
    kind(
        "settlement.restored",
        "A deleted payment is restored",
        Payments,
        false,
        true,
    ),
    kind("debt.recorded", "An IOU is recorded", Ious, true, true),
    kind("debt.changed", "An IOU's details are changed", Ious, false, true),
    kind("debt.corrected", "An IOU is corrected", Ious, false, true),
    kind("debt.deleted", "An IOU is deleted", Ious, false, true),
    kind("debt.restored", "A deleted IOU is restored", Ious, false, true),
    kind(
        "debt.reminder",
        "An IOU is due, and weekly while it is overdue",
        Ious,
        true,
        true,
    ),
    kind(
        "debt.reminder_sent",
        "Someone reminds you of an IOU",
        Ious,
        true,
        true,
    ),
    kind("group.created", "You create a group", Groups, false, false),
    kind("group.changed", "A group's settings change", Groups, false, true),
    kind("group.member_added", "Someone joins a group", Groups, false, true),
    kind("group.member_left", "Someone leaves a group", Groups, false, true),
    kind(
        "group.member_removed",
        "Someone is removed from a group",
        Groups,
        false,
        true,
    ),
    kind(
        "invitation.sent",
        "An invitation to share is sent",
        Sharing,
        true,
        true,
    ),
    kind(
        "invitation.accepted",
        "An invitation is accepted",
        Sharing,
        false,
        true,
    ),
    kind(
        "invitation.declined",
        "An invitation is declined",
        Sharing,
        false,
        true,
    ),
    kind(
        "contact.unlinked",
        "Sharing with a contact stops",
        Sharing,
        false,
        true,
    ),
    kind("contact.created", "You add a contact", Sharing, false, false),
    kind("contact.changed", "You change a contact", Sharing, false, false),
    kind("account.created", "You open an account", Finance, false, false),
    kind(
        "transaction.recorded",
        "You record a transaction",
        Finance,
        false,
        false,
    ),
    kind(
        "transaction.reversed",
        "You reverse a transaction",
        Finance,
        false,
        false,
    ),
    kind(
        "transfer.recorded",
        "You record a transfer",
        Finance,
        false,
        false,
    ),
    kind("loan.created", "You add a loan", Finance, false, false),
    kind(
        "loan.payment_recorded",
        "You record a loan payment",
        Finance,
        false,
        false,
    ),
    kind("asset.created", "You add an asset", Finance, false, false),
    kind("asset.valued", "You value an asset", Finance, false, false),
    kind("liability.created", "You add a liability", Finance, false, false),
    kind(
        "liability.balance_recorded",
        "You record a liability's balance",
        Finance,
        false,
        false,
    ),
];

/// The kind with this event type.
pub fn find(event_type: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.event_type == event_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_event_a_stream_carries_is_in_the_catalogue_once() {
        let catalogue: BTreeSet<&str> = KINDS.iter().map(|k| k.event_type).collect();
        assert_eq!(catalogue.len(), KINDS.len(), "a kind is listed twice");
        let streamed: BTreeSet<&str> = crate::realtime::EVENT_TYPES.iter().copied().collect();
        assert!(
            streamed.is_subset(&catalogue),
            "not in the catalogue: {:?}",
            streamed.difference(&catalogue).collect::<Vec<_>>()
        );
    }

    #[test]
    fn email_defaults_follow_the_issue() {
        let emailed: Vec<&str> = KINDS
            .iter()
            .filter(|k| k.email_by_default)
            .map(|k| k.event_type)
            .collect();
        assert_eq!(
            emailed,
            [
                "expense.added",
                "expense.changed",
                "expense.deleted",
                "settlement.recorded",
                "debt.recorded",
                "debt.reminder",
                "debt.reminder_sent",
                "invitation.sent"
            ]
        );
        assert!(KINDS.iter().all(|k| k.about_others || !k.email_by_default));
        for c in Category::ALL {
            assert_eq!(Category::parse(c.name()), Some(c));
            assert!(c.kinds().count() > 0);
        }
    }

    #[test]
    fn every_label_is_in_the_catalogue_in_the_same_words() {
        for c in Category::ALL {
            assert_eq!(c.label_in(Locale::En), c.label(), "{}", c.name());
            assert_ne!(c.label_in(Locale::Hi), c.label(), "{}", c.name());
        }
        for k in KINDS {
            assert!(label_id(k.event_type).is_some(), "{}", k.event_type);
            assert_eq!(k.label_in(Locale::En), k.label, "{}", k.event_type);
            assert_ne!(k.label_in(Locale::Hi), k.label, "{}", k.event_type);
        }
    }
}
