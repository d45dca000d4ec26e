//! Social finance tables: contacts, peer debts, expense groups, group
//! expenses (with their per-member lines and debtor → creditor rows),
//! settlements and the activity log.

pub mod activity;
pub mod contact;
pub mod contact_group;
pub mod contact_group_member;
pub mod expense_debt;
pub mod expense_line;
pub mod group;
pub mod group_expense;
pub mod invitation;
pub mod member;
pub mod pair_balance;
pub mod peer_debt;
pub mod settlement;

crate::uuid_id!(
    ContactId,
    PeerDebtId,
    ExpenseGroupId,
    GroupMemberId,
    GroupExpenseId,
    ExpenseLineId,
    ExpenseDebtId,
    SettlementId,
    ActivityId,
    InvitationId,
    ContactGroupId,
    ContactGroupMemberId,
);
