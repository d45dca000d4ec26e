//! Settlements: payments that settle a peer debt (never beyond what is
//! outstanding, even under concurrency) or move money between two members of
//! a group (e.g. one payment of the settle-up plan).

use super::activity::{Line, Said};
use super::debts::{self, direction_name};
use super::ledger::{self, Posting};
use super::settlement_reads::{SettlementView, get_settlement};
use super::{METHOD_WORDS, get, groups, query_all};
use crate::actor::Actor;
use crate::db::WriteTx;
use crate::effects::Effects;
use crate::error::{Error, Result};
use crate::finance::{AccountId, FlowKind};
use crate::idempotency::{self, Done, Outcome};
use crate::input::{Problems, Sign};
use crate::money::{Currency, Money};
use crate::{App, db};
use hisaab_entity::social::peer_debt::{self, Direction};
use hisaab_entity::social::settlement::{self, Method};
use hisaab_entity::social::{ExpenseGroupId, GroupMemberId, PeerDebtId, SettlementId};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SettlementInput {
    pub group_id: Option<String>,
    pub peer_debt_id: Option<String>,
    pub from_member_id: Option<String>,
    pub to_member_id: Option<String>,
    pub amount: String,
    /// Required for group settlements; a debt's settlement is in the debt's currency.
    pub currency: Option<String>,
    /// cash (default), bank_transfer, upi, card or other.
    pub method: Option<String>,
    pub date: String,
    pub notes: Option<String>,
    /// The account the payment left or arrived in (one ledger).
    #[serde(default)]
    pub account_id: Option<String>,
}

/// Records a payment: against `peer_debt_id`, or in `group_id` from one member to another.
pub async fn record_settlement(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    input: SettlementInput,
) -> Result<Outcome<SettlementView>> {
    match (
        input.peer_debt_id.as_deref().filter(|s| !s.trim().is_empty()),
        input.group_id.as_deref().filter(|s| !s.trim().is_empty()),
    ) {
        (Some(_), Some(_)) => Err(Error::invalid(
            "peer_debt_id",
            "Give either a peer_debt_id or a group_id, not both.",
        )),
        (Some(debt), None) => {
            let mut p = Problems::default();
            let id: Option<PeerDebtId> = p.id("peer_debt_id", debt);
            let id = p.finish_with(id)?;
            settle_debt(app, actor, key, id, input).await
        }
        (None, Some(group)) => {
            let mut p = Problems::default();
            let id: Option<ExpenseGroupId> = p.id("group_id", group);
            let id = p.finish_with(id)?;
            settle_in_group(app, actor, key, id, input).await
        }
        (None, None) => Err(Error::invalid(
            "group_id",
            "Say what this payment settles: a group_id (with from_member_id and to_member_id) or a peer_debt_id.",
        )),
    }
}

/// A payment's own fields, parsed.
struct Payment {
    amount: Money,
    date: Date,
    method: Method,
    notes: Option<String>,
}

