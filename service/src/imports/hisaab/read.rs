//! Reading one record of `hisaab.json` back into the row it was exported
//! from (the export's columns, `exports::KINDS`). Every field is checked as
//! it is read: what is wrong goes into `problems`, and a record with a
//! problem gives no row. Ids are read as they are written in the file; the
//! writer gives them new ones.

use crate::finance::amortization::Frequency;
use crate::finance::holdings::{ASSET_KINDS, LIABILITY_KINDS};
use crate::input::iso_date;
use crate::money::{Currency, Money};
use hisaab_entity::finance::{
    AccountId, CategoryId, ExchangeRateId, FlowKind, HoldingId, HoldingValueId, LoanId, LoanPaymentId,
    TransactionId, TransferId, account, category, exchange_rate, holding, holding_value, loan, loan_payment,
    transaction, transfer,
};
use hisaab_entity::social::{
    ContactGroupId, ContactGroupMemberId, ContactId, ExpenseGroupId, ExpenseLineId, GroupExpenseId,
    GroupMemberId, PeerDebtId, SettlementId, contact, contact_group, contact_group_member, expense_line,
    group, group_expense, member, peer_debt, settlement,
};
use hisaab_entity::{TenantId, UserId};
use rust_decimal::Decimal;
use sea_orm::ActiveEnum;
use serde_json::{Map, Value as Json};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Rows are read into the nil tenant; the writer sets the importer's.
const NO_TENANT: TenantId = TenantId(Uuid::nil());

/// The split methods an expense may name.
const SPLIT_METHODS: &[&str] = &["equal", "exact", "percentage", "shares", "itemized", "adjustment"];
/// Contact group kinds (`social::contact_groups`).
use crate::social::CONTACT_GROUP_KINDS;

/// An id type made from the UUID in the file.
pub(super) trait Wrap: Copy {
    fn wrap(u: Uuid) -> Self;
    fn uuid(self) -> Uuid;
}

impl Wrap for Uuid {
    fn wrap(u: Uuid) -> Self {
        u
    }
    fn uuid(self) -> Uuid {
        self
    }
}

macro_rules! wrap {
    ($($t:ty),* $(,)?) => {$(
        impl Wrap for $t {
            fn wrap(u: Uuid) -> Self {
                Self(u)
            }
            fn uuid(self) -> Uuid {
                self.0
            }
        }
    )*};
}

wrap!(
    UserId,
    AccountId,
    CategoryId,
    TransactionId,
    TransferId,
    HoldingId,
    HoldingValueId,
    LoanId,
    LoanPaymentId,
    ExchangeRateId,
    ContactId,
    ContactGroupId,
    ContactGroupMemberId,
    PeerDebtId,
    SettlementId,
    ExpenseGroupId,
    GroupMemberId,
    GroupExpenseId,
    ExpenseLineId,
);

/// One record being read.
pub(super) struct Row<'a> {
    obj: &'a Map<String, Json>,
    pub problems: Vec<String>,
}

impl<'a> Row<'a> {
    pub fn new(v: &'a Json) -> Result<Self, String> {
        v.as_object()
            .map(|obj| Self {
                obj,
                problems: Vec::new(),
            })
            .ok_or_else(|| "it is not an object".to_string())
    }

    fn bad(&mut self, col: &str, why: impl std::fmt::Display) {
        self.problems.push(format!("{col} {why}"));
    }

