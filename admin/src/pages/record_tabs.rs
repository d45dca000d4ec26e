//! The tabs of a user's page: what each lists, its columns, and its rows as
//! cells. One table shape for all of them, so the page, "Load more" and the
//! CSV download share one template and one writer.

use super::when;
use hisaab_service::admin_records as records;
use hisaab_service::entity::UserId;
use hisaab_service::finance::format_date;
use hisaab_service::finance::holdings::Side;
use hisaab_service::finance::transactions::TransactionFilter;
use hisaab_service::money::Money;
use hisaab_service::templating::Templates;
use hisaab_service::{Actor, App, Result, social};
use serde::Serialize;

/// One kind of record a person owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Accounts,
    Transactions,
    Categories,
    Assets,
    Liabilities,
    Loans,
    Contacts,
    Debts,
    Groups,
    Expenses,
    Settlements,
    Notifications,
    Sessions,
    Audit,
}

impl Tab {
    pub const ALL: [Tab; 14] = [
        Tab::Accounts,
        Tab::Transactions,
        Tab::Categories,
        Tab::Assets,
        Tab::Liabilities,
        Tab::Loans,
        Tab::Contacts,
        Tab::Debts,
        Tab::Groups,
        Tab::Expenses,
        Tab::Settlements,
        Tab::Notifications,
        Tab::Sessions,
        Tab::Audit,
    ];

