//! One group's balances and settle-up plan, from the pairwise rollup (ADR
//! 0012), and the difference "simplify debts" makes between you and each
//! contact.

use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::money::{Currency, Money};
use crate::settle_plan::{plan_greedy, plan_minimal};
use crate::social::groups::{self, GroupView};
use crate::social::{get, query_all, tenant_value};
use hisaab_entity::social::{ContactId, ExpenseGroupId, GroupMemberId};
use sea_orm::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub struct MemberBalance {
    pub member_id: GroupMemberId,
    pub name: String,
    /// The person asking (see `MemberView::viewer`).
    pub is_you: bool,
    pub balance: Money,
}

/// `from` owes `to` `amount`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairDebt {
    pub from_member_id: GroupMemberId,
    pub from_name: String,
    pub to_member_id: GroupMemberId,
    pub to_name: String,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupBalances {
    pub currency: Currency,
    pub members: Vec<MemberBalance>,
    pub pairwise: Vec<PairDebt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanPayment {
    pub from_member_id: GroupMemberId,
    pub from_name: String,
    pub to_member_id: GroupMemberId,
    pub to_name: String,
    pub amount: Money,
    /// The members whose balances this payment (with the others of its group) clears.
    pub clears: Vec<GroupMemberId>,
    /// Why this payment, in words.
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub currency: Currency,
    pub simplified: bool,
    pub payments: Vec<PlanPayment>,
}

/// Net per member and who owes whom, for one group, from the pairwise rollup
/// (ADR 0012): one row per pair of members, however many expenses.
/// Cached per viewer until a write that concerns them (ADR 0014): every
/// expense or settlement in the group bumps the revision of everyone who
/// shares it, and losing access (an unlink) bumps the one who lost it.
pub async fn group_balances(app: &App, actor: &Actor, group_id: ExpenseGroupId) -> Result<GroupBalances> {
    let key = format!("social.group_balances:{group_id}");
    let view = crate::view_cache::cached(app, actor.user_id, key, async {
        let (actor, group) = crate::social::access::load_group(&app.db, actor, group_id).await?;
        balances_of(app, &actor, &group, true).await
    })
    .await?;
    Ok((*view).clone())
}

/// With `with_pairwise` false, `pairwise` stays empty (a simplified plan needs only the nets).
async fn balances_of(
    app: &App,
    actor: &Actor,
    group: &GroupView,
    with_pairwise: bool,
) -> Result<GroupBalances> {
    let cur = group.currency;
    let mut pairs = crate::social::rollup::pairs(&app.db, actor.tenant_id, group.id).await?;
    pairs.sort_unstable();
    let mut net: HashMap<GroupMemberId, i64> = HashMap::new();
    for (pair, amount) in &pairs {
        *net.entry(pair.low).or_default() -= amount;
        *net.entry(pair.high).or_default() += amount;
    }
    let members = group
        .members
        .iter()
        .map(|m| MemberBalance {
            member_id: m.id,
            name: m.name.clone(),
            is_you: m.viewer,
            balance: Money::from_storage(net.get(&m.id).copied().unwrap_or(0), cur),
        })
        .collect();
    if !with_pairwise {
        pairs.clear();
    }
    let pairwise = pairs
        .into_iter()
        .map(|(pair, v)| {
            let (from, to) = if v > 0 {
                (pair.low, pair.high)
            } else {
                (pair.high, pair.low)
            };
            PairDebt {
                from_member_id: from,
                from_name: group.member_name(from),
                to_member_id: to,
                to_name: group.member_name(to),
                amount: Money::from_storage(v.abs(), cur),
            }
        })
        .collect();
    Ok(GroupBalances {
        currency: cur,
        members,
        pairwise,
    })
}

/// Who should pay whom to settle the group. With "simplify debts" on, the
/// fewest payments possible (exact up to 20 non-zero balances, then a greedy
/// plan of at most n − 1); off, payments follow the pairwise debts.
/// Cached like `group_balances`.
pub async fn group_plan(app: &App, actor: &Actor, group_id: ExpenseGroupId) -> Result<Plan> {
    let key = format!("social.group_plan:{group_id}");
    let view = crate::view_cache::cached(app, actor.user_id, key, async {
        let (actor, group) = crate::social::access::load_group(&app.db, actor, group_id).await?;
        let balances = balances_of(app, &actor, &group, !group.simplify).await?;
        plan_of(&group, balances)
    })
    .await?;
    Ok((*view).clone())
}

/// What a group's page shows at the top: every member's balance (no
/// pairwise list) and the plan, as one cached view, so the page pays one
/// revision read for both and clones no pairwise debts it never shows.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSummary {
    pub members: Vec<MemberBalance>,
    pub plan: Plan,
}