    fn raw(&mut self, col: &str) -> Option<&'a Json> {
        let v = self.obj.get(col);
        if v.is_none() {
            self.bad(col, "is missing");
        }
        v.filter(|v| !v.is_null())
    }

    fn opt_str(&mut self, col: &str) -> Option<&'a str> {
        match self.raw(col) {
            None => None,
            Some(Json::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.bad(col, "is not text");
                None
            }
        }
    }

    fn req_str(&mut self, col: &str) -> Option<&'a str> {
        let missing = !self.obj.contains_key(col);
        let v = self.opt_str(col);
        if v.is_none() && !missing {
            self.bad(col, "is empty");
        }
        v
    }

    pub fn text(&mut self, col: &str) -> String {
        self.req_str(col).unwrap_or_default().to_string()
    }

    pub fn opt_text(&mut self, col: &str) -> Option<String> {
        self.opt_str(col).map(str::to_string)
    }

    pub fn id<T: Wrap>(&mut self, col: &str) -> T {
        self.opt_id(col).unwrap_or_else(|| {
            if self.obj.get(col).is_some_and(Json::is_null) {
                self.bad(col, "is empty");
            }
            T::wrap(Uuid::nil())
        })
    }

    pub fn opt_id<T: Wrap>(&mut self, col: &str) -> Option<T> {
        let s = self.opt_str(col)?;
        match Uuid::parse_str(s) {
            Ok(u) => Some(T::wrap(u)),
            Err(_) => {
                self.bad(col, format!("“{s}” is not an id"));
                None
            }
        }
    }

    pub fn flag(&mut self, col: &str) -> bool {
        match self.raw(col) {
            Some(Json::Bool(b)) => *b,
            Some(_) => {
                self.bad(col, "is not true or false");
                false
            }
            None => false,
        }
    }

    pub fn int(&mut self, col: &str) -> i64 {
        match self.raw(col).map(Json::as_i64) {
            Some(Some(n)) => n,
            Some(None) => {
                self.bad(col, "is not a whole number");
                0
            }
            None => 0,
        }
    }

    pub fn date(&mut self, col: &str) -> Date {
        self.opt_date_inner(col, true).unwrap_or(Date::MIN)
    }

    pub fn opt_date(&mut self, col: &str) -> Option<Date> {
        self.opt_date_inner(col, false)
    }

    fn opt_date_inner(&mut self, col: &str, required: bool) -> Option<Date> {
        let s = if required {
            self.req_str(col)
        } else {
            self.opt_str(col)
        }?;
        let d = iso_date(s);
        if d.is_none() {
            self.bad(col, format!("“{s}” is not a date (YYYY-MM-DD)"));
        }
        d
    }

    pub fn time(&mut self, col: &str) -> OffsetDateTime {
        self.opt_time_inner(col, true)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    pub fn opt_time(&mut self, col: &str) -> Option<OffsetDateTime> {
        self.opt_time_inner(col, false)
    }

    fn opt_time_inner(&mut self, col: &str, required: bool) -> Option<OffsetDateTime> {
        let s = if required {
            self.req_str(col)
        } else {
            self.opt_str(col)
        }?;
        let t = OffsetDateTime::parse(s, &Rfc3339).ok();
        if t.is_none() {
            self.bad(col, format!("“{s}” is not a time (RFC 3339)"));
        }
        t
    }

    /// A currency code, returned as stored (upper case, as written).
    pub fn currency(&mut self, col: &str) -> (String, Option<Currency>) {
        let Some(code) = self.req_str(col) else {
            return (String::new(), None);
        };
        match Currency::parse(code) {
            Ok(c) => (c.code().to_string(), Some(c)),
            Err(_) => {
                self.bad(col, format!("“{code}” is not a currency we know"));
                (code.to_string(), None)
            }
        }
    }

    /// An amount in `currency`'s decimals, as stored (ten-thousandths).
    pub fn money(&mut self, col: &str, currency: Option<Currency>) -> i64 {
        let Some(text) = self.req_str(col) else {
            return 0;
        };
        let Some(c) = currency else {
            return 0;
        };
        match Money::parse(text, c) {
            Ok(m) => m.to_storage(),
            Err(e) => {
                self.bad(col, format!("“{text}” {e} ({})", c.code()));
                0
            }
        }
    }

    /// A decimal number kept as text (rates).
    pub fn decimal(&mut self, col: &str) -> String {
        let text = self.text(col);
        if !text.is_empty() && text.parse::<Decimal>().is_err() {
            self.bad(col, format!("“{text}” is not a number"));
        }
        text
    }

    /// One of `allowed`.
    pub fn choice(&mut self, col: &str, allowed: &[&str]) -> String {
        let text = self.text(col);
        if !text.is_empty() && !allowed.contains(&text.as_str()) {
            self.bad(col, format!("“{text}” is not one of {}", allowed.join(", ")));
        }
        text
    }

    /// A value of a database enum.
    pub fn enumerated<A: ActiveEnum<Value = String>>(&mut self, col: &str) -> Option<A> {
        let text = self.text(col);
        let v = A::try_from_value(&text).ok();
        if v.is_none() && !text.is_empty() {
            self.bad(col, format!("“{text}” is not a known value"));
        }
        v
    }

    /// A JSON value stored as text (an expense's split as entered).
    pub fn json_text(&mut self, col: &str) -> String {
        match self.raw(col) {
            Some(Json::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        }
    }

    fn done<T>(&self, row: T) -> Option<T> {
        self.problems.is_empty().then_some(row)
    }
}

pub(super) fn account(r: &mut Row) -> Option<account::Model> {
    let (currency, c) = r.currency("currency");
    let kind = r.enumerated::<account::Kind>("kind");
    let m = account::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        name: r.text("name"),
        kind: kind.unwrap_or(account::Kind::Other),
        opening_balance: r.money("opening_balance", c),
        opening_date: r.date("opening_date"),
        archived: r.flag("archived"),
        notes: r.opt_text("notes"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        currency,
    };
    r.done(m)
}

pub(super) fn category(r: &mut Row) -> Option<category::Model> {
    let kind = r.enumerated::<FlowKind>("kind");
    let m = category::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        name: r.text("name"),
        kind: kind.unwrap_or(FlowKind::Expense),
        parent_id: r.opt_id("parent_id"),
        color: r.opt_text("color"),
        icon: r.opt_text("icon"),
        archived: r.flag("archived"),
        created_at: r.time("created_at"),
    };
    r.done(m)
}

