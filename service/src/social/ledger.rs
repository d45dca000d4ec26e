//! One ledger with personal finance: a debt, a group expense paid from an
//! account, or a settlement through an account writes finance records in the
//! same database transaction as the social record (ADR 0011).
//!
//! Money that only moves between people (lending, being repaid, paying for
//! others) is `outside_flow`: it moves the account's balance but cash flow
//! shows no income or expense. Only your own share of a group expense is an
//! expense, in the expense's category.

use super::expense_split::MemberLine;
use super::expenses::ExpenseInput;
use super::groups::GroupView;
use crate::actor::Actor;
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::finance::record::{self, NewRecord};
use crate::finance::{AccountId, CategoryId, FlowKind, accounts, transactions};
use crate::input::Problems;
use crate::money::{Currency, Money};
use hisaab_entity::finance::transaction;
use hisaab_entity::social::GroupMemberId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::{Date, OffsetDateTime};

/// The account a person chose (`raw`, blank for none): theirs, open, in `currency`.
pub(crate) async fn account<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    field: &str,
    raw: Option<&str>,
    currency: Currency,
) -> Result<Option<AccountId>> {
    let mut p = Problems::default();
    let id = p.optional_id::<AccountId>(field, raw);
    let Some(id) = p.finish_with(id)? else {
        return Ok(None);
    };
    let a = accounts::load(conn, actor, id)
        .await
        .map_err(|e| transactions::not_yours(e, field, "Choose one of your accounts."))?;
    if a.archived {
        return Err(Error::invalid(
            field,
            "This account is archived; restore it or choose another.",
        ));
    }
    if !a.currency.eq_ignore_ascii_case(currency.code()) {
        return Err(Error::invalid(
            field,
            format!(
                "This account is in {}, but the amount is in {currency}; choose a {currency} account.",
                a.currency
            ),
        ));
    }
    Ok(Some(a.id))
}

/// One finance record made by a social record.
pub(crate) struct Posting {
    pub account_id: AccountId,
    pub kind: FlowKind,
    pub amount: Money,
    pub date: Date,
    pub description: String,
    pub category_id: Option<CategoryId>,
    pub outside_flow: bool,
}

pub(crate) async fn post(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    social_id: uuid::Uuid,
    p: Posting,
    effects: &mut Effects,
) -> Result<()> {
    if !p.amount.is_positive() {
        return Ok(());
    }
    record::insert_linked(
        txn,
        actor,
        now,
        NewRecord {
            account_id: p.account_id,
            kind: p.kind,
            amount: p.amount,
            date: p.date,
            description: p.description.chars().take(200).collect(),
            payee: None,
            category_id: p.category_id,
            tags: vec![],
            notes: None,
            transfer_id: None,
            reverses_id: None,
            corrects_id: None,
            reason: None,
        },
        Some(social_id),
        p.outside_flow,
        effects,
    )
    .await?;
    Ok(())
}

/// Reverses every live finance record the social record `social_id` made
/// (their audit entries and events go in `effects`).
pub(crate) async fn reverse_all(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    social_id: uuid::Uuid,
    reason: &str,
    effects: &mut Effects,
) -> Result<()> {
    let live = transaction::Entity::find()
        .filter(transaction::Column::TenantId.eq(actor.tenant_id))
        .filter(transaction::Column::SocialId.eq(social_id))
        .filter(transaction::Column::ReversesId.is_null())
        .filter(transaction::Column::ReversedById.is_null())
        .all(txn)
        .await?;
    for t in live {
        transactions::write_reversal(txn, actor, now, &t, reason, effects).await?;
    }
    Ok(())
}

/// "You" paid (part of) a group expense from an account.
pub(crate) struct ExpenseLink {
    pub member: GroupMemberId,
    pub account_id: AccountId,
    pub category_id: Option<CategoryId>,
}

/// Checks the accounts on an expense's payers (only you can pay from an
/// account, in the group's currency) and its category.
pub(crate) async fn expense_link<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    group: &GroupView,
    input: &ExpenseInput,
    shared: bool,
) -> Result<Option<ExpenseLink>> {
    let mut link = None;
    for (i, payer) in input.payers.iter().enumerate() {
        let field = format!("payers[{i}].account_id");
        if payer.account_id.as_deref().is_none_or(|a| a.trim().is_empty()) {
            continue;
        }
        if shared {
            return Err(Error::invalid(
                &field,
                "Accounts can be linked only in your own groups; leave the account out here.",
            ));
        }
        let member = group
            .members
            .iter()
            .find(|m| m.id.to_string() == payer.member_id.trim())
            .filter(|m| m.is_you())
            .ok_or_else(|| Error::invalid(&field, "Only what you paid can come from your account."))?;
        let expense_currency = input
            .currency
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(group.currency.code());
        if !expense_currency.eq_ignore_ascii_case(group.currency.code()) {
            return Err(Error::invalid(
                &field,
                format!(
                    "Only an expense in the group's currency ({}) can be paid from an account.",
                    group.currency
                ),
            ));
        }
        let account_id = account(conn, actor, &field, payer.account_id.as_deref(), group.currency)
            .await?
            .expect("not blank");
        link = Some(ExpenseLink {
            member: member.id,
            account_id,
            category_id: None,
        });
    }
    // A category is checked whether or not an account is linked: it must be
    // one of yours even where it is not used.
    let mut p = Problems::default();
    let category = p.optional_id::<CategoryId>("category_id", input.category_id.as_deref());
    if let Some(id) = p.finish_with(category)? {
        let category = transactions::usable_category(conn, actor, id, FlowKind::Expense).await?;
        if let Some(link) = link.as_mut() {
            link.category_id = Some(category);
        }
    }
    Ok(link)
}

/// Writes the account's side of an expense: your share is an expense in its
/// category; what you paid for the others is owed to you (outside cash flow).
#[expect(
    clippy::too_many_arguments,
    reason = "the expense's fields as its one caller holds them"
)]
pub(crate) async fn post_expense(
    txn: &WriteTx,
    actor: &Actor,
    now: OffsetDateTime,
    expense_id: uuid::Uuid,
    link: &ExpenseLink,
    lines: &[MemberLine],
    currency: Currency,
    date: Date,
    description: &str,
    effects: &mut Effects,
) -> Result<()> {
    let Some(&MemberLine { paid, owed, .. }) = lines.iter().find(|l| l.member == link.member) else {
        return Ok(());
    };
    let mine = paid.min(owed);
    let others = paid - mine;
    post(
        txn,
        actor,
        now,
        expense_id,
        Posting {
            account_id: link.account_id,
            kind: FlowKind::Expense,
            amount: mine.to_money(currency),
            date,
            description: description.to_string(),
            category_id: link.category_id,
            outside_flow: false,
        },
        effects,
    )
    .await?;
    post(
        txn,
        actor,
        now,
        expense_id,
        Posting {
            account_id: link.account_id,
            kind: FlowKind::Expense,
            amount: others.to_money(currency),
            date,
            description: format!("{description} (paid for others)"),
            category_id: None,
            outside_flow: true,
        },
        effects,
    )
    .await
}