    /// The path segment after `/users/{id}/` (and the CSV's name).
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Accounts => "accounts",
            Tab::Transactions => "transactions",
            Tab::Categories => "categories",
            Tab::Assets => "assets",
            Tab::Liabilities => "liabilities",
            Tab::Loans => "loans",
            Tab::Contacts => "contacts",
            Tab::Debts => "debts",
            Tab::Groups => "groups",
            Tab::Expenses => "expenses",
            Tab::Settlements => "settlements",
            Tab::Notifications => "notifications",
            Tab::Sessions => "sessions",
            Tab::Audit => "audit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Accounts => "Accounts",
            Tab::Transactions => "Transactions",
            Tab::Categories => "Categories",
            Tab::Assets => "Assets",
            Tab::Liabilities => "Liabilities",
            Tab::Loans => "Loans",
            Tab::Contacts => "Contacts",
            Tab::Debts => "IOUs",
            Tab::Groups => "Groups",
            Tab::Expenses => "Expenses",
            Tab::Settlements => "Settlements",
            Tab::Notifications => "Notifications",
            Tab::Sessions => "Sign-ins",
            Tab::Audit => "Security audit",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// What an empty tab says.
    pub fn empty_text(self) -> &'static str {
        match self {
            Tab::Transactions => "No transactions match.",
            Tab::Audit => "No security events recorded.",
            Tab::Sessions => "Never signed in.",
            _ => "None yet.",
        }
    }

    pub fn columns(self) -> &'static [Col] {
        match self {
            Tab::Accounts => {
                const {
                    &[
                        Col::text("Name", "name"),
                        Col::text("Kind", "kind"),
                        Col::money("Balance", "balance"),
                        Col::text("Status", "status"),
                        Col::text("Opened", "opening_date"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Transactions => {
                const {
                    &[
                        Col::text("Date", "date"),
                        Col::text("Description", "description"),
                        Col::text("Payee", "payee"),
                        Col::text("Account", "account"),
                        Col::text("Category", "category"),
                        Col::text("Kind", "kind"),
                        Col::money("Amount", "amount"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Categories => {
                const {
                    &[
                        Col::text("Name", "name"),
                        Col::text("Kind", "kind"),
                        Col::text("Status", "status"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Assets | Tab::Liabilities => {
                const {
                    &[
                        Col::text("Name", "name"),
                        Col::text("Kind", "kind"),
                        Col::money("Value", "value"),
                        Col::text("As of", "value_date"),
                        Col::text("Status", "status"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Loans => {
                const {
                    &[
                        Col::text("Counterparty", "counterparty"),
                        Col::text("Direction", "direction"),
                        Col::money("Principal", "principal"),
                        Col::money("Outstanding", "outstanding"),
                        Col::text("Repaid", "repaid_percent"),
                        Col::text("Rate", "annual_rate"),
                        Col::text("Start", "start_date"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Contacts => {
                const {
                    &[
                        Col::text("Name", "name"),
                        Col::text("Email", "email"),
                        Col::text("Phone", "phone"),
                        Col::text("Sharing", "share_status"),
                        Col::text("Added", "created_at"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Debts => {
                const {
                    &[
                        Col::text("Date", "date"),
                        Col::text("Contact", "contact"),
                        Col::text("Direction", "direction"),
                        Col::money("Amount", "amount"),
                        Col::money("Outstanding", "outstanding"),
                        Col::text("Status", "status"),
                        Col::text("Due", "due_date"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Groups => {
                const {
                    &[
                        Col::text("Name", "name"),
                        Col::text("Members", "members"),
                        Col::money("Their balance", "balance"),
                        Col::text("Status", "status"),
                        Col::text("Created", "created_at"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Expenses => {
                const {
                    &[
                        Col::text("Date", "date"),
                        Col::text("Group", "group"),
                        Col::text("Description", "description"),
                        Col::money("Total", "total"),
                        Col::text("Split", "split_method"),
                        Col::text("Status", "status"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Settlements => {
                const {
                    &[
                        Col::text("Date", "date"),
                        Col::text("From", "from"),
                        Col::text("To", "to"),
                        Col::money("Amount", "amount"),
                        Col::text("Method", "method"),
                        Col::text("Group", "group"),
                        Col::text("Id", "id"),
                    ]
                }
            }
            Tab::Notifications => {
                const {
                    &[
                        Col::text("When", "created_at"),
                        Col::text("Event", "event_type"),
                        Col::text("Notification", "title"),
                        Col::text("Read", "read_at"),
                    ]
                }
            }
            Tab::Sessions => {
                const {
                    &[
                        Col::text("Kind", "kind"),
                        Col::text("Began", "created_at"),
                        Col::text("Last seen", "last_seen_at"),
                        Col::text("IP address", "ip"),
                        Col::text("Device", "user_agent"),
                        Col::text("Status", "status"),
                    ]
                }
            }
            Tab::Audit => {
                const {
                    &[
                        Col::text("When", "created_at"),
                        Col::text("Action", "action"),
                        Col::text("IP address", "ip"),
                        Col::text("Device", "user_agent"),
                        Col::text("Request id", "request_id"),
                        Col::text("Details", "details"),
                    ]
                }
            }
        }
    }

    /// The CSV header: a money column is two (amount, then currency).
    pub fn csv_header(self) -> Vec<&'static str> {
        self.columns()
            .iter()
            .flat_map(|c| match c.currency {
                Some(currency) => vec![c.csv, currency],
                None => vec![c.csv],
            })
            .collect()
    }
}

/// A column: its heading on the page and its name in the CSV header.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Col {
    pub title: &'static str,
    #[serde(skip)]
    pub csv: &'static str,
    /// A money column's currency column in the CSV.
    #[serde(skip)]
    pub currency: Option<&'static str>,
}

impl Col {
    const fn text(title: &'static str, csv: &'static str) -> Self {
        Col {
            title,
            csv,
            currency: None,
        }
    }

    /// Money: the page shows it formatted with its currency; the CSV has the
    /// exact amount and then the currency code (so a spreadsheet can sum it).
    const fn money(title: &'static str, csv: &'static str) -> Self {
        let currency = match csv.as_bytes() {
            b"balance" => "balance_currency",
            b"value" => "value_currency",
            b"principal" => "principal_currency",
            b"outstanding" => "outstanding_currency",
            b"total" => "total_currency",
            _ => "currency",
        };
        Col {
            title,
            csv,
            currency: Some(currency),
        }
    }
}

/// What a cell holds; the template draws each kind its own way.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Cell {
    Text {
        text: String,
    },
    /// Ids, addresses, request ids: monospace.
    Mono {
        text: String,
    },
    /// The exact amount and its currency (the template's `money` filter formats it).
    Money {
        amount: String,
        currency: String,
    },
    /// A share done (0–100) as a bar, with its words.
    Progress {
        percent: i64,
        label: String,
    },
    /// A short state; `tone` is a badge modifier (`danger`, `warning`, `success`, or blank).
    Badge {
        text: String,
        tone: &'static str,
    },
}

impl Cell {
    /// The cell in a CSV line (a money cell gives two: amount, currency).
    pub fn csv(&self) -> Vec<String> {
        match self {
            Cell::Text { text } | Cell::Mono { text } | Cell::Badge { text, .. } => vec![text.clone()],
            Cell::Money { amount, currency } => vec![amount.clone(), currency.clone()],
            Cell::Progress { percent, .. } => vec![percent.to_string()],
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text { text: s.into() }
}

fn mono(s: impl ToString) -> Cell {
    Cell::Mono { text: s.to_string() }
}

fn opt(s: &Option<String>) -> Cell {
    text(s.clone().unwrap_or_default())
}

fn money(m: &Money) -> Cell {
    Cell::Money {
        amount: m.to_string(),
        currency: m.currency().code().to_string(),
    }
}

fn badge(text: &str, tone: &'static str) -> Cell {
    Cell::Badge {
        text: text.to_string(),
        tone,
    }
}

fn archived(yes: bool) -> Cell {
    if yes {
        badge("Archived", "")
    } else {
        text("Active")
    }
}

/// What a page of a tab is read with.
pub struct Read<'a> {
    pub app: &'a App,
    pub staff: &'a Actor,
    pub user: UserId,
    pub cursor: Option<String>,
    pub limit: u64,
    /// The transaction tab's filters (the others have none).
    pub filter: TransactionFilter,
    /// Notification titles are worded by a template.
    pub templates: &'a Templates,
}

pub type Rows = (Vec<Vec<Cell>>, Option<String>);

/// One page of `tab` as cells, and the next page's cursor.
pub async fn read(tab: Tab, r: &Read<'_>) -> Result<Rows> {
    let (app, staff, user, limit) = (r.app, r.staff, r.user, r.limit);
    let cursor = r.cursor.as_deref();
    fn rows<T>(page: hisaab_service::pagination::Page<T>, f: impl Fn(&T) -> Vec<Cell>) -> Rows {
        (page.items.iter().map(f).collect(), page.next_cursor)
    }
    Ok(match tab {
        Tab::Accounts => rows(records::accounts(app, staff, user, cursor, limit).await?, |a| {
            vec![
                text(&a.name),
                text(a.kind.as_str()),
                money(&a.balance),
                archived(a.archived),
                text(format_date(a.opening_date)),
                mono(a.id),
            ]
        }),
        Tab::Transactions => {
            let names = records::record_names(app, staff, user).await?;
            let filter = TransactionFilter {
                cursor: r.cursor.clone(),
                limit: Some(limit),
                ..r.filter.clone()
            };
            rows(records::transactions(app, staff, user, filter).await?, |t| {
                vec![
                    text(format_date(t.date)),
                    text(&t.description),
                    opt(&t.payee),
                    text(names.account(t.account_id)),
                    text(names.category(t.category_id)),
                    text(t.kind.as_str()),
                    money(&t.amount),
                    mono(t.id),
                ]
            })
        }
        Tab::Categories => rows(records::categories(app, staff, user, cursor, limit).await?, |c| {
            vec![
                text(&c.name),
                text(c.kind.as_str()),
                archived(c.archived),
                mono(c.id),
            ]
        }),
        Tab::Assets | Tab::Liabilities => {
            let side = if tab == Tab::Assets {
                Side::Asset
            } else {
                Side::Liability
            };
            rows(
                records::holdings(app, staff, user, side, cursor, limit).await?,
                |h| {
                    vec![
                        text(&h.name),
                        text(&h.kind),
                        money(&h.value),
                        text(h.value_date.map(format_date).unwrap_or_default()),
                        archived(h.archived),
                        mono(h.id),
                    ]
                },
            )
        }
        Tab::Loans => rows(records::loans(app, staff, user, cursor, limit).await?, |l| {
            let done = l.repaid_percent();
            vec![
                text(&l.counterparty),
                text(&l.direction),
                money(&l.principal),
                money(&l.outstanding),
                Cell::Progress {
                    percent: done,
                    label: format!("{done}% repaid, {} payments", l.payments_made),
                },
                text(format!("{}%", l.annual_rate)),
                text(format_date(l.start_date)),
                mono(l.id),
            ]
        }),
        Tab::Contacts => rows(records::contacts(app, staff, user, cursor, limit).await?, |c| {
            vec![
                text(&c.name),
                opt(&c.email),
                opt(&c.phone),
                text(&c.share_status),
                text(when(c.created_at)),
                mono(c.id),
            ]
        }),
        Tab::Debts => {
            let today = app.now().date();
            rows(records::debts(app, staff, user, cursor, limit).await?, |d| {
                let due = d.due_date.map(format_date).unwrap_or_default();
                let due = if social::is_overdue(d, today) {
                    badge(&format!("Overdue since {due}"), "danger")
                } else {
                    text(due)
                };
                vec![
                    text(format_date(d.date)),
                    text(&d.contact_name),
                    text(social::direction_name(d.direction)),
                    money(&d.amount),
                    money(&d.outstanding),
                    text(d.status.as_str()),
                    due,
                    mono(d.id),
                ]
            })
        }
        Tab::Groups => rows(records::groups(app, staff, user, cursor, limit).await?, |g| {
            vec![
                text(&g.name),
                text(g.members.join(", ")),
                money(&g.balance),
                archived(g.archived),
                text(when(g.created_at)),
                mono(g.id),
            ]
        }),
        Tab::Expenses => rows(records::expenses(app, staff, user, cursor, limit).await?, |e| {
            vec![
                text(format_date(e.date)),
                text(&e.group_name),
                text(&e.description),
                money(&e.total),
                text(&e.split_method),
                if e.deleted {
                    badge("Deleted", "warning")
                } else {
                    text("Live")
                },
                mono(e.id),
            ]
        }),
        Tab::Settlements => rows(
            records::settlements(app, staff, user, cursor, limit).await?,
            |s| {
                vec![
                    text(format_date(s.date)),
                    text(&s.from_name),
                    text(&s.to_name),
                    money(&s.amount),
                    text(social::method_name(s.method)),
                    opt(&s.group_name),
                    mono(s.id),
                ]
            },
        ),
        Tab::Notifications => {
            let page = records::notifications(app, staff, user, cursor, limit).await?;
            rows(page, |n| {
                vec![
                    text(when(n.created_at)),
                    mono(&n.event_type),
                    text(n.title(r.templates)),
                    text(n.read_at.map(when).unwrap_or_else(|| "Unread".into())),
                ]
            })
        }
        Tab::Sessions => {
            let now = app.now();
            rows(records::sign_ins(app, staff, user, cursor, limit).await?, |s| {
                let status = match (s.revoked_at, s.expires_at) {
                    (Some(at), _) => badge(&format!("Revoked {}", when(at)), ""),
                    (None, Some(expires)) if expires <= now => badge("Expired", ""),
                    _ => badge("Live", "success"),
                };
                vec![
                    text(&s.kind),
                    text(when(s.created_at)),
                    text(when(s.last_seen_at)),
                    mono(s.ip.clone().unwrap_or_default()),
                    opt(&s.user_agent),
                    status,
                ]
            })
        }
        Tab::Audit => rows(records::audit(app, staff, user, cursor, limit).await?, |a| {
            vec![
                text(when(a.created_at)),
                text(&a.action),
                mono(a.ip.clone().unwrap_or_default()),
                opt(&a.user_agent),
                mono(a.request_id.clone().unwrap_or_default()),
                text(&a.details),
            ]
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_cell_per_column_and_slugs_round_trip() {
        for tab in Tab::ALL {
            assert_eq!(Tab::from_slug(tab.slug()), Some(tab));
            let money_columns = tab.columns().iter().filter(|c| c.currency.is_some()).count();
            assert_eq!(tab.csv_header().len(), tab.columns().len() + money_columns);
        }
        assert_eq!(Tab::from_slug("lock"), None);
    }
}
