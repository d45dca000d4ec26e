//! Everyone at once: your balance with each contact, in ledgers others share
//! with you, the totals per currency, and what people owe you by month.

use super::contact::{CONTACT_ROWS, ContactBalances, balances_by_contact};
use crate::App;
use crate::actor::Actor;
use crate::error::Result;
use crate::money::{Currency, Money};
use crate::social::{contacts, get, query_all, stored_currency, tenant_value};
use hisaab_entity::social::ContactId;
use sea_orm::Value;
use std::collections::{BTreeMap, HashMap};

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
        AND s.deleted_at IS NULL \
    UNION ALL SELECT d.tenant_id, d.currency, CASE WHEN d.direction = 'lent' THEN -d.amount ELSE d.amount END, d.date \
      FROM peer_debts d JOIN social_contacts c ON c.id = d.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND d.tenant_id <> $1 AND d.deleted_at IS NULL AND d.replaced_by_id IS NULL \
    UNION ALL SELECT d.tenant_id, d.currency, CASE WHEN d.direction = 'lent' THEN s.amount ELSE -s.amount END, s.date \
      FROM settlements s JOIN peer_debts d ON d.id = s.peer_debt_id JOIN social_contacts c ON c.id = d.contact_id \
      WHERE c.linked_user_id = $2 AND c.share_status = 'accepted' AND d.tenant_id <> $1 AND s.deleted_at IS NULL AND d.deleted_at IS NULL AND d.replaced_by_id IS NULL";

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
