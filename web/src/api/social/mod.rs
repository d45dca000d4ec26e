//! `/api/v1/social`: contacts, peer debts, expense groups, group expenses,
//! balances, plans and settlements. Handlers parse, call one service function
//! and build the wire types defined beside them.

mod contact_groups;
mod contacts;
mod debts;
mod expenses;
mod groups;
mod invitations;
mod settlements;

use hisaab_service::money::Money;
use poem_openapi::{Object, Tags};

pub type Apis = (
    contacts::ContactsApi,
    debts::DebtsApi,
    groups::GroupsApi,
    expenses::ExpensesApi,
    settlements::SettlementsApi,
    invitations::InvitationsApi,
    contact_groups::ContactGroupsApi,
);

pub fn apis() -> Apis {
    (
        contacts::ContactsApi,
        debts::DebtsApi,
        groups::GroupsApi,
        expenses::ExpensesApi,
        settlements::SettlementsApi,
        invitations::InvitationsApi,
        contact_groups::ContactGroupsApi,
    )
}

#[derive(Tags)]
enum SocialTags {
    /// People you share money with.
    Contacts,
    /// IOUs: "I lent" and "I borrowed", settled in parts.
    PeerDebts,
    /// Expense groups and their members.
    ExpenseGroups,
    /// Group expenses, split every way.
    GroupExpenses,
    /// Balances, settle-up plans and settlements.
    Settlements,
    /// Invitations and sharing with registered users.
    Invitations,
}

/// An amount of money. `amount` has exactly the currency's decimals.
#[derive(Object, Clone, Debug)]
pub struct Amount {
    /// Decimal string, e.g. `"12.50"`; negative when you owe.
    pub amount: String,
    /// ISO 4217 code.
    pub currency: String,
}

impl From<Money> for Amount {
    fn from(m: Money) -> Self {
        Self {
            amount: m.to_string(),
            currency: m.currency().code().to_string(),
        }
    }
}

/// A balance with a contact, in words as well as a sign.
#[derive(Object, Clone, Debug)]
pub struct SignedAmount {
    /// Positive: you are owed; negative: you owe.
    pub amount: String,
    pub currency: String,
    /// `you_are_owed`, `you_owe` or `settled`.
    pub direction: String,
}

impl From<Money> for SignedAmount {
    fn from(m: Money) -> Self {
        let direction = if m.is_positive() {
            "you_are_owed"
        } else if m.is_zero() {
            "settled"
        } else {
            "you_owe"
        };
        Self {
            amount: m.to_string(),
            currency: m.currency().code().to_string(),
            direction: direction.into(),
        }
    }
}

pub fn date(d: time::Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&format).unwrap_or_default()
}

pub fn instant(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