/// Pays off part or all of a peer debt. More than what is outstanding is
/// refused; the debt row is locked (PostgreSQL) or the write lock held
/// (SQLite) while the outstanding amount is summed, so concurrent payments
/// can never over-settle it. The contact it is shared with (a linked user)
/// may record payments too — every payment of a debt is between the two of
/// them — but not through an account (accounts belong to the owner's ledger).
pub async fn settle_debt(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    debt_id: PeerDebtId,
    input: SettlementInput,
) -> Result<Outcome<SettlementView>> {
    let effective = super::access::debt_actor(&app.db, actor, debt_id).await?;
    if super::access::is_shared(actor, &effective)
        && input.account_id.as_deref().is_some_and(|a| !a.trim().is_empty())
    {
        return Err(Error::invalid(
            "account_id",
            "Accounts can be linked only to your own IOUs; leave the account out here.",
        ));
    }
    let (viewer, actor) = (actor, &effective);
    let debt = debts::get_debt(app, actor, debt_id).await?;
    let payment = parse_debt_payment(&input, debt.amount.currency())?;
    let account_id = ledger::account(
        &app.db,
        actor,
        "account_id",
        input.account_id.as_deref(),
        debt.amount.currency(),
    )
    .await?;
    let now = app.now();
    let who = actor.clone();
    let postgres = db::is_postgres(&app.db);
    let request = json!({ "debt": debt_id.0, "input": &input });
    let (outcome, _) = idempotency::run(app, actor, key, "social.settle_debt", &request, move |txn| {
        Box::pin(
            async move { write_debt_settlement(txn, &who, now, postgres, &debt, payment, account_id).await },
        )
    })
    .await?;
    let mut v = get_settlement(app, viewer, SettlementId(outcome.value)).await?;
    let debt = debts::get_debt(app, actor, debt_id).await?;
    v.debt_outstanding = Some(debt.outstanding);
    v.debt_status = Some(debt.status);
    Ok(Outcome {
        value: v,
        replayed: outcome.replayed,
    })
}

/// A payment of a debt in `currency` (a currency given must be that one).
fn parse_debt_payment(input: &SettlementInput, currency: Currency) -> Result<Payment> {
    let mut p = Problems::default();
    if let Some(code) = input.currency.as_deref().filter(|c| !c.trim().is_empty())
        && p.currency("currency", code).is_some_and(|c| c != currency)
    {
        p.add(
            "currency",
            format!("This debt is in {currency}; record the payment in {currency}."),
        );
    }
    let amount = p.amount("amount", &input.amount, currency, Sign::Positive);
    let date = p.date("date", &input.date);
    let method = p.choice_or("method", input.method.as_deref(), METHOD_WORDS, Method::Cash);
    let notes = p.optional_text("notes", "the notes", input.notes.as_deref(), 500);
    let (amount, date, method, notes) = p.finish_with((amount, date, method, notes))?;
    Ok(Payment {
        amount,
        date,
        method,
        notes,
    })
}

/// Writes the payment of `debt` if it does not exceed what is outstanding,
/// with the debt locked while that is summed.
async fn write_debt_settlement(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    postgres: bool,
    debt: &debts::DebtView,
    payment: Payment,
    account_id: Option<AccountId>,
) -> Result<Done<uuid::Uuid>> {
    let (debt_id, amount) = (debt.id, payment.amount);
    let currency = amount.currency();
    let mut lock =
        peer_debt::Entity::find_by_id(debt_id).filter(peer_debt::Column::TenantId.eq(who.tenant_id));
    if postgres {
        lock = lock.lock_exclusive();
    }
    let row = lock.one(txn).await?.ok_or(Error::NotFound)?;
    if let Some(why) = super::debt_changes::not_live(&row) {
        return Err(Error::Conflict(why.into()));
    }
    let settled = query_all(
        txn,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS settled FROM settlements WHERE peer_debt_id = $1 AND deleted_at IS NULL",
        vec![Value::from(debt_id.0)],
    )
    .await?;
    let settled: i64 = settled
        .first()
        .map(|r| get(r, "settled"))
        .transpose()?
        .unwrap_or(0);
    let outstanding = Money::from_storage(row.amount - settled, currency);
    if amount.to_storage() > row.amount - settled {
        let message = if outstanding.is_zero() {
            "This debt is already settled; there is nothing left to pay.".to_string()
        } else {
            format!(
                "This is more than what is outstanding ({outstanding} {currency}). Enter at most {outstanding}."
            )
        };
        return Err(Error::invalid("amount", message));
    }
    let id = SettlementId::new();
    insert(txn, who, now, id, Paid::Debt(debt_id), &payment).await?;
    let mut effects = Effects::by(who, now);
    if let Some(account_id) = account_id {
        let (kind, description) = match row.direction {
            Direction::Lent => (FlowKind::Income, format!("Repaid by {}", debt.contact_name)),
            Direction::Borrowed => (FlowKind::Expense, format!("Repaid to {}", debt.contact_name)),
        };
        let posting = Posting {
            account_id,
            kind,
            amount,
            date: payment.date,
            description,
            category_id: None,
            outside_flow: true,
        };
        ledger::post(txn, who, now, id.0, posting, &mut effects).await?;
    }
    let left = Money::from_storage(row.amount - settled - amount.to_storage(), currency);
    let summary = match row.direction {
        Direction::Lent => format!("They paid you {amount} {currency}"),
        Direction::Borrowed => format!("You paid {amount} {currency}"),
    };
    let data = json!({
        "id": id.0, "peer_debt_id": debt_id.0, "direction": direction_name(row.direction),
        "amount": amount.to_string(), "currency": currency.code(), "outstanding": left.to_string(),
        "contact_id": row.contact_id.0, "contact_name": debt.contact_name,
    });
    // Both sides of a shared IOU hear about it, whichever of them paid.
    let notify = super::audience(txn, who, &data).await?;
    effects
        .audit(
            "social.settlement_recorded",
            json!({ "settlement_id": id.0, "peer_debt_id": debt_id.0 }),
        )
        .activity(Line {
            group_id: None,
            contact_id: Some(row.contact_id),
            subject_id: Some(id.0),
            action: "settlement.recorded",
            summary: &summary,
            details: json!({ "outstanding": left.to_string() }),
            said: vec![
                Said::new(match row.direction {
                    Direction::Lent => "act-debt-they-paid",
                    Direction::Borrowed => "act-debt-you-paid",
                })
                .money("amount", amount),
            ],
        })
        .event_to("settlement.recorded", data, notify);
    Ok(Done::new(id.0, effects))
}