pub async fn group_summary(app: &App, actor: &Actor, group_id: ExpenseGroupId) -> Result<Arc<GroupSummary>> {
    let key = format!("social.group_summary:{group_id}");
    crate::view_cache::cached(app, actor.user_id, key, async {
        let (actor, group) = crate::social::access::load_group(&app.db, actor, group_id).await?;
        let balances = balances_of(app, &actor, &group, !group.simplify).await?;
        let members = balances.members.clone();
        Ok(GroupSummary {
            members,
            plan: plan_of(&group, balances)?,
        })
    })
    .await
}

fn plan_of(group: &GroupView, balances: GroupBalances) -> Result<Plan> {
    let group_id = group.id;
    let cur = balances.currency;
    let name = |id: GroupMemberId| group.member_name(id);
    let is_viewer = |id: GroupMemberId| group.member(id).is_some_and(|m| m.viewer);
    if !group.simplify {
        let payments = balances
            .pairwise
            .into_iter()
            .map(|p| PlanPayment {
                explanation: match (is_viewer(p.from_member_id), is_viewer(p.to_member_id)) {
                    (true, _) => format!("Clears what you owe {} from shared expenses.", p.to_name),
                    (_, true) => format!("Clears what {} owes you from shared expenses.", p.from_name),
                    _ => format!(
                        "Clears what {} owes {} from shared expenses.",
                        p.from_name, p.to_name
                    ),
                },
                clears: vec![p.from_member_id, p.to_member_id],
                from_member_id: p.from_member_id,
                from_name: p.from_name,
                to_member_id: p.to_member_id,
                to_name: p.to_name,
                amount: p.amount,
            })
            .collect();
        return Ok(Plan {
            currency: cur,
            simplified: false,
            payments,
        });
    }
    let minor: Vec<(GroupMemberId, i64)> = balances
        .members
        .iter()
        .map(|m| (m.member_id, m.balance.to_minor()))
        .collect();
    let plan = if minor.iter().filter(|m| m.1 != 0).count() <= crate::settle_plan::EXACT_LIMIT {
        plan_minimal(&minor)
    } else {
        plan_greedy(&minor)
    }
    .map_err(|e| {
        crate::Error::Internal(anyhow::anyhow!(
            "group {group_id} balances cannot be planned: {e}"
        ))
    })?;
    let mut clusters: BTreeMap<usize, Vec<GroupMemberId>> = BTreeMap::new();
    for p in &plan {
        for m in [p.from, p.to] {
            let c = clusters.entry(p.cluster).or_default();
            if !c.contains(&m) {
                c.push(m);
            }
        }
    }
    let payments = plan
        .iter()
        .map(|p| {
            let clears = clusters.get(&p.cluster).cloned().unwrap_or_default();
            // The viewer first, as "you": "Settles you and Bilal exactly."
            let mut names: Vec<(bool, String)> = clears
                .iter()
                .map(|m| {
                    (
                        !is_viewer(*m),
                        if is_viewer(*m) { "you".into() } else { name(*m) },
                    )
                })
                .collect();
            names.sort_by_key(|n| n.0);
            let names: Vec<String> = names.into_iter().map(|n| n.1).collect();
            let together = plan.iter().filter(|q| q.cluster == p.cluster).count();
            let explanation = if together <= 1 {
                format!("Settles {} exactly.", and_list(&names))
            } else if names.len() > NAMES_IN_FULL {
                format!(
                    "One of {together} payments that together settle {} people.",
                    names.len()
                )
            } else {
                format!(
                    "One of {together} payments that together settle {}.",
                    and_list(&names)
                )
            };
            PlanPayment {
                from_member_id: p.from,
                from_name: name(p.from),
                to_member_id: p.to,
                to_name: name(p.to),
                amount: Money::from_minor(p.amount, cur),
                clears,
                explanation,
            }
        })
        .collect();
    Ok(Plan {
        currency: cur,
        simplified: true,
        payments,
    })
}

