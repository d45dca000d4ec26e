//! Writes one person's export: every record kind they own (their tenant's
//! rows) and every record shared with them (groups they are a member of
//! through an accepted invitation, and their children; IOUs recorded
//! against a contact linked to them, and payments on those), read in keyset
//! order [`PAGE`] rows at a time and written straight out, so memory stays
//! flat whatever the size of the account. Amounts are decimal strings
//! beside their currency; the format is `docs/export-format.md`.

use super::writer::ZipOut;
use super::{FORMAT_VERSION, store::ExportStore};
use crate::money::{Currency, Money, STORAGE_SCALE};
use anyhow::Context;
use hisaab_entity::finance::{
    account, category, exchange_rate, holding, holding_value, loan, loan_payment, transaction, transfer,
};
use hisaab_entity::social::{
    ContactId, ExpenseGroupId, contact, contact_group, contact_group_member, expense_line, group,
    group_expense, member, peer_debt, settlement,
};
use hisaab_entity::{TenantId, UserId, audit_log, notification, user};
use rust_decimal::Decimal;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Value,
};
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::sync::Arc;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Rows read per query.
pub const PAGE: u64 = 1_000;

/// One record kind: its name (the key in `hisaab.json`'s `records` and the
/// CSV's file name) and its fields, in order.
pub struct Kind {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

/// Every kind in the export, in the order it is written.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "accounts",
        columns: &[
            "id",
            "name",
            "kind",
            "currency",
            "opening_balance",
            "opening_date",
            "archived",
            "notes",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "categories",
        columns: &[
            "id",
            "name",
            "kind",
            "parent_id",
            "color",
            "icon",
            "archived",
            "created_at",
        ],
    },
    Kind {
        name: "transactions",
        columns: &[
            "id",
            "account_id",
            "kind",
            "amount",
            "delta",
            "currency",
            "date",
            "description",
            "payee",
            "category_id",
            "tags",
            "notes",
            "transfer_id",
            "reverses_id",
            "reversed_by_id",
            "corrects_id",
            "corrected_by_id",
            "reason",
            "social_id",
            "outside_flow",
            "created_by",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "transfers",
        columns: &[
            "id",
            "from_account_id",
            "to_account_id",
            "from_transaction_id",
            "to_transaction_id",
            "from_amount",
            "from_currency",
            "to_amount",
            "to_currency",
            "rate",
            "date",
            "description",
            "created_at",
        ],
    },
    Kind {
        name: "assets",
        columns: HOLDING,
    },
    Kind {
        name: "liabilities",
        columns: HOLDING,
    },
    Kind {
        name: "valuations",
        columns: &[
            "id",
            "holding_id",
            "date",
            "value",
            "currency",
            "created_by",
            "created_at",
        ],
    },
    Kind {
        name: "loans",
        columns: &[
            "id",
            "direction",
            "counterparty",
            "currency",
            "principal",
            "annual_rate",
            "term_months",
            "start_date",
            "frequency",
            "notes",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "loan_payments",
        columns: &[
            "id",
            "loan_id",
            "date",
            "amount",
            "principal_part",
            "interest_part",
            "currency",
            "transaction_id",
            "created_by",
            "created_at",
        ],
    },
    Kind {
        name: "exchange_rates",
        columns: &["id", "date", "from_currency", "to_currency", "rate", "created_at"],
    },
    Kind {
        name: "contacts",
        columns: &[
            "id",
            "name",
            "email",
            "phone",
            "notes",
            "linked_user_id",
            "share_status",
            "archived_at",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "contact_groups",
        columns: &["id", "name", "kind", "created_at", "updated_at"],
    },
    Kind {
        name: "contact_group_members",
        columns: &["id", "contact_group_id", "contact_id"],
    },
    Kind {
        name: "ious",
        columns: &[
            "id",
            "shared",
            "contact_id",
            "direction",
            "amount",
            "currency",
            "date",
            "reason",
            "due_date",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
            "replaces_id",
            "replaced_by_id",
        ],
    },
    Kind {
        name: "settlements",
        columns: &[
            "id",
            "shared",
            "group_id",
            "peer_debt_id",
            "from_member_id",
            "to_member_id",
            "amount",
            "currency",
            "method",
            "date",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
            "version",
            "deleted_at",
        ],
    },
    Kind {
        name: "groups",
        columns: &[
            "id",
            "shared",
            "name",
            "currency",
            "simplify",
            "default_split",
            "archived_at",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "members",
        columns: &["id", "group_id", "contact_id", "name", "created_at", "removed_at"],
    },
    Kind {
        name: "expenses",
        columns: &[
            "id",
            "group_id",
            "description",
            "date",
            "total",
            "currency",
            "original_amount",
            "original_currency",
            "rate",
            "split_method",
            "spec",
            "category_id",
            "version",
            "deleted_at",
            "created_by",
            "created_at",
            "updated_at",
        ],
    },
    Kind {
        name: "expense_lines",
        columns: &[
            "id",
            "group_id",
            "expense_id",
            "member_id",
            "paid",
            "owed",
            "currency",
        ],
    },
    Kind {
        name: "notifications",
        columns: &["id", "event_type", "data", "created_at", "read_at"],
    },
    Kind {
        name: "audit_entries",
        columns: &[
            "id",
            "action",
            "actor_user_id",
            "subject_user_id",
            "details",
            "ip",
            "user_agent",
            "request_id",
            "created_at",
        ],
    },
];

const HOLDING: &[&str] = &[
    "id",
    "kind",
    "name",
    "currency",
    "notes",
    "archived",
    "created_at",
    "updated_at",
];

fn kind_index(name: &str) -> usize {
    KINDS
        .iter()
        .position(|k| k.name == name)
        .expect("every dumped kind is listed in KINDS")
}

// Cells: every value is a string, a bool, an integer or null; amounts are
// decimal strings, times RFC 3339, dates `YYYY-MM-DD`.
fn s(v: impl ToString) -> Json {
    Json::String(v.to_string())
}
fn opt<T: ToString>(v: Option<T>) -> Json {
    v.map_or(Json::Null, s)
}
fn ts(t: OffsetDateTime) -> Json {
    Json::String(t.format(&Rfc3339).unwrap_or_else(|_| t.to_string()))
}
fn ots(t: Option<OffsetDateTime>) -> Json {
    t.map_or(Json::Null, ts)
}
fn e<A: ActiveEnum<Value = String>>(v: &A) -> Json {
    Json::String(v.to_value())
}
/// A stored amount (ten-thousandths) as a decimal string with the
/// currency's own decimals (an unknown code keeps all four).
fn money(stored: i64, currency: &str) -> Json {
    match Currency::parse(currency) {
        Ok(c) => s(Money::from_storage(stored, c).amount()),
        Err(_) => s(Decimal::new(stored, STORAGE_SCALE)),
    }
}
/// A JSON text column as the value it holds (text if it is not JSON).
fn parsed(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|_| s(text))
}

/// The currency of `key` in `map` (empty if unknown).
fn cur<K: std::hash::Hash + Eq>(map: &HashMap<K, String>, key: &K) -> String {
    map.get(key).cloned().unwrap_or_default()
}

fn csv_text(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn object(out: &mut String, columns: &[&str], values: &[Json]) {
    out.push('{');
    for (i, (column, value)) in columns.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Json::String((*column).into()).to_string());
        out.push(':');
        out.push_str(&value.to_string());
    }
    out.push('}');
}

/// Who the export is for, and what is shared with them.
struct Scope {
    tenant: TenantId,
    user: UserId,
    /// Contacts of other people linked to this person (accepted).
    linked: Vec<ContactId>,
    /// Other people's groups this person is a member of.
    shared_groups: Vec<ExpenseGroupId>,
}

struct Builder<'a> {
    db: &'a DatabaseConnection,
    out: ZipOut,
    wrote_kind: bool,
    counts: serde_json::Map<String, Json>,
}

impl Builder<'_> {
    /// Streams every row of `E` matching `cond`, in `id` order, as kind `name`.
    async fn dump<E, F>(
        &mut self,
        name: &'static str,
        cond: Condition,
        id_col: E::Column,
        id_of: fn(&E::Model) -> Value,
        row: F,
    ) -> anyhow::Result<()>
    where
        E: EntityTrait,
        F: Fn(&E::Model) -> Vec<Json>,
    {
        let index = kind_index(name);
        let columns = KINDS[index].columns;
        let mut json = String::new();
        if self.wrote_kind {
            json.push(',');
        }
        self.wrote_kind = true;
        json.push_str(&format!("\"{name}\":["));
        let (mut after, mut count, mut first) = (None::<Value>, 0_u64, true);
        loop {
            let mut query = E::find().filter(cond.clone());
            if let Some(last) = after.take() {
                query = query.filter(id_col.gt(last));
            }
            let rows = query.order_by_asc(id_col).limit(PAGE).all(self.db).await?;
            let mut csv = String::new();
            for r in &rows {
                let values = row(r);
                debug_assert_eq!(values.len(), columns.len(), "{name}");
                if !first {
                    json.push(',');
                }
                first = false;
                object(&mut json, columns, &values);
                csv.push_str(&crate::csv::line(values.iter().map(csv_text)));
            }
            count += rows.len() as u64;
            let more = rows.len() as u64 == PAGE;
            after = rows.last().filter(|_| more).map(id_of);
            if !more {
                json.push(']');
            }
            self.out
                .write(std::mem::take(&mut json), Some(index), csv)
                .await?;
            if !more {
                break;
            }
        }
        self.counts.insert(name.into(), json!(count));
        Ok(())
    }
}

