//! Data exports: everything a person owns and everything shared with them,
//! nothing of anyone else's; one person cannot see, download or build
//! another's export; expired exports are purged with their files.

use crate::social::linked;
use hisaab_service::entity::ExportId;
use hisaab_service::exports::{self, Built, ExportState, KINDS};
use hisaab_service::finance::{categories, holdings, loans, rates, transfers, valuations};
use hisaab_service::outbox::Event;
use hisaab_service::social::{self, ContactInput, DebtInput, GroupInput, SettlementInput};
use hisaab_service::testkit::TestApp;
use hisaab_service::{Actor, Error};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use time::Duration;

/// Every tenant-owned table an export reads, with the kind it appears as.
const TABLES: &[(&str, &str)] = &[
    ("fin_accounts", "accounts"),
    ("fin_categories", "categories"),
    ("fin_transactions", "transactions"),
    ("fin_transfers", "transfers"),
    ("fin_holding_values", "valuations"),
    ("fin_loans", "loans"),
    ("fin_loan_payments", "loan_payments"),
    ("fin_exchange_rates", "exchange_rates"),
    ("social_contacts", "contacts"),
    ("contact_groups", "contact_groups"),
    ("contact_group_members", "contact_group_members"),
    ("peer_debts", "ious"),
    ("settlements", "settlements"),
    ("expense_groups", "groups"),
    ("expense_group_members", "members"),
    ("group_expenses", "expenses"),
    ("group_expense_lines", "expense_lines"),
];

/// `(kind, id) -> tenant` for every row of those tables, plus holdings.
async fn owners(t: &TestApp) -> BTreeMap<(String, String), uuid::Uuid> {
    let backend = t.app.db.get_database_backend();
    let mut out = BTreeMap::new();
    let mut tables: Vec<(&str, String)> = TABLES.iter().map(|(t, k)| (*t, k.to_string())).collect();
    tables.push(("fin_holdings", "holdings".into()));
    for (table, kind) in tables {
        let rows = t
            .app
            .db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT id, tenant_id FROM {table}"),
            ))
            .await
            .unwrap();
        for row in rows {
            let id: uuid::Uuid = row.try_get("", "id").unwrap();
            let tenant: uuid::Uuid = row.try_get("", "tenant_id").unwrap();
            out.insert((kind.clone(), id.to_string()), tenant);
        }
    }
    out
}