/// Past this many people a plan payment's explanation counts them instead
/// of naming them: in a 50-person group every one of 49 payments would
/// otherwise repeat the same 50 names. The group page words its reasons by
/// the same rule (`counted` in its settle groups).
pub const NAMES_IN_FULL: usize = 5;

/// "a", "a and b", "a, b and c".
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// In groups with "simplify debts" on, what you and each contact actually
/// settle is the plan, not the pairwise debts (a payment may go through a third
/// member). For each such group, the difference plan − pairwise between you and
/// each contact (storage units, positive: the contact owes you more).
pub(super) struct Adjustment {
    pub(super) contact_id: ContactId,
    pub(super) group_name: String,
    pub(super) currency: Currency,
    pub(super) amount: i64,
}

pub(super) async fn simplify_adjustments(
    app: &App,
    actor: &Actor,
    contact: Option<ContactId>,
) -> Result<Vec<Adjustment>> {
    let mut values = vec![tenant_value(actor.tenant_id)];
    let mut sql =
        "SELECT DISTINCT g.id AS id FROM expense_groups g JOIN expense_group_members m ON m.group_id = g.id \
                   WHERE g.tenant_id = $1 AND g.simplify = $2 AND m.contact_id IS NOT NULL"
            .to_string();
    values.push(Value::from(true));
    if let Some(c) = contact {
        values.push(Value::from(c.0));
        sql.push_str(" AND m.contact_id = $3");
    }
    let mut out = Vec::new();
    for row in query_all(&app.db, &sql, values).await? {
        let group_id = ExpenseGroupId(get(&row, "id")?);
        let group = groups::load(&app.db, actor, group_id).await?;
        let Some(you) = group.you().map(|m| m.id) else {
            continue;
        };
        let balances = balances_of(app, actor, &group, true).await?;
        if balances.members.iter().all(|m| m.balance.is_zero()) && balances.pairwise.is_empty() {
            continue;
        }
        let pairwise = balances.pairwise.clone();
        let plan = plan_of(&group, balances)?;
        let mut diff: HashMap<GroupMemberId, i64> = HashMap::new();
        for p in &plan.payments {
            if p.to_member_id == you {
                *diff.entry(p.from_member_id).or_default() += p.amount.to_storage();
            } else if p.from_member_id == you {
                *diff.entry(p.to_member_id).or_default() -= p.amount.to_storage();
            }
        }
        for p in &pairwise {
            if p.to_member_id == you {
                *diff.entry(p.from_member_id).or_default() -= p.amount.to_storage();
            } else if p.from_member_id == you {
                *diff.entry(p.to_member_id).or_default() += p.amount.to_storage();
            }
        }
        for (member, amount) in diff {
            let Some(contact_id) = group.member(member).and_then(|m| m.contact_id) else {
                continue;
            };
            if amount != 0 && contact.is_none_or(|c| c == contact_id) {
                out.push(Adjustment {
                    contact_id,
                    group_name: group.name.clone(),
                    currency: group.currency,
                    amount,
                });
            }
        }
    }
    Ok(out)
}