pub(super) fn transaction(r: &mut Row) -> Option<transaction::Model> {
    let (currency, c) = r.currency("currency");
    let kind = r.enumerated::<FlowKind>("kind");
    let m = transaction::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        account_id: r.id("account_id"),
        kind: kind.unwrap_or(FlowKind::Expense),
        amount: r.money("amount", c),
        delta: r.money("delta", c),
        date: r.date("date"),
        description: r.opt_text("description").unwrap_or_default(),
        payee: r.opt_text("payee"),
        category_id: r.opt_id("category_id"),
        tags: r.opt_text("tags").unwrap_or_default(),
        notes: r.opt_text("notes"),
        transfer_id: r.opt_id("transfer_id"),
        reverses_id: r.opt_id("reverses_id"),
        reversed_by_id: r.opt_id("reversed_by_id"),
        corrects_id: r.opt_id("corrects_id"),
        corrected_by_id: r.opt_id("corrected_by_id"),
        reason: r.opt_text("reason"),
        social_id: r.opt_id("social_id"),
        outside_flow: r.flag("outside_flow"),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        currency,
    };
    r.done(m)
}

pub(super) fn transfer(r: &mut Row) -> Option<transfer::Model> {
    let (_, from) = r.currency("from_currency");
    let (_, to) = r.currency("to_currency");
    let m = transfer::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        from_account_id: r.id("from_account_id"),
        to_account_id: r.id("to_account_id"),
        from_transaction_id: r.id("from_transaction_id"),
        to_transaction_id: r.id("to_transaction_id"),
        from_amount: r.money("from_amount", from),
        to_amount: r.money("to_amount", to),
        rate: r.decimal("rate"),
        date: r.date("date"),
        description: r.opt_text("description").unwrap_or_default(),
        created_at: r.time("created_at"),
    };
    r.done(m)
}

/// An asset (`side` = asset) or a liability.
pub(super) fn holding(r: &mut Row, side: &str) -> Option<holding::Model> {
    let kinds: Vec<&str> = if side == "asset" {
        ASSET_KINDS
    } else {
        LIABILITY_KINDS
    }
    .iter()
    .map(|(k, _)| *k)
    .collect();
    let (currency, _) = r.currency("currency");
    let m = holding::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        side: side.to_string(),
        kind: r.choice("kind", &kinds),
        name: r.text("name"),
        notes: r.opt_text("notes"),
        archived: r.flag("archived"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        currency,
    };
    r.done(m)
}

pub(super) fn valuation(r: &mut Row) -> Option<holding_value::Model> {
    let (_, c) = r.currency("currency");
    let m = holding_value::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        holding_id: r.id("holding_id"),
        date: r.date("date"),
        value: r.money("value", c),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
    };
    r.done(m)
}

pub(super) fn loan(r: &mut Row) -> Option<loan::Model> {
    let (currency, c) = r.currency("currency");
    let frequencies: Vec<&str> = Frequency::WORDS.iter().map(|(w, _)| *w).collect();
    let term = r.int("term_months");
    let term_months = i32::try_from(term).unwrap_or_else(|_| {
        r.bad("term_months", "is too large");
        0
    });
    let m = loan::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        direction: r.choice("direction", &["borrowed", "lent"]),
        counterparty: r.text("counterparty"),
        principal: r.money("principal", c),
        annual_rate: r.decimal("annual_rate"),
        term_months,
        start_date: r.date("start_date"),
        frequency: r.choice("frequency", &frequencies),
        notes: r.opt_text("notes"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        currency,
    };
    r.done(m)
}

pub(super) fn loan_payment(r: &mut Row) -> Option<loan_payment::Model> {
    let (_, c) = r.currency("currency");
    let m = loan_payment::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        loan_id: r.id("loan_id"),
        date: r.date("date"),
        amount: r.money("amount", c),
        principal_part: r.money("principal_part", c),
        interest_part: r.money("interest_part", c),
        transaction_id: r.opt_id("transaction_id"),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
    };
    r.done(m)
}

pub(super) fn exchange_rate(r: &mut Row) -> Option<exchange_rate::Model> {
    let (from_currency, _) = r.currency("from_currency");
    let (to_currency, _) = r.currency("to_currency");
    let m = exchange_rate::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        date: r.date("date"),
        from_currency,
        to_currency,
        rate: r.decimal("rate"),
        created_at: r.time("created_at"),
    };
    r.done(m)
}