/// What a settlement pays: a debt, or one member of a group to another.
enum Paid {
    Debt(PeerDebtId),
    InGroup {
        group_id: ExpenseGroupId,
        from: GroupMemberId,
        to: GroupMemberId,
    },
}

async fn insert(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    id: SettlementId,
    paid: Paid,
    payment: &Payment,
) -> Result<()> {
    let (group_id, peer_debt_id, from, to) = match paid {
        Paid::Debt(debt) => (None, Some(debt), None, None),
        Paid::InGroup { group_id, from, to } => (Some(group_id), None, Some(from), Some(to)),
    };
    settlement::ActiveModel {
        id: Set(id),
        tenant_id: Set(who.tenant_id),
        group_id: Set(group_id),
        peer_debt_id: Set(peer_debt_id),
        from_member_id: Set(from),
        to_member_id: Set(to),
        amount: Set(payment.amount.to_storage()),
        currency: Set(payment.amount.currency().code().to_string()),
        method: Set(payment.method),
        date: Set(payment.date),
        notes: Set(payment.notes.clone()),
        created_by: Set(who.user_id),
        created_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// A payment between two members of a group, parsed.
struct GroupPayment {
    from: GroupMemberId,
    to: GroupMemberId,
    payment: Payment,
}

async fn settle_in_group(
    app: &App,
    actor: &Actor,
    key: Option<&str>,
    group_id: ExpenseGroupId,
    input: SettlementInput,
) -> Result<Outcome<SettlementView>> {
    let effective = super::access::group_actor(&app.db, actor, group_id).await?;
    let shared = super::access::is_shared(actor, &effective);
    let (viewer, actor) = (actor, &effective);
    let group = groups::load(&app.db, actor, group_id).await?;
    let parsed = parse_group_payment(&group, &input)?;
    let (from, to) = (parsed.from, parsed.to);
    if shared {
        check_linked_member_may_record(app, actor, group_id, from, to, &input).await?;
    }
    let account = payment_account(app, actor, &group, &input, from, to).await?;
    let now = app.now();
    let who = actor.clone();
    let words = Words {
        summary: format!(
            "{} paid {} {} {}",
            group.member_name(from),
            group.member_name(to),
            parsed.payment.amount,
            group.currency
        ),
        group_name: group.name.clone(),
    };
    let request = json!({ "group": group_id.0, "input": &input });
    let (outcome, _) = idempotency::run(app, actor, key, "social.settle_group", &request, move |txn| {
        Box::pin(
            async move { write_group_settlement(txn, &who, now, group_id, parsed, account, words).await },
        )
    })
    .await?;
    let v = get_settlement(app, viewer, SettlementId(outcome.value)).await?;
    Ok(Outcome {
        value: v,
        replayed: outcome.replayed,
    })
}

/// Two different members of the group, and a payment in the group's currency.
fn parse_group_payment(group: &groups::GroupView, input: &SettlementInput) -> Result<GroupPayment> {
    let mut p = Problems::default();
    let member = |p: &mut Problems, field: &str, raw: Option<&str>| -> Option<GroupMemberId> {
        let id = p.id(field, raw.unwrap_or(""))?;
        if group.member(id).is_none() {
            p.add(field, "Choose a member of this group.");
            return None;
        }
        Some(id)
    };
    let from = member(&mut p, "from_member_id", input.from_member_id.as_deref());
    let to = member(&mut p, "to_member_id", input.to_member_id.as_deref());
    if from.is_some() && from == to {
        p.add(
            "to_member_id",
            "Someone can't pay themselves. Choose another member.",
        );
    }
    let currency = p.currency("currency", input.currency.as_deref().unwrap_or(""));
    if currency.is_some_and(|c| c != group.currency) {
        p.add(
            "currency",
            format!(
                "This group keeps its balances in {}; record the payment in {}.",
                group.currency, group.currency
            ),
        );
    }
    let amount = p.amount("amount", &input.amount, group.currency, Sign::Positive);
    let date = p.date("date", &input.date);
    let method = p.choice_or("method", input.method.as_deref(), METHOD_WORDS, Method::Cash);
    let notes = p.optional_text("notes", "the notes", input.notes.as_deref(), 500);
    let (from, to, amount, date, method, notes) = p.finish_with((from, to, amount, date, method, notes))?;
    Ok(GroupPayment {
        from,
        to,
        payment: Payment {
            amount,
            date,
            method,
            notes,
        },
    })
}

/// A linked member records only payments they made or received, and never
/// through an account (accounts belong to the owner's ledger).
async fn check_linked_member_may_record(
    app: &App,
    actor: &Actor,
    group_id: ExpenseGroupId,
    from: GroupMemberId,
    to: GroupMemberId,
    input: &SettlementInput,
) -> Result<()> {
    let mine = super::query_all(
        &app.db,
        "SELECT m.id FROM expense_group_members m JOIN social_contacts c ON c.id = m.contact_id \
         WHERE m.group_id = $1 AND c.linked_user_id = $2 AND c.share_status = 'accepted'",
        vec![Value::from(group_id.0), Value::from(actor.user_id.0)],
    )
    .await?
    .iter()
    .map(|r| super::get::<uuid::Uuid>(r, "id"))
    .collect::<Result<Vec<_>>>()?;
    if !mine.contains(&from.0) && !mine.contains(&to.0) {
        return Err(Error::invalid(
            "from_member_id",
            "You can record only payments you made or received.",
        ));
    }
    if input.account_id.as_deref().is_some_and(|a| !a.trim().is_empty()) {
        return Err(Error::invalid(
            "account_id",
            "Accounts can be linked only in your own groups; leave the account out here.",
        ));
    }
    Ok(())
}

/// The account the payment went through, if any, and which way: only a
/// payment you made (an expense) or received (income).
async fn payment_account(
    app: &App,
    actor: &Actor,
    group: &groups::GroupView,
    input: &SettlementInput,
    from: GroupMemberId,
    to: GroupMemberId,
) -> Result<Option<(AccountId, FlowKind)>> {
    match ledger::account(
        &app.db,
        actor,
        "account_id",
        input.account_id.as_deref(),
        group.currency,
    )
    .await?
    {
        None => Ok(None),
        Some(a) if group.member(from).is_some_and(|m| m.is_you()) => Ok(Some((a, FlowKind::Expense))),
        Some(a) if group.member(to).is_some_and(|m| m.is_you()) => Ok(Some((a, FlowKind::Income))),
        Some(_) => Err(Error::invalid(
            "account_id",
            "Only a payment you made or received can go through your account.",
        )),
    }
}

/// What a group payment's activity line and event say.
struct Words {
    summary: String,
    group_name: String,
}

/// Writes the payment, moves the group's pairwise rollup and posts it to the account.
/// A payment between two members of a group and its rollup change, in the
/// caller's write (which records its effects).
async fn insert_group_payment(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    group_id: ExpenseGroupId,
    from: GroupMemberId,
    to: GroupMemberId,
    payment: &Payment,
) -> Result<SettlementId> {
    let id = SettlementId::new();
    insert(txn, who, now, id, Paid::InGroup { group_id, from, to }, payment).await?;
    // Paying someone cancels what you owed them: as if they owed you.
    super::rollup::apply(
        txn,
        who.tenant_id,
        group_id,
        &[super::rollup::Debt {
            debtor: to,
            creditor: from,
            amount: crate::money::Stored(payment.amount.to_storage()),
        }],
        1,
    )
    .await?;
    Ok(id)
}

/// An imported payment (`method` other) between two members, in the caller's write.
#[expect(
    clippy::too_many_arguments,
    reason = "the payment's own fields, checked by the caller"
)]
pub(crate) async fn import_group_payment_in(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    group_id: ExpenseGroupId,
    from: GroupMemberId,
    to: GroupMemberId,
    amount: Money,
    date: Date,
    notes: Option<String>,
) -> Result<SettlementId> {
    let payment = Payment {
        amount,
        date,
        method: Method::Other,
        notes,
    };
    insert_group_payment(txn, who, now, group_id, from, to, &payment).await
}

