//! Balances and settle-up plans, all from SQL aggregates over the per-member
//! expense lines, the per-expense debtor → creditor rows, peer debts and
//! settlements (never by loading every expense). Positive: owed money;
//! negative: owes. See ADR 0010.

use super::groups::{self, GroupView};
use super::{contacts, get, query_all, stored_currency, tenant_value};
use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::money::{Currency, Money};
use crate::settle_plan::{plan_greedy, plan_minimal};
use hisaab_entity::social::{ContactId, ExpenseGroupId, GroupMemberId};
use sea_orm::Value;
use std::collections::{BTreeMap, HashMap};
use time::{Date, OffsetDateTime};

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
        let (actor, group) = super::access::load_group(&app.db, actor, group_id).await?;
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
    let mut pairs = super::rollup::pairs(&app.db, actor.tenant_id, group.id).await?;
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
        let (actor, group) = super::access::load_group(&app.db, actor, group_id).await?;
        let balances = balances_of(app, &actor, &group, !group.simplify).await?;
        plan_of(&group, balances)
    })
    .await?;
    Ok((*view).clone())
}

fn plan_of(group: &GroupView, balances: GroupBalances) -> Result<Plan> {
    let group_id = group.id;
    let cur = balances.currency;
    let name = |id: GroupMemberId| group.member_name(id);
    if !group.simplify {
        let payments = balances
            .pairwise
            .into_iter()
            .map(|p| PlanPayment {
                explanation: format!(
                    "Clears what {} owes {} from shared expenses.",
                    p.from_name, p.to_name
                ),
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
            let names: Vec<String> = clears.iter().map(|m| name(*m)).collect();
            let explanation = if clears.len() == 2 {
                format!("Settles {} and {} with each other exactly.", names[0], names[1])
            } else {
                format!(
                    "With the other payments between {}, brings all of their balances to zero.",
                    names.join(", ")
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

/// Every signed amount between you and each contact: positive when the contact
/// owes you. Columns: contact_id, currency, amount, plus what each row is.
const CONTACT_ROWS: &str = "\
    SELECT d.contact_id AS contact_id, d.currency AS currency, CASE WHEN d.direction = 'lent' THEN d.amount ELSE -d.amount END AS amount, \
      d.date AS date, d.created_at AS created_at, 'debt' AS kind, d.id AS ref_id, COALESCE(d.reason, '') AS label, d.direction AS detail \
      FROM peer_debts d WHERE d.tenant_id = $1 \
    UNION ALL SELECT d.contact_id, d.currency, CASE WHEN d.direction = 'lent' THEN -s.amount ELSE s.amount END, \
      s.date, s.created_at, 'debt_settlement', s.id, COALESCE(d.reason, ''), s.method \
      FROM settlements s JOIN peer_debts d ON d.id = s.peer_debt_id WHERE s.tenant_id = $1 \
    UNION ALL SELECT COALESCE(md.contact_id, mc.contact_id), g.currency, CASE WHEN md.contact_id IS NOT NULL THEN x.amount ELSE -x.amount END, \
      e.date, e.created_at, 'expense', e.id, e.description, g.name \
      FROM group_expense_debts x JOIN group_expenses e ON e.id = x.expense_id JOIN expense_groups g ON g.id = x.group_id \
      JOIN expense_group_members md ON md.id = x.debtor_id JOIN expense_group_members mc ON mc.id = x.creditor_id \
      WHERE x.tenant_id = $1 AND e.deleted_at IS NULL AND ((md.contact_id IS NULL) <> (mc.contact_id IS NULL)) \
    UNION ALL SELECT COALESCE(mf.contact_id, mt.contact_id), g.currency, CASE WHEN mf.contact_id IS NOT NULL THEN -s.amount ELSE s.amount END, \
      s.date, s.created_at, 'group_settlement', s.id, g.name, s.method \
      FROM settlements s JOIN expense_groups g ON g.id = s.group_id \
      JOIN expense_group_members mf ON mf.id = s.from_member_id JOIN expense_group_members mt ON mt.id = s.to_member_id \
      WHERE s.tenant_id = $1 AND ((mf.contact_id IS NULL) <> (mt.contact_id IS NULL))";

/// What a linked person is owed (positive) or owes (negative) in other
/// people's ledgers that are shared with them ($2 = their user id): their
/// member's debts and settlements in shared groups, and the IOUs recorded
/// with them as the contact, mirrored (the owner's "lent" is their debt).
/// `owner_tenant` says whose ledger each row is in.
const SHARED_ROWS: &str = "\
    SELECT g.tenant_id AS owner_tenant, g.currency AS currency, CASE WHEN x.debtor_id = m.id THEN -x.amount ELSE x.amount END AS amount, e.date AS date \
      FROM group_expense_debts x JOIN group_expenses e ON e.id = x.expense_id JOIN expense_groups g ON g.id = x.group_id \
      JOIN expense_group_members m ON m.group_id = g.id JOIN social_contacts c ON c.id = m.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND g.tenant_id <> $1 AND e.deleted_at IS NULL \
        AND (x.debtor_id = m.id OR x.creditor_id = m.id) AND x.debtor_id <> x.creditor_id \
    UNION ALL SELECT g.tenant_id, g.currency, CASE WHEN s.from_member_id = m.id THEN s.amount ELSE -s.amount END, s.date \
      FROM settlements s JOIN expense_groups g ON g.id = s.group_id \
      JOIN expense_group_members m ON m.group_id = g.id JOIN social_contacts c ON c.id = m.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND g.tenant_id <> $1 \
        AND (s.from_member_id = m.id OR s.to_member_id = m.id) AND s.from_member_id <> s.to_member_id \
    UNION ALL SELECT d.tenant_id, d.currency, CASE WHEN d.direction = 'lent' THEN -d.amount ELSE d.amount END, d.date \
      FROM peer_debts d JOIN social_contacts c ON c.id = d.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND d.tenant_id <> $1 \
    UNION ALL SELECT d.tenant_id, d.currency, CASE WHEN d.direction = 'lent' THEN s.amount ELSE -s.amount END, s.date \
      FROM settlements s JOIN peer_debts d ON d.id = s.peer_debt_id JOIN social_contacts c ON c.id = d.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND d.tenant_id <> $1";

/// What people owe you (positive) minus what you owe them, per currency and
/// month (`yyyymm`), from the records by their dates: for net worth at any
/// date. ("Simplify debts" moves amounts between contacts, never the sum.)
pub(crate) async fn people_by_month(app: &App, actor: &Actor) -> Result<Vec<(Currency, i32, i64)>> {
    let month = crate::finance::rollups::month_sql(app.db.get_database_backend());
    let sql = format!(
        "SELECT currency, month, CAST(SUM(amount) AS BIGINT) AS amount FROM ( \
           SELECT t.currency AS currency, {month} AS month, t.amount AS amount FROM ({CONTACT_ROWS}) t \
           UNION ALL SELECT t.currency, {month}, t.amount FROM ({SHARED_ROWS}) t \
         ) p GROUP BY currency, month ORDER BY month, currency"
    );
    query_all(
        &app.db,
        &sql,
        vec![tenant_value(actor.tenant_id), Value::from(actor.user_id.0)],
    )
    .await?
    .iter()
    .map(|row| {
        Ok((
            stored_currency(&get::<String>(row, "currency")?)?,
            get(row, "month")?,
            get(row, "amount")?,
        ))
    })
    .collect()
}

/// A contact's balances, one per currency (zero ones left out).
#[derive(Clone, Debug, PartialEq)]
pub struct ContactBalances {
    pub contact_id: ContactId,
    pub name: String,
    pub initials: String,
    pub balances: Vec<Money>,
}

async fn balances_by_contact(
    app: &App,
    actor: &Actor,
    contact: Option<ContactId>,
) -> Result<BTreeMap<ContactId, Vec<Money>>> {
    let mut values = vec![tenant_value(actor.tenant_id)];
    let filter = match contact {
        Some(c) => {
            values.push(Value::from(c.0));
            " WHERE t.contact_id = $2"
        }
        None => "",
    };
    let sql = format!(
        "SELECT t.contact_id AS contact_id, t.currency AS currency, CAST(SUM(t.amount) AS BIGINT) AS amount FROM ({CONTACT_ROWS}) t{filter} GROUP BY t.contact_id, t.currency ORDER BY t.currency"
    );
    let mut sums: BTreeMap<(ContactId, &'static str), (Currency, i64)> = BTreeMap::new();
    for row in query_all(&app.db, &sql, values).await? {
        let currency = stored_currency(&get::<String>(&row, "currency")?)?;
        sums.insert(
            (ContactId(get(&row, "contact_id")?), currency.code()),
            (currency, get(&row, "amount")?),
        );
    }
    for adj in simplify_adjustments(app, actor, contact).await? {
        sums.entry((adj.contact_id, adj.currency.code()))
            .or_insert((adj.currency, 0))
            .1 += adj.amount;
    }
    let mut out: BTreeMap<ContactId, Vec<Money>> = BTreeMap::new();
    for ((contact_id, _), (currency, amount)) in sums {
        if amount != 0 {
            out.entry(contact_id)
                .or_default()
                .push(Money::from_storage(amount, currency));
        }
    }
    Ok(out)
}

/// What a contact owes you (positive) or you owe them (negative), per currency,
/// across debts, group expenses and settlements.
pub async fn contact_balance(app: &App, actor: &Actor, contact_id: ContactId) -> Result<Vec<Money>> {
    contacts::find(&app.db, actor, contact_id).await?;
    Ok(balances_by_contact(app, actor, Some(contact_id))
        .await?
        .remove(&contact_id)
        .unwrap_or_default())
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// debt, debt_settlement, expense, group_settlement, or simplified (the
    /// difference "simplify debts" makes in a group, so the running balance
    /// ends at what you actually settle)
    pub kind: String,
    pub ref_id: uuid::Uuid,
    pub date: Date,
    pub label: String,
    pub detail: String,
    /// Positive: this made the contact owe you more.
    pub amount: Money,
    /// The balance in this currency after this entry.
    pub running: Money,
    pub created_at: OffsetDateTime,
}

/// Everything between you and a contact, oldest first, with the running balance per currency.
pub async fn contact_history(app: &App, actor: &Actor, contact_id: ContactId) -> Result<Vec<HistoryEntry>> {
    contacts::find(&app.db, actor, contact_id).await?;
    let sql = format!(
        "SELECT t.kind AS kind, t.ref_id AS ref_id, t.date AS date, t.created_at AS created_at, t.label AS label, t.detail AS detail, t.currency AS currency, \
         CAST(SUM(t.amount) AS BIGINT) AS amount FROM ({CONTACT_ROWS}) t WHERE t.contact_id = $2 \
         GROUP BY t.kind, t.ref_id, t.date, t.created_at, t.label, t.detail, t.currency ORDER BY t.date, t.created_at, t.ref_id"
    );
    let rows = query_all(
        &app.db,
        &sql,
        vec![tenant_value(actor.tenant_id), Value::from(contact_id.0)],
    )
    .await?;
    let mut running: HashMap<Currency, i64> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let currency = stored_currency(&get::<String>(row, "currency")?)?;
        let amount: i64 = get(row, "amount")?;
        let r = running.entry(currency).or_default();
        *r += amount;
        out.push(HistoryEntry {
            kind: get(row, "kind")?,
            ref_id: get(row, "ref_id")?,
            date: get(row, "date")?,
            label: get(row, "label")?,
            detail: get(row, "detail")?,
            amount: Money::from_storage(amount, currency),
            running: Money::from_storage(*r, currency),
            created_at: get(row, "created_at")?,
        });
    }
    for adj in simplify_adjustments(app, actor, Some(contact_id)).await? {
        let r = running.entry(adj.currency).or_default();
        *r += adj.amount;
        let now = app.now();
        out.push(HistoryEntry {
            kind: "simplified".into(),
            ref_id: uuid::Uuid::nil(),
            date: now.date(),
            label: adj.group_name,
            detail: String::new(),
            amount: Money::from_storage(adj.amount, adj.currency),
            running: Money::from_storage(*r, adj.currency),
            created_at: now,
        });
    }
    Ok(out)
}

/// Per currency: what you are owed, what you owe, and the net.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    pub currency: Currency,
    pub owed_to_you: Money,
    pub you_owe: Money,
    pub net: Money,
}

/// Your balance in someone else's shared groups and IOUs (you are their
/// linked contact), per currency.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedBalances {
    /// Whose ledger: their display name.
    pub owner_name: String,
    pub balances: Vec<Money>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OverallBalances {
    pub people: Vec<ContactBalances>,
    /// Balances in what others share with you; counted in `totals`.
    pub shared: Vec<SharedBalances>,
    pub totals: Vec<Totals>,
}

/// Your balances in each ledger shared with you, per owner and currency.
async fn shared_balances(app: &App, actor: &Actor) -> Result<Vec<SharedBalances>> {
    let sql = format!(
        "SELECT t.owner_tenant AS owner_tenant, t.currency AS currency, CAST(SUM(t.amount) AS BIGINT) AS amount, \
           (SELECT u.display_name FROM users u WHERE u.tenant_id = t.owner_tenant ORDER BY u.created_at LIMIT 1) AS owner_name \
         FROM ({SHARED_ROWS}) t GROUP BY t.owner_tenant, t.currency ORDER BY owner_name, t.owner_tenant, t.currency"
    );
    let rows = query_all(
        &app.db,
        &sql,
        vec![tenant_value(actor.tenant_id), Value::from(actor.user_id.0)],
    )
    .await?;
    let mut out: Vec<(uuid::Uuid, SharedBalances)> = Vec::new();
    for row in rows {
        let amount: i64 = get(&row, "amount")?;
        if amount == 0 {
            continue;
        }
        let owner: uuid::Uuid = get(&row, "owner_tenant")?;
        let money = Money::from_storage(amount, stored_currency(&get::<String>(&row, "currency")?)?);
        match out.last_mut() {
            Some((o, s)) if *o == owner => s.balances.push(money),
            _ => out.push((
                owner,
                SharedBalances {
                    owner_name: get::<Option<String>>(&row, "owner_name")?.unwrap_or_default(),
                    balances: vec![money],
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// Everyone you have a non-zero balance with, and the totals per currency.
pub async fn overall_balances(app: &App, actor: &Actor) -> Result<OverallBalances> {
    let by_contact = balances_by_contact(app, actor, None).await?;
    let names: HashMap<ContactId, String> = if by_contact.is_empty() {
        HashMap::new()
    } else {
        use hisaab_entity::social::contact;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        contact::Entity::find()
            .filter(contact::Column::TenantId.eq(actor.tenant_id))
            .filter(contact::Column::Id.is_in(by_contact.keys().copied().collect::<Vec<_>>()))
            .all(&app.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    };
    let mut totals: BTreeMap<&'static str, (Currency, i64, i64)> = BTreeMap::new();
    let mut count = |b: &Money| {
        let t = totals.entry(b.currency().code()).or_insert((b.currency(), 0, 0));
        if b.is_positive() {
            t.1 += b.to_minor();
        } else {
            t.2 -= b.to_minor();
        }
    };
    let shared = shared_balances(app, actor).await?;
    for b in shared.iter().flat_map(|s| &s.balances) {
        count(b);
    }
    let mut people = Vec::new();
    for (id, balances) in by_contact {
        for b in &balances {
            count(b);
        }
        let name = names.get(&id).cloned().unwrap_or_default();
        people.push(ContactBalances {
            contact_id: id,
            initials: contacts::initials(&name),
            name,
            balances,
        });
    }
    people.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.contact_id.cmp(&b.contact_id))
    });
    let totals = totals
        .into_values()
        .map(|(c, owed, owe)| Totals {
            currency: c,
            owed_to_you: Money::from_minor(owed, c),
            you_owe: Money::from_minor(owe, c),
            net: Money::from_minor(owed - owe, c),
        })
        .collect();
    Ok(OverallBalances {
        people,
        shared,
        totals,
    })
}

/// In groups with "simplify debts" on, what you and each contact actually
/// settle is the plan, not the pairwise debts (a payment may go through a third
/// member). For each such group, the difference plan − pairwise between you and
/// each contact (storage units, positive: the contact owes you more).
struct Adjustment {
    contact_id: ContactId,
    group_name: String,
    currency: Currency,
    amount: i64,
}

async fn simplify_adjustments(
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