pub(super) fn contact(r: &mut Row) -> Option<contact::Model> {
    // The link to another person's account is not carried (ADR 0029): read
    // and checked, then dropped by the writer.
    r.opt_id::<Uuid>("linked_user_id");
    r.choice("share_status", &["not_shared", "pending", "accepted"]);
    let m = contact::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        name: r.text("name"),
        email: r.opt_text("email"),
        phone: r.opt_text("phone"),
        notes: r.opt_text("notes"),
        linked_user_id: None,
        share_status: "not_shared".into(),
        archived_at: r.opt_time("archived_at"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
    };
    r.done(m)
}

pub(super) fn contact_group(r: &mut Row) -> Option<contact_group::Model> {
    let m = contact_group::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        name: r.text("name"),
        kind: r.choice("kind", CONTACT_GROUP_KINDS),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
    };
    r.done(m)
}

pub(super) fn contact_group_member(r: &mut Row) -> Option<contact_group_member::Model> {
    let m = contact_group_member::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        contact_group_id: r.id("contact_group_id"),
        contact_id: r.id("contact_id"),
    };
    r.done(m)
}

fn version(r: &mut Row) -> i32 {
    let v = r.int("version");
    i32::try_from(v).unwrap_or_else(|_| {
        r.bad("version", "is too large");
        0
    })
}

pub(super) fn iou(r: &mut Row) -> Option<peer_debt::Model> {
    let (currency, c) = r.currency("currency");
    let direction = r.enumerated::<peer_debt::Direction>("direction");
    let m = peer_debt::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        contact_id: r.id("contact_id"),
        direction: direction.unwrap_or(peer_debt::Direction::Lent),
        amount: r.money("amount", c),
        date: r.date("date"),
        reason: r.opt_text("reason"),
        due_date: r.opt_date("due_date"),
        notes: r.opt_text("notes"),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
        updated_at: r.opt_time("updated_at"),
        version: version(r),
        deleted_at: r.opt_time("deleted_at"),
        replaces_id: r.opt_id("replaces_id"),
        replaced_by_id: r.opt_id("replaced_by_id"),
        currency,
    };
    r.done(m)
}

pub(super) fn settlement(r: &mut Row) -> Option<settlement::Model> {
    let (currency, c) = r.currency("currency");
    let method = r.enumerated::<settlement::Method>("method");
    let m = settlement::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        group_id: r.opt_id("group_id"),
        peer_debt_id: r.opt_id("peer_debt_id"),
        from_member_id: r.opt_id("from_member_id"),
        to_member_id: r.opt_id("to_member_id"),
        amount: r.money("amount", c),
        method: method.unwrap_or(settlement::Method::Other),
        date: r.date("date"),
        notes: r.opt_text("notes"),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        version: version(r),
        deleted_at: r.opt_time("deleted_at"),
        currency,
    };
    if m.group_id.is_none() == m.peer_debt_id.is_none() {
        r.bad("group_id", "or peer_debt_id must be set, not both");
    }
    r.done(m)
}

pub(super) fn group(r: &mut Row) -> Option<group::Model> {
    let (currency, _) = r.currency("currency");
    let m = group::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        name: r.text("name"),
        simplify: r.flag("simplify"),
        default_split: r.opt_text("default_split"),
        archived_at: r.opt_time("archived_at"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
        currency,
    };
    r.done(m)
}

pub(super) fn member(r: &mut Row) -> Option<member::Model> {
    let m = member::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        group_id: r.id("group_id"),
        contact_id: r.opt_id("contact_id"),
        name: r.text("name"),
        created_at: r.time("created_at"),
        removed_at: r.opt_time("removed_at"),
    };
    r.done(m)
}

pub(super) fn expense(r: &mut Row) -> Option<group_expense::Model> {
    let (_, c) = r.currency("currency");
    let (original_currency, oc) = r.currency("original_currency");
    let m = group_expense::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        group_id: r.id("group_id"),
        description: r.text("description"),
        date: r.date("date"),
        total: r.money("total", c),
        original_amount: r.money("original_amount", oc),
        original_currency,
        rate: r.decimal("rate"),
        split_method: r.choice("split_method", SPLIT_METHODS),
        spec: r.json_text("spec"),
        category_id: r.opt_id("category_id"),
        version: version(r),
        deleted_at: r.opt_time("deleted_at"),
        created_by: r.id("created_by"),
        created_at: r.time("created_at"),
        updated_at: r.time("updated_at"),
    };
    r.done(m)
}

pub(super) fn expense_line(r: &mut Row) -> Option<expense_line::Model> {
    let (_, c) = r.currency("currency");
    let m = expense_line::Model {
        id: r.id("id"),
        tenant_id: NO_TENANT,
        group_id: r.id("group_id"),
        expense_id: r.id("expense_id"),
        member_id: r.id("member_id"),
        paid: r.money("paid", c),
        owed: r.money("owed", c),
    };
    r.done(m)
}
