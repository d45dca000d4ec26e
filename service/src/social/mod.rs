//! Social finance: contacts, peer debts (IOUs), expense groups, group
//! expenses split every way, balances, settle-up plans and settlements.
//!
//! Every function takes the `Actor` and filters by its tenant; another
//! tenant's id is `NotFound`. Money is stored as BIGINT ten-thousandths and
//! every balance is an SQL aggregate over indexed rows (see ADR 0010).
//! A balance is positive when the person is owed money, negative when they owe.

mod access;
pub(crate) mod activity;
mod balances;
mod contact_groups;
mod contacts;
mod debt_changes;
mod debts;
mod default_split;
mod expense_changes;
mod expense_list;
mod expense_split;
pub(crate) use expense_split::{MemberLine, pair_debts};
mod expenses;
mod group_members;
mod groups;
mod invitations;
mod ledger;
mod reminders;
pub mod rollup;
mod settlement_changes;
mod settlement_reads;
mod settlements;

pub use activity::{ActivityView, Arg as ActivityArg, Said, group_activity};
// What an import writes inside its own single transaction (`crate::imports`).
pub(crate) use balances::people_by_month;
pub use balances::{
    ContactBalances, GroupBalances, GroupSummary, HistoryEntry, MemberBalance, NAMES_IN_FULL,
    OverallBalances, PairDebt, Plan, PlanPayment, SharedBalances, Totals, contact_balance, contact_history,
    group_balances, group_plan, group_summary, overall_balances,
};
pub use contact_groups::{
    ContactGroupInput, ContactGroupMember, ContactGroupView, KINDS as CONTACT_GROUP_KINDS,
    create_contact_group, delete_contact_group, get_contact_group, list_contact_groups, start_expense_group,
    update_contact_group,
};
pub(crate) use contacts::insert_named as insert_contact_in;
pub use contacts::{
    ContactFilter, ContactInput, ContactPatch, ContactView, archive_contact, create_contact, get_contact,
    initials, list_contacts, update_contact,
};
pub use debt_changes::{
    DebtCorrection, DebtPatch, contact_debt_histories, correct_debt, debt_history, delete_debt, restore_debt,
    update_debt,
};
pub use debts::{
    DebtFilter, DebtInput, DebtStatus, DebtView, direction_name, get_debt, list_debts, overdue_debts,
    record_debt, shared_debts,
};
pub use default_split::{DefaultShare, DefaultShareInput};
pub use expense_changes::{delete_expense, restore_expense, update_expense};
pub use expense_list::{
    ExpenseFilter, ExpenseList, ExpenseSummary, MAX_SEARCH_CHARS, expense_page, group_expense_lists,
    list_expenses,
};
pub(crate) use expenses::import_expense_in;
pub use expenses::{
    ExpenseInput, ExpenseView, ItemInput, ParticipantInput, PayerInput, ShareView, SplitInput, add_expense,
    get_expense, preview_split,
};
pub use group_members::{MemberInput, add_group_member, add_member, leave_group, remove_member};
pub use groups::{
    GroupInput, GroupPatch, GroupView, MemberView, archive_group, create_group, get_group, list_groups,
    update_group,
};
pub(crate) use groups::{insert_group_in, view as group_view};
pub use invitations::{
    InvitationView, invite_contact, list_invitations, respond_to_invitation, unlink_contact,
};
pub use reminders::{
    OVERDUE_EVERY_DAYS, ReminderRun, ReminderSent, is_overdue, remind_due, send_debt_reminder,
};
pub use settlement_changes::{delete_settlement, restore_settlement};
pub use settlement_reads::{
    SettlementFilter, SettlementView, get_settlement, list_group_settlements, list_settlements,
    settlement_history,
};
pub(crate) use settlements::import_group_payment_in;
pub use settlements::{SettlementInput, record_settlement, settle_debt};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::money::Currency;
use hisaab_entity::TenantId;
use sea_orm::{ConnectionTrait, Value};

/// Settlement methods, as on the wire.
pub const METHODS: &[&str] = &["cash", "bank_transfer", "upi", "card", "other"];

/// The words for `settlement::Method` on the wire (blank is cash).
pub(crate) const METHOD_WORDS: &[(&str, hisaab_entity::social::settlement::Method)] = {
    use hisaab_entity::social::settlement::Method;
    &[
        ("cash", Method::Cash),
        ("bank_transfer", Method::BankTransfer),
        ("upi", Method::Upi),
        ("card", Method::Card),
        ("other", Method::Other),
    ]
};

pub fn method_name(m: hisaab_entity::social::settlement::Method) -> &'static str {
    use hisaab_entity::social::settlement::Method;
    match m {
        Method::Cash => "cash",
        Method::BankTransfer => "bank_transfer",
        Method::Upi => "upi",
        Method::Card => "card",
        Method::Other => "other",
    }
}

/// A stored currency code (always valid: it was parsed on the way in).
pub(crate) fn stored_currency(code: &str) -> Result<Currency> {
    Currency::parse(code).map_err(|e| Error::Internal(anyhow::anyhow!("stored currency {code}: {e}")))
}

pub(crate) use crate::db::{get, query_all};

pub(crate) fn tenant_value(tenant: TenantId) -> Value {
    Value::from(tenant.0)
}

/// Whom a social event about `data` notifies (`Effects::event_to`): the
/// actor, and everyone who shares the record: the group's owner and linked
/// members (`data.group_id`), or the contact's owner and linked user
/// (`data.contact_id`; the owner matters when the linked person acts, as
/// in paying an IOU shared with them).
pub(crate) async fn audience<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    data: &serde_json::Value,
) -> Result<Vec<uuid::Uuid>> {
    let id_of = |key: &str| {
        data.get(key)
            .and_then(|v| v.as_str())
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
    };
    let mut notify = vec![actor.user_id.0];
    let watchers = if let Some(group) = id_of("group_id") {
        query_all(
            conn,
            "SELECT u.id AS id FROM users u JOIN expense_groups g ON g.tenant_id = u.tenant_id WHERE g.id = $1 \
             UNION SELECT c.linked_user_id AS id FROM expense_group_members m JOIN social_contacts c ON c.id = m.contact_id \
             WHERE m.group_id = $1 AND m.removed_at IS NULL AND c.share_status = 'accepted' AND c.linked_user_id IS NOT NULL",
            vec![Value::from(group)],
        )
        .await?
    } else if let Some(contact) = id_of("contact_id") {
        query_all(
            conn,
            "SELECT u.id AS id FROM users u JOIN social_contacts c ON c.tenant_id = u.tenant_id WHERE c.id = $1 \
             UNION SELECT linked_user_id AS id FROM social_contacts WHERE id = $1 AND share_status = 'accepted' AND linked_user_id IS NOT NULL",
            vec![Value::from(contact)],
        )
        .await?
    } else {
        vec![]
    };
    for row in &watchers {
        let id: uuid::Uuid = get(row, "id")?;
        if !notify.contains(&id) {
            notify.push(id);
        }
    }
    Ok(notify)
}