/// Writes `person`'s export to `key` in `store` and returns its size in bytes.
pub(crate) async fn write(
    db: &DatabaseConnection,
    store: Arc<dyn ExportStore>,
    person: &user::Model,
    key: &str,
    now: OffsetDateTime,
) -> anyhow::Result<u64> {
    let scope = scope(db, person).await?;
    let headers = KINDS
        .iter()
        .map(|k| (k.name, crate::csv::line(k.columns.iter().copied())))
        .collect();
    let out = ZipOut::create(store.clone(), key.to_string(), headers).await?;
    let mut b = Builder {
        db,
        out,
        wrote_kind: false,
        counts: serde_json::Map::new(),
    };
    let head = json!({
        "format": "hisaab-export",
        "version": FORMAT_VERSION,
        "exported_at": ts(now),
        "person": {
            "id": person.id.to_string(),
            "email": person.email,
            "display_name": person.display_name,
            "base_currency": person.base_currency,
            "created_at": ts(person.created_at),
        },
    })
    .to_string();
    // `{…head…, "records": {` — the kinds follow, then the counts.
    let open = format!("{},\"records\":{{", head.strip_suffix('}').unwrap_or(&head));
    b.out.write(open, None, String::new()).await?;
    dump_all(&mut b, db, &scope).await?;
    let tail = format!(
        "}},\"counts\":{}}}\n",
        Json::Object(std::mem::take(&mut b.counts))
    );
    let size = b.out.finish(tail).await?;
    // Kept where it can be downloaded (uploaded, for a bucket).
    store
        .finish(key)
        .await
        .with_context(|| format!("keeping the export {key}"))?;
    Ok(size)
}