async fn write_group_settlement(
    txn: &WriteTx,
    who: &Actor,
    now: OffsetDateTime,
    group_id: ExpenseGroupId,
    parsed: GroupPayment,
    account: Option<(AccountId, FlowKind)>,
    words: Words,
) -> Result<Done<uuid::Uuid>> {
    let Words { summary, group_name } = words;
    let GroupPayment { from, to, payment } = parsed;
    let amount = payment.amount;
    let id = insert_group_payment(txn, who, now, group_id, from, to, &payment).await?;
    let mut effects = Effects::by(who, now);
    if let Some((account_id, kind)) = account {
        let posting = Posting {
            account_id,
            kind,
            amount,
            date: payment.date,
            description: summary.clone(),
            category_id: None,
            outside_flow: true,
        };
        ledger::post(txn, who, now, id.0, posting, &mut effects).await?;
    }
    let data = json!({
        "id": id.0, "group_id": group_id.0, "from_member_id": from.0, "to_member_id": to.0,
        "amount": amount.to_string(), "currency": amount.currency().code(), "group_name": group_name,
    });
    let notify = super::audience(txn, who, &data).await?;
    effects
        .audit(
            "social.settlement_recorded",
            json!({ "settlement_id": id.0, "group_id": group_id.0 }),
        )
        .activity(Line {
            group_id: Some(group_id),
            contact_id: None,
            subject_id: Some(id.0),
            action: "settlement.recorded",
            summary: &summary,
            details: json!({}),
            said: vec![
                Said::new("act-group-paid")
                    .member("from", from)
                    .member("to", to)
                    .money("amount", amount),
            ],
        })
        .event_to("settlement.recorded", data, notify);
    Ok(Done::new(id.0, effects))
}
