//! Balances and settle-up plans, all from SQL aggregates over the per-member
//! expense lines, the per-expense debtor → creditor rows, peer debts and
//! settlements (never by loading every expense). Positive: owed money;
//! negative: owes. See ADR 0010. By subject: one group, one contact, everyone.

mod contact;
mod group;
mod overall;

pub use contact::{ContactBalances, HistoryEntry, contact_balance, contact_history};
pub use group::{
    GroupBalances, GroupSummary, MemberBalance, NAMES_IN_FULL, PairDebt, Plan, PlanPayment, group_balances,
    group_plan, group_summary,
};
pub(crate) use overall::people_by_month;
pub use overall::{OverallBalances, SharedBalances, Totals, overall_balances};