async fn scope(db: &DatabaseConnection, person: &user::Model) -> anyhow::Result<Scope> {
    let linked: Vec<ContactId> = contact::Entity::find()
        .filter(contact::Column::LinkedUserId.eq(person.id.0))
        .filter(contact::Column::ShareStatus.eq("accepted"))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut shared_groups: Vec<ExpenseGroupId> = member::Entity::find()
        .filter(member::Column::ContactId.is_in(linked.clone()))
        .filter(member::Column::RemovedAt.is_null())
        .filter(member::Column::TenantId.ne(person.tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    shared_groups.sort_unstable();
    shared_groups.dedup();
    Ok(Scope {
        tenant: person.tenant_id,
        user: person.id,
        linked,
        shared_groups,
    })
}

async fn currencies<E, K>(
    db: &DatabaseConnection,
    cond: Condition,
    pair: fn(E::Model) -> (K, String),
) -> anyhow::Result<HashMap<K, String>>
where
    E: EntityTrait,
    K: std::hash::Hash + Eq,
{
    Ok(E::find()
        .filter(cond)
        .all(db)
        .await?
        .into_iter()
        .map(pair)
        .collect())
}

async fn dump_all(b: &mut Builder<'_>, db: &DatabaseConnection, sc: &Scope) -> anyhow::Result<()> {
    let t = sc.tenant;
    let mine = |c: sea_orm::sea_query::SimpleExpr| Condition::all().add(c);
    let accounts =
        currencies::<account::Entity, _>(db, mine(account::Column::TenantId.eq(t)), |a| (a.id, a.currency))
            .await?;
    let holdings =
        currencies::<holding::Entity, _>(db, mine(holding::Column::TenantId.eq(t)), |h| (h.id, h.currency))
            .await?;
    let loans =
        currencies::<loan::Entity, _>(db, mine(loan::Column::TenantId.eq(t)), |l| (l.id, l.currency)).await?;
    let groups_cond = Condition::any()
        .add(group::Column::TenantId.eq(t))
        .add(group::Column::Id.is_in(sc.shared_groups.clone()));
    let groups = currencies::<group::Entity, _>(db, groups_cond.clone(), |g| (g.id, g.currency)).await?;

    b.dump::<account::Entity, _>(
        "accounts",
        mine(account::Column::TenantId.eq(t)),
        account::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.name),
                e(&m.kind),
                s(&m.currency),
                money(m.opening_balance, &m.currency),
                s(m.opening_date),
                json!(m.archived),
                opt(m.notes.as_ref()),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<category::Entity, _>(
        "categories",
        mine(category::Column::TenantId.eq(t)),
        category::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.name),
                e(&m.kind),
                opt(m.parent_id),
                opt(m.color.as_ref()),
                opt(m.icon.as_ref()),
                json!(m.archived),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    b.dump::<transaction::Entity, _>(
        "transactions",
        mine(transaction::Column::TenantId.eq(t)),
        transaction::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(m.account_id),
                e(&m.kind),
                money(m.amount, &m.currency),
                money(m.delta, &m.currency),
                s(&m.currency),
                s(m.date),
                s(&m.description),
                opt(m.payee.as_ref()),
                opt(m.category_id),
                s(&m.tags),
                opt(m.notes.as_ref()),
                opt(m.transfer_id),
                opt(m.reverses_id),
                opt(m.reversed_by_id),
                opt(m.corrects_id),
                opt(m.corrected_by_id),
                opt(m.reason.as_ref()),
                opt(m.social_id),
                json!(m.outside_flow),
                s(m.created_by),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<transfer::Entity, _>(
        "transfers",
        mine(transfer::Column::TenantId.eq(t)),
        transfer::Column::Id,
        |m| m.id.into(),
        |m| {
            let (from, to) = (
                cur(&accounts, &m.from_account_id),
                cur(&accounts, &m.to_account_id),
            );
            vec![
                s(m.id),
                s(m.from_account_id),
                s(m.to_account_id),
                s(m.from_transaction_id),
                s(m.to_transaction_id),
                money(m.from_amount, &from),
                s(&from),
                money(m.to_amount, &to),
                s(&to),
                s(&m.rate),
                s(m.date),
                s(&m.description),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    for (kind, side) in [("assets", "asset"), ("liabilities", "liability")] {
        let cond = mine(holding::Column::TenantId.eq(t)).add(holding::Column::Side.eq(side));
        b.dump::<holding::Entity, _>(
            kind,
            cond,
            holding::Column::Id,
            |m| m.id.into(),
            |m| {
                vec![
                    s(m.id),
                    s(&m.kind),
                    s(&m.name),
                    s(&m.currency),
                    opt(m.notes.as_ref()),
                    json!(m.archived),
                    ts(m.created_at),
                    ts(m.updated_at),
                ]
            },
        )
        .await?;
    }
    b.dump::<holding_value::Entity, _>(
        "valuations",
        mine(holding_value::Column::TenantId.eq(t)),
        holding_value::Column::Id,
        |m| m.id.into(),
        |m| {
            let c = cur(&holdings, &m.holding_id);
            vec![
                s(m.id),
                s(m.holding_id),
                s(m.date),
                money(m.value, &c),
                s(&c),
                s(m.created_by),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    b.dump::<loan::Entity, _>(
        "loans",
        mine(loan::Column::TenantId.eq(t)),
        loan::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.direction),
                s(&m.counterparty),
                s(&m.currency),
                money(m.principal, &m.currency),
                s(&m.annual_rate),
                json!(m.term_months),
                s(m.start_date),
                s(&m.frequency),
                opt(m.notes.as_ref()),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<loan_payment::Entity, _>(
        "loan_payments",
        mine(loan_payment::Column::TenantId.eq(t)),
        loan_payment::Column::Id,
        |m| m.id.into(),
        |m| {
            let c = cur(&loans, &m.loan_id);
            vec![
                s(m.id),
                s(m.loan_id),
                s(m.date),
                money(m.amount, &c),
                money(m.principal_part, &c),
                money(m.interest_part, &c),
                s(&c),
                opt(m.transaction_id),
                s(m.created_by),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    b.dump::<exchange_rate::Entity, _>(
        "exchange_rates",
        mine(exchange_rate::Column::TenantId.eq(t)),
        exchange_rate::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(m.date),
                s(&m.from_currency),
                s(&m.to_currency),
                s(&m.rate),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    b.dump::<contact::Entity, _>(
        "contacts",
        mine(contact::Column::TenantId.eq(t)),
        contact::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.name),
                opt(m.email.as_ref()),
                opt(m.phone.as_ref()),
                opt(m.notes.as_ref()),
                opt(m.linked_user_id),
                s(&m.share_status),
                ots(m.archived_at),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<contact_group::Entity, _>(
        "contact_groups",
        mine(contact_group::Column::TenantId.eq(t)),
        contact_group::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.name),
                s(&m.kind),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<contact_group_member::Entity, _>(
        "contact_group_members",
        mine(contact_group_member::Column::TenantId.eq(t)),
        contact_group_member::Column::Id,
        |m| m.id.into(),
        |m| vec![s(m.id), s(m.contact_group_id), s(m.contact_id)],
    )
    .await?;
    let ious = Condition::any()
        .add(peer_debt::Column::TenantId.eq(t))
        .add(peer_debt::Column::ContactId.is_in(sc.linked.clone()));
    b.dump::<peer_debt::Entity, _>(
        "ious",
        ious,
        peer_debt::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                json!(m.tenant_id != t),
                s(m.contact_id),
                e(&m.direction),
                money(m.amount, &m.currency),
                s(&m.currency),
                s(m.date),
                opt(m.reason.as_ref()),
                opt(m.due_date),
                opt(m.notes.as_ref()),
                s(m.created_by),
                ts(m.created_at),
                ots(m.updated_at),
                json!(m.version),
                ots(m.deleted_at),
                opt(m.replaces_id),
                opt(m.replaced_by_id),
            ]
        },
    )
    .await?;
    let shared_debts = Query::select()
        .column(peer_debt::Column::Id)
        .from(peer_debt::Entity)
        .and_where(peer_debt::Column::ContactId.is_in(sc.linked.clone()))
        .to_owned();
    let settlements = Condition::any()
        .add(settlement::Column::TenantId.eq(t))
        .add(settlement::Column::GroupId.is_in(sc.shared_groups.clone()))
        .add(settlement::Column::PeerDebtId.in_subquery(shared_debts));
    b.dump::<settlement::Entity, _>(
        "settlements",
        settlements,
        settlement::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                json!(m.tenant_id != t),
                opt(m.group_id),
                opt(m.peer_debt_id),
                opt(m.from_member_id),
                opt(m.to_member_id),
                money(m.amount, &m.currency),
                s(&m.currency),
                e(&m.method),
                s(m.date),
                opt(m.notes.as_ref()),
                s(m.created_by),
                ts(m.created_at),
                ts(m.updated_at),
                json!(m.version),
                ots(m.deleted_at),
            ]
        },
    )
    .await?;
    b.dump::<group::Entity, _>(
        "groups",
        groups_cond,
        group::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                json!(m.tenant_id != t),
                s(&m.name),
                s(&m.currency),
                json!(m.simplify),
                opt(m.default_split.as_ref()),
                ots(m.archived_at),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    let in_groups = |tenant: sea_orm::sea_query::SimpleExpr, group: sea_orm::sea_query::SimpleExpr| {
        Condition::any().add(tenant).add(group)
    };
    b.dump::<member::Entity, _>(
        "members",
        in_groups(
            member::Column::TenantId.eq(t),
            member::Column::GroupId.is_in(sc.shared_groups.clone()),
        ),
        member::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(m.group_id),
                opt(m.contact_id),
                s(&m.name),
                ts(m.created_at),
                ots(m.removed_at),
            ]
        },
    )
    .await?;
    b.dump::<group_expense::Entity, _>(
        "expenses",
        in_groups(
            group_expense::Column::TenantId.eq(t),
            group_expense::Column::GroupId.is_in(sc.shared_groups.clone()),
        ),
        group_expense::Column::Id,
        |m| m.id.into(),
        |m| {
            let c = cur(&groups, &m.group_id);
            vec![
                s(m.id),
                s(m.group_id),
                s(&m.description),
                s(m.date),
                money(m.total, &c),
                s(&c),
                money(m.original_amount, &m.original_currency),
                s(&m.original_currency),
                s(&m.rate),
                s(&m.split_method),
                parsed(&m.spec),
                opt(m.category_id),
                json!(m.version),
                ots(m.deleted_at),
                s(m.created_by),
                ts(m.created_at),
                ts(m.updated_at),
            ]
        },
    )
    .await?;
    b.dump::<expense_line::Entity, _>(
        "expense_lines",
        in_groups(
            expense_line::Column::TenantId.eq(t),
            expense_line::Column::GroupId.is_in(sc.shared_groups.clone()),
        ),
        expense_line::Column::Id,
        |m| m.id.into(),
        |m| {
            let c = cur(&groups, &m.group_id);
            vec![
                s(m.id),
                s(m.group_id),
                s(m.expense_id),
                s(m.member_id),
                money(m.paid, &c),
                money(m.owed, &c),
                s(&c),
            ]
        },
    )
    .await?;
    b.dump::<notification::Entity, _>(
        "notifications",
        mine(notification::Column::UserId.eq(sc.user)),
        notification::Column::Id,
        |m| m.id.into(),
        |m| {
            vec![
                s(m.id),
                s(&m.event_type),
                parsed(&m.data),
                ts(m.created_at),
                ots(m.read_at),
            ]
        },
    )
    .await?;
    let about = Condition::any()
        .add(audit_log::Column::ActorUserId.eq(sc.user))
        .add(audit_log::Column::SubjectUserId.eq(sc.user));
    let user = sc.user;
    b.dump::<audit_log::Entity, _>(
        "audit_entries",
        about,
        audit_log::Column::Id,
        |m| m.id.into(),
        move |m| {
            // Where a request came from is told only for the person's own
            // requests, never for someone else's action about them.
            let own = m.actor_user_id == Some(user);
            vec![
                s(m.id),
                s(&m.action),
                opt(m.actor_user_id),
                opt(m.subject_user_id),
                parsed(&m.details),
                if own { opt(m.ip.as_ref()) } else { Json::Null },
                if own {
                    opt(m.user_agent.as_ref())
                } else {
                    Json::Null
                },
                opt(m.request_id.as_ref()),
                ts(m.created_at),
            ]
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/export.schema.json` names every kind and exactly its fields, in
    /// order, and requires them all; `counts` names every kind too.
    #[test]
    fn the_published_schema_matches_the_kinds_written() {
        let schema: Json = serde_json::from_str(include_str!("../../../docs/export.schema.json")).unwrap();
        assert_eq!(schema["properties"]["version"]["const"], FORMAT_VERSION);
        let records = schema["properties"]["records"]["properties"].as_object().unwrap();
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        assert_eq!(
            records
                .keys()
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>(),
            names.iter().copied().collect()
        );
        for k in KINDS {
            let item = &records[k.name]["items"];
            let required: Vec<&str> = item["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(required, k.columns, "{}", k.name);
            assert_eq!(
                item["properties"].as_object().unwrap().len(),
                k.columns.len(),
                "{}",
                k.name
            );
            assert!(
                schema["properties"]["counts"]["properties"].get(k.name).is_some(),
                "{}",
                k.name
            );
        }
    }

    #[test]
    fn amounts_are_decimal_strings_in_their_currencys_decimals() {
        assert_eq!(money(125_000, "USD"), "12.50");
        assert_eq!(money(-125_000, "USD"), "-12.50");
        assert_eq!(money(1_230_000, "JPY"), "123");
        assert_eq!(money(12_345, "XXX?"), "1.2345");
    }
}