/// A contact, a group with them, an expense, an IOU with a settlement, an
/// account with a transaction and a transfer, an asset with a value, a
/// liability, a loan with a payment, a rate, a contact group.
pub(crate) async fn fill(t: &TestApp, who: &Actor, friend: &str) -> social::GroupView {
    categories::ensure_defaults(&t.app, who).await.unwrap();
    let a = crate::finance::account(t, who, "Main", "USD", "100.00").await;
    let b = crate::finance::account(t, who, "Savings", "EUR", "0").await;
    crate::finance::record(t, who, crate::finance::tx(&a, "expense", "12.50", "2026-11-20")).await;
    transfers::record_transfer(
        &t.app,
        who,
        transfers::NewTransfer {
            from_account_id: a.id.to_string(),
            to_account_id: b.id.to_string(),
            amount: "10.00".into(),
            to_amount: Some("9.00".into()),
            date: "2026-11-21".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let asset = holdings::create_holding(
        &t.app,
        who,
        holdings::Side::Asset,
        holdings::NewHolding {
            kind: "property".into(),
            name: "Flat".into(),
            currency: "USD".into(),
            value: Some("1000.00".into()),
            value_date: Some("2026-11-01".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    valuations::record_value(
        &t.app,
        who,
        holdings::Side::Asset,
        asset.id,
        valuations::NewValue {
            date: "2026-11-10".into(),
            value: "1100.00".into(),
        },
        None,
    )
    .await
    .unwrap();
    holdings::create_holding(
        &t.app,
        who,
        holdings::Side::Liability,
        holdings::NewHolding {
            kind: "credit_card_debt".into(),
            name: "Card".into(),
            currency: "USD".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let loan = loans::create_loan(
        &t.app,
        who,
        loans::NewLoan {
            direction: "borrowed".into(),
            counterparty: "Bank".into(),
            currency: "USD".into(),
            principal: "500.00".into(),
            annual_rate: "5".into(),
            term_months: "12".into(),
            start_date: "2026-01-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    loans::record_payment(
        &t.app,
        who,
        loan.id,
        loans::NewPayment {
            amount: "50.00".into(),
            date: "2026-02-01".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    rates::record_rate(
        &t.app,
        who,
        rates::NewRate {
            date: "2026-11-01".into(),
            from: "EUR".into(),
            to: "USD".into(),
            rate: "1.1".into(),
        },
    )
    .await
    .unwrap();
    let c = social::create_contact(
        &t.app,
        who,
        ContactInput {
            name: format!("=HYPERLINK(\"{friend}\")"),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    social::create_contact_group(
        &t.app,
        who,
        social::ContactGroupInput {
            name: "Family".into(),
            contact_ids: vec![c.id.to_string()],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let debt = social::record_debt(
        &t.app,
        who,
        None,
        DebtInput {
            contact_id: c.id.to_string(),
            direction: "lent".into(),
            amount: "20.00".into(),
            currency: "USD".into(),
            date: "2026-11-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    social::settle_debt(
        &t.app,
        who,
        None,
        debt.id,
        SettlementInput {
            amount: "5.00".into(),
            date: "2026-11-02".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let g = social::create_group(
        &t.app,
        who,
        GroupInput {
            name: format!("Private {friend}"),
            currency: "USD".into(),
            contact_ids: vec![c.id.to_string()],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    social::add_expense(
        &t.app,
        who,
        None,
        g.id,
        crate::social::equal(&g, "30.00", 0, &[0, 1]),
    )
    .await
    .unwrap();
    g
}

/// Builds `actor`'s export through the outbox event it queued, and reads it back.
async fn export_of(t: &TestApp, actor: &Actor) -> (Value, BTreeMap<String, String>) {
    let view = exports::request(&t.app, actor).await.unwrap();
    assert_eq!(view.state, ExportState::Queued);
    assert!(queued_builds(t).await.contains(&view.id.0));
    let Built::Ready(size) = exports::build(&t.app, view.id).await.unwrap() else {
        panic!("not built")
    };
    assert!(size > 0);
    let got = exports::download(&t.app, actor, view.id).await.unwrap();
    assert_eq!(got.size, size);
    read_zip(bytes_of(got).await)
}

/// Every byte of a download (tests only: a real one streams).
pub(crate) async fn bytes_of(got: exports::Download) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut bytes = Vec::new();
    let mut body = got.body;
    body.read_to_end(&mut bytes).await.unwrap();
    assert_eq!(bytes.len() as u64, got.size);
    bytes
}

pub(crate) fn read_zip(bytes: Vec<u8>) -> (Value, BTreeMap<String, String>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut json = String::new();
    zip.by_name("hisaab.json")
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    let mut csvs = BTreeMap::new();
    for k in KINDS {
        let mut text = String::new();
        zip.by_name(&format!("csv/{}.csv", k.name))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        csvs.insert(k.name.to_string(), text);
    }
    (serde_json::from_str(&json).expect("hisaab.json parses"), csvs)
}

/// The export ids of the `export.requested` events in the outbox.
async fn queued_builds(t: &TestApp) -> Vec<uuid::Uuid> {
    use sea_orm::EntityTrait;
    hisaab_service::entity::outbox::Entity::find()
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| match serde_json::from_str(&r.payload) {
            Ok(Event::Export { export_id }) => Some(export_id),
            _ => None,
        })
        .collect()
}

/// Delivers every domain event in the outbox as the worker does.
async fn deliver_notifications(t: &TestApp) {
    let claimed = hisaab_service::outbox::claim(&t.app.db, "test", t.app.now(), Duration::minutes(1), 1_000)
        .await
        .unwrap();
    for c in claimed {
        if let Ok(Event::Domain {
            event_type,
            notify,
            data,
        }) = c.event
        {
            hisaab_service::notifications::deliver(
                &t.app.db,
                c.id,
                &event_type,
                &notify,
                &data,
                c.created_at,
            )
            .await
            .unwrap();
        }
    }
}

async fn notifications_of(t: &TestApp, who: &Actor) -> BTreeSet<String> {
    use hisaab_service::entity::notification;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.user_id))
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id.to_string())
        .collect()
}

fn ids(doc: &Value, kind: &str) -> BTreeSet<String> {
    doc["records"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("no {kind}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_export_holds_everything_yours_and_shared_with_you_and_nothing_else() {
    let t = TestApp::new().await;
    let (asha, meera, meera_contact) = linked(&t).await;
    fill(&t, &asha, "Ravi").await;
    fill(&t, &meera, "Zed").await;
    // Shared with Meera: Asha's group with her, its expense and a payment;
    // Asha's IOU with her and its payment.
    let shared = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Trip".into(),
            currency: "USD".into(),
            contact_ids: vec![meera_contact.id.to_string()],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    social::add_expense(
        &t.app,
        &meera,
        None,
        shared.id,
        crate::social::equal(&shared, "40.00", 1, &[0, 1]),
    )
    .await
    .unwrap();
    social::record_settlement(
        &t.app,
        &asha,
        None,
        SettlementInput {
            group_id: Some(shared.id.to_string()),
            from_member_id: Some(shared.members[0].id.to_string()),
            to_member_id: Some(shared.members[1].id.to_string()),
            amount: "20.00".into(),
            currency: Some("USD".into()),
            date: "2026-11-22".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let debt = social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            contact_id: meera_contact.id.to_string(),
            direction: "borrowed".into(),
            amount: "7.25".into(),
            currency: "USD".into(),
            date: "2026-11-03".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    social::settle_debt(
        &t.app,
        &meera,
        None,
        debt.id,
        SettlementInput {
            amount: "1.25".into(),
            date: "2026-11-04".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    deliver_notifications(&t).await;
    let rows = owners(&t).await;
    let tenant = |a: &Actor| a.tenant_id.0;
    // Asha's rows that Meera may see: the shared group and its children,
    // the IOU with her and its payment.
    let shared_group = shared.id.to_string();
    let doc_meera_expected_shared = |kind: &str, id: &str, doc_asha: &Value| -> bool {
        let rec = doc_asha["records"][kind]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or(Value::Null);
        match kind {
            "groups" => id == shared_group,
            "members" | "expenses" | "expense_lines" => rec["group_id"] == shared_group.as_str(),
            "settlements" => {
                rec["group_id"] == shared_group.as_str()
                    || rec["peer_debt_id"] == debt.id.to_string().as_str()
            }
            "ious" => id == debt.id.to_string(),
            _ => false,
        }
    };

    let (doc_asha, csv_asha) = export_of(&t, &asha).await;
    let (doc_meera, _) = export_of(&t, &meera).await;
    assert_eq!(doc_asha["format"], "hisaab-export");
    assert_eq!(doc_asha["version"], 1);
    assert_eq!(doc_asha["person"]["id"], asha.user_id.0.to_string());

    let mut checked = 0;
    for ((kind, id), owner) in &rows {
        let kinds: Vec<&str> = if kind == "holdings" {
            vec!["assets", "liabilities"]
        } else {
            vec![kind.as_str()]
        };
        let in_doc = |doc: &Value| kinds.iter().any(|k| ids(doc, k).contains(id));
        if *owner == tenant(&asha) {
            assert!(in_doc(&doc_asha), "Asha's {kind} {id} is missing from her export");
            let shared = kinds.iter().any(|k| doc_meera_expected_shared(k, id, &doc_asha));
            assert_eq!(
                in_doc(&doc_meera),
                shared,
                "{kind} {id} in Meera's export: expected {shared}"
            );
        } else {
            assert_eq!(*owner, tenant(&meera));
            assert!(
                in_doc(&doc_meera),
                "Meera's {kind} {id} is missing from her export"
            );
            assert!(
                !in_doc(&doc_asha),
                "Meera's {kind} {id} leaked into Asha's export"
            );
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} rows");
    // Every kind the fixture makes is there, and its count is told.
    for k in KINDS {
        let n = doc_asha["records"][k.name].as_array().unwrap().len();
        assert_eq!(doc_asha["counts"][k.name], n, "{}", k.name);
        assert!(n > 0, "Asha's export has no {}", k.name);
    }
    // Shared records are marked as such.
    let meera_groups = doc_meera["records"]["groups"].as_array().unwrap();
    let trip = meera_groups
        .iter()
        .find(|g| g["id"] == shared_group.as_str())
        .unwrap();
    assert_eq!(trip["shared"], true);
    // Notifications and audit entries are the person's own.
    for (who, doc) in [(&asha, &doc_asha), (&meera, &doc_meera)] {
        assert_eq!(ids(doc, "notifications"), notifications_of(&t, who).await);
    }
    for a in doc_asha["records"]["audit_entries"].as_array().unwrap() {
        let me = asha.user_id.0.to_string();
        assert!(
            a["actor_user_id"] == me.as_str() || a["subject_user_id"] == me.as_str(),
            "{a}"
        );
    }
    // Amounts are decimal strings with their currency.
    let tx = &doc_asha["records"]["transactions"][0];
    assert_eq!(tx["currency"], "USD");
    assert!(
        tx["amount"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .is_ok(),
        "{tx}"
    );
    let ious = doc_asha["records"]["ious"].as_array().unwrap();
    assert!(
        ious.iter()
            .any(|d| d["amount"] == "7.25" && d["currency"] == "USD"),
        "{ious:?}"
    );
    // CSV: a header and one line per record, formula cells made text.
    let contacts = &csv_asha["contacts"];
    assert!(contacts.starts_with("id,name,email,"), "{contacts}");
    assert_eq!(contacts.lines().count(), 1 + ids(&doc_asha, "contacts").len());
    assert!(contacts.contains("\"'=HYPERLINK(\"\"Ravi\"\")\""), "{contacts}");
    assert!(!contacts.contains(",=HYPERLINK"), "{contacts}");
}

#[tokio::test]
async fn nobody_else_can_see_download_or_build_an_export() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let other = t.actor(&t.user("other@example.com").await);
    let view = exports::request(&t.app, &asha).await.unwrap();
    // A second request while one is queued gets the same one.
    assert_eq!(exports::request(&t.app, &asha).await.unwrap().id, view.id);
    // Not ready yet: no download.
    assert!(matches!(
        exports::download(&t.app, &asha, view.id).await,
        Err(Error::NotFound)
    ));
    exports::build(&t.app, view.id).await.unwrap();
    assert_eq!(exports::build(&t.app, view.id).await.unwrap(), Built::Skipped);
    assert_eq!(
        exports::get(&t.app, &asha, view.id).await.unwrap().state,
        ExportState::Ready
    );
    assert!(exports::list(&t.app, &other).await.unwrap().is_empty());
    assert!(matches!(
        exports::get(&t.app, &other, view.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        exports::download(&t.app, &other, view.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        exports::download(&t.app, &other, ExportId::new()).await,
        Err(Error::NotFound)
    ));
    // The owner is told, in-app and by email, with a link to the download.
    let mail = crate::only_email(&t, "export_ready").await;
    assert_eq!(mail.to, "asha@example.com");
    assert!(
        mail.context["download_link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/settings/data/exports/{}/download", view.id))
    );
    // A request only audits; the download audits too.
    exports::download(&t.app, &asha, view.id).await.unwrap();
    assert_eq!(crate::audit_rows(&t, "data.export_requested").await.len(), 1);
    assert_eq!(crate::audit_rows(&t, "data.export_downloaded").await.len(), 1);
}

#[tokio::test]
async fn exports_expire_after_seven_days_and_are_purged_with_their_files() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let view = exports::request(&t.app, &asha).await.unwrap();
    exports::build(&t.app, view.id).await.unwrap();
    let file = t
        .data_dir
        .path()
        .join(format!("exports/{}/{}.zip", asha.user_id, view.id));
    assert!(file.exists());
    t.clock.advance(Duration::days(7) - Duration::seconds(1));
    assert_eq!(
        exports::list(&t.app, &asha).await.unwrap()[0].state,
        ExportState::Ready
    );
    assert_eq!(
        exports::purge_expired(&t.app, t.app.now(), false).await.unwrap(),
        0
    );
    t.clock.advance(Duration::seconds(1));
    assert_eq!(
        exports::list(&t.app, &asha).await.unwrap()[0].state,
        ExportState::Expired
    );
    assert!(matches!(
        exports::download(&t.app, &asha, view.id).await,
        Err(Error::NotFound)
    ));
    t.clock.advance(Duration::seconds(1));
    let purged = hisaab_service::retention::purge_expired(&t.app).await.unwrap();
    assert_eq!(purged.exports, 1);
    assert!(!file.exists());
    assert!(exports::list(&t.app, &asha).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_export_says_so_and_another_can_be_asked_for() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let view = exports::request(&t.app, &asha).await.unwrap();
    exports::fail(&t.app, view.id).await.unwrap();
    let failed = exports::get(&t.app, &asha, view.id).await.unwrap();
    assert_eq!(failed.state, ExportState::Failed);
    assert!(failed.error.is_some());
    assert_eq!(exports::build(&t.app, view.id).await.unwrap(), Built::Skipped);
    let again = exports::request(&t.app, &asha).await.unwrap();
    assert_ne!(again.id, view.id);
    assert_eq!(again.state, ExportState::Queued);
}

/// The performance case: 100,000 transactions and 10,000 group
/// expenses (two lines each). Reports the build's wall time and the
/// process's peak RSS during the build (reset just before it, Linux).
/// Ignored by default (seeding takes a while); run with
/// `cargo nextest run -p hisaab-service --run-ignored only -E 'test(export_of_a_large_account)' --no-capture`.
#[tokio::test]
#[ignore = "a measurement, run by hand (docs/OPERATIONS.md)"]
async fn export_of_a_large_account() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let seed = std::time::Instant::now();
    seed_large_account(&t, &asha, 100, 20).await;
    eprintln!("seeded in {:?}", seed.elapsed());

    let view = exports::request(&t.app, &asha).await.unwrap();
    // Linux: writing 5 to clear_refs resets the peak RSS (VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = status_kb("VmRSS");
    let started = std::time::Instant::now();
    let Built::Ready(size) = exports::build(&t.app, view.id).await.unwrap() else {
        panic!("not built")
    };
    let elapsed = started.elapsed();
    let peak = status_kb("VmHWM");
    eprintln!(
        "export: {elapsed:?}, {size} bytes, RSS before {rss_before} kB, peak during build {peak} kB (backend {:?})",
        hisaab_service::testkit::backend()
    );
    let got = exports::download(&t.app, &asha, view.id).await.unwrap();
    let (doc, csvs) = read_zip(bytes_of(got).await);
    assert_eq!(doc["counts"]["transactions"], 100_000);
    assert_eq!(doc["counts"]["expenses"], 10_000);
    assert_eq!(doc["counts"]["expense_lines"], 20_000);
    assert_eq!(csvs["transactions"].lines().count(), 100_001);
}

pub(crate) fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Seeds, straight into the tables (no rollups written), `thousands` × 1,000
/// expense records in a new USD account and `expense_batches` × 500 group
/// expenses split between `asha` and Ravi: the accounts the export and
/// import measurements run on.
pub(crate) async fn seed_large_account(t: &TestApp, asha: &Actor, thousands: i64, expense_batches: usize) {
    use hisaab_service::entity::finance::{FlowKind, TransactionId, transaction};
    use hisaab_service::entity::social::{ExpenseLineId, GroupExpenseId, expense_line, group_expense};
    use sea_orm::{EntityTrait, Set};
    let account = crate::finance::account(t, asha, "Main", "USD", "0").await;
    let g = crate::social::group(t, asha, &["Ravi"], false).await;
    let now = t.app.now();
    let date = time::macros::date!(2026 - 11 - 01);
    for chunk in 0..thousands {
        let rows = (0..1_000).map(|i| transaction::ActiveModel {
            id: Set(TransactionId::new()),
            tenant_id: Set(asha.tenant_id),
            account_id: Set(account.id),
            kind: Set(FlowKind::Expense),
            amount: Set(12_5000 + i),
            delta: Set(-(12_5000 + i)),
            currency: Set("USD".into()),
            date: Set(date),
            description: Set(format!("Groceries {chunk}-{i}")),
            payee: Set(Some("Corner shop".into())),
            category_id: Set(None),
            tags: Set(String::new()),
            notes: Set(None),
            transfer_id: Set(None),
            reverses_id: Set(None),
            reversed_by_id: Set(None),
            corrects_id: Set(None),
            corrected_by_id: Set(None),
            reason: Set(None),
            social_id: Set(None),
            outside_flow: Set(false),
            created_by: Set(asha.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        });
        transaction::Entity::insert_many(rows)
            .exec_without_returning(&t.app.db)
            .await
            .unwrap();
    }
    for _ in 0..expense_batches {
        let mut expenses = Vec::new();
        let mut lines = Vec::new();
        for i in 0..500 {
            let id = GroupExpenseId::new();
            expenses.push(group_expense::ActiveModel {
                id: Set(id),
                tenant_id: Set(asha.tenant_id),
                group_id: Set(g.id),
                description: Set(format!("Dinner {i}")),
                date: Set(date),
                total: Set(30_0000),
                original_amount: Set(30_0000),
                original_currency: Set("USD".into()),
                rate: Set("1".into()),
                split_method: Set("equal".into()),
                spec: Set("{}".into()),
                category_id: Set(None),
                version: Set(1),
                deleted_at: Set(None),
                created_by: Set(asha.user_id),
                created_at: Set(now),
                updated_at: Set(now),
            });
            for (m, paid) in [(0, 30_0000), (1, 0)] {
                lines.push(expense_line::ActiveModel {
                    id: Set(ExpenseLineId::new()),
                    tenant_id: Set(asha.tenant_id),
                    group_id: Set(g.id),
                    expense_id: Set(id),
                    member_id: Set(g.members[m].id),
                    paid: Set(paid),
                    owed: Set(15_0000),
                });
            }
        }
        group_expense::Entity::insert_many(expenses)
            .exec_without_returning(&t.app.db)
            .await
            .unwrap();
        expense_line::Entity::insert_many(lines)
            .exec_without_returning(&t.app.db)
            .await
            .unwrap();
    }
}
