//! Imports: a Splitwise group export and a bank statement CSV (ADR 0027).

use super::finance::{account, balance, tx};
use hisaab_service::Error;
use hisaab_service::finance::transactions;
use hisaab_service::imports::{self, BankMapping, UploadInput};
use hisaab_service::social;
use hisaab_service::testkit::TestApp;
use sea_orm::{ConnectionTrait, Statement};
use std::collections::HashMap;

async fn count(t: &TestApp, table: &str) -> i64 {
    let b = t.app.db.get_database_backend();
    let row = t
        .app
        .db
        .query_one_raw(Statement::from_string(
            b,
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

const PEOPLE: [&str; 4] = ["Asha", "Bilal", "Chen", "Dev"];

fn cents(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", v.abs() / 100, v.abs() % 100)
}

/// A Splitwise export with `n` expenses among 4 people (one payer, shares
/// in exact cents over a varying subset), one payment, blank line and the
/// total row; and each person's total in cents.
pub fn splitwise_file(n: usize) -> (String, Vec<i64>) {
    let mut seed: u64 = 42;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut out = String::from("Date,Description,Category,Cost,Currency,Asha,Bilal,Chen,Dev\n");
    let mut totals = vec![0i64; 4];
    for i in 0..n {
        let payer = next(4) as usize;
        let mut owed = [0i64; 4];
        for o in &mut owed {
            if next(3) > 0 {
                *o = 1 + next(5000) as i64;
            }
        }
        if owed.iter().all(|o| *o == 0) {
            owed[payer] = 100;
        }
        let cost: i64 = owed.iter().sum();
        let nets: Vec<i64> = (0..4)
            .map(|p| if p == payer { cost } else { 0 } - owed[p])
            .collect();
        for p in 0..4 {
            totals[p] += nets[p];
        }
        let cells: Vec<String> = nets.iter().map(|v| cents(*v)).collect();
        out.push_str(&format!(
            "2026-{:02}-{:02},\"Item {i}, shared\",General,{},USD,{}\n",
            1 + i % 12,
            1 + i % 28,
            cents(cost),
            cells.join(",")
        ));
    }
    // Bilal pays Asha 10.00.
    out.push_str("2026-11-01,Bilal paid Asha,Payment,10.00,USD,-10.00,10.00,0.00,0.00\n");
    totals[0] -= 1000;
    totals[1] += 1000;
    let cells: Vec<String> = totals.iter().map(|v| cents(*v)).collect();
    out.push_str(&format!(
        "\n2026-11-02,Total balance, , ,USD,{}\n",
        cells.join(",")
    ));
    (out, totals)
}

fn splitwise(bytes: &str) -> UploadInput {
    UploadInput {
        kind: "splitwise".into(),
        file_name: Some("Goa trip_2026-11-02_export.csv".into()),
        bytes: bytes.as_bytes().to_vec(),
        ..UploadInput::default()
    }
}

#[tokio::test]
async fn a_splitwise_file_with_200_expenses_imports_exactly() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    // An existing contact with the same name is reused.
    let bilal = social::create_contact(
        &t.app,
        &asha,
        social::ContactInput {
            name: "bilal".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (file, totals) = splitwise_file(200);
    let up = imports::upload_import(&t.app, &asha, splitwise(&file))
        .await
        .unwrap();
    assert_eq!(up.state, "previewed");
    let p = &up.preview;
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.group_name.as_deref(), Some("Goa trip"));
    assert_eq!(p.expenses.len(), 200);
    assert_eq!(p.payments.len(), 1);
    let previewed: Vec<String> = p.people.iter().map(|x| x.balance.clone()).collect();
    assert_eq!(previewed, totals.iter().map(|v| cents(*v)).collect::<Vec<_>>());
    let existing: Vec<bool> = p.people.iter().map(|x| x.existing_contact).collect();
    assert_eq!(existing, vec![false, true, false, false]);
    // Nothing is written before the confirmation.
    assert_eq!(count(&t, "expense_groups").await, 0);
    assert_eq!(count(&t, "social_contacts").await, 1);

    let done = imports::confirm_import(&t.app, &asha, up.id).await.unwrap();
    assert_eq!(done.state, "confirmed");
    let r = done.result.clone().unwrap();
    assert_eq!((r.expenses, r.payments, r.contacts_created), (200, 1, 2));
    let group_id = hisaab_service::entity::social::ExpenseGroupId(r.group_id.unwrap());
    assert_eq!(count(&t, "group_expenses").await, 200);
    assert_eq!(count(&t, "social_contacts").await, 3);

    // Every expense's shares sum to its cost.
    let b = t.app.db.get_database_backend();
    let rows = t
        .app
        .db
        .query_all_raw(Statement::from_string(
            b,
            "SELECT e.total AS total, CAST(SUM(l.owed) AS BIGINT) AS owed, CAST(SUM(l.paid) AS BIGINT) AS paid \
             FROM group_expenses e JOIN group_expense_lines l ON l.expense_id = e.id GROUP BY e.id, e.total"
                .to_string(),
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 200);
    for row in rows {
        let total: i64 = row.try_get("", "total").unwrap();
        assert_eq!(row.try_get::<i64>("", "owed").unwrap(), total);
        assert_eq!(row.try_get::<i64>("", "paid").unwrap(), total);
    }
    // Each person's balance is the file's total.
    let balances = social::group_balances(&t.app, &asha, group_id).await.unwrap();
    let got: HashMap<String, String> = balances
        .members
        .iter()
        .map(|m| {
            (
                if m.is_you {
                    "Asha".to_string()
                } else {
                    m.name.to_lowercase()
                },
                m.balance.to_string(),
            )
        })
        .collect();
    for (i, name) in PEOPLE.iter().enumerate() {
        let key = if i == 0 {
            "Asha".to_string()
        } else {
            name.to_lowercase()
        };
        assert_eq!(got[&key], cents(totals[i]), "{name}");
    }
    let g = social::get_group(&t.app, &asha, group_id).await.unwrap();
    assert!(g.members.iter().any(|m| m.contact_id == Some(bilal.id)));

    // Confirming again, or uploading the same file again, writes nothing.
    let again = imports::confirm_import(&t.app, &asha, up.id).await.unwrap();
    assert_eq!(again.result, done.result);
    let re = imports::upload_import(&t.app, &asha, splitwise(&file))
        .await
        .unwrap();
    assert_eq!((re.id, re.state.as_str()), (up.id, "confirmed"));
    assert_eq!(count(&t, "group_expenses").await, 200);
    assert_eq!(count(&t, "expense_groups").await, 1);
}

#[tokio::test]
async fn the_importer_picks_their_column() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let file = "Date,Description,Category,Cost,Currency,Bilal,Asha\n2026-01-02,Taxi,Transport,30.00,USD,-10.00,10.00\n";
    let mut input = splitwise(file);
    input.me = Some("Nobody".into());
    let fields = match imports::upload_import(&t.app, &asha, input.clone()).await {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields, vec!["me"]);
    input.me = Some("asha".into());
    let up = imports::upload_import(&t.app, &asha, input).await.unwrap();
    assert!(up.preview.people[1].me);
    let r = imports::confirm_import(&t.app, &asha, up.id)
        .await
        .unwrap()
        .result
        .unwrap();
    let b = social::group_balances(
        &t.app,
        &asha,
        hisaab_service::entity::social::ExpenseGroupId(r.group_id.unwrap()),
    )
    .await
    .unwrap();
    let you = b.members.iter().find(|m| m.is_you).unwrap();
    assert_eq!(you.balance.to_string(), "10.00");
}

#[tokio::test]
async fn a_malformed_line_blocks_the_import_with_its_line_number() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let file = "Date,Description,Category,Cost,Currency,Asha,Bilal\n\
                2026-01-02,Taxi,Transport,30.00,USD,15.00,-15.00\n\
                2026-01-03,Lunch,Food,20.00,USD,10.00,-10.00\n\
                2026-02-30,Bad date,Food,20.00,USD,10.00,-10.00\n\
                2026-01-05,Off by one,Food,20.00,USD,10.00,-9.00\n";
    let up = imports::upload_import(&t.app, &asha, splitwise(file))
        .await
        .unwrap();
    let lines: Vec<usize> = up.preview.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![4, 5]);
    match imports::confirm_import(&t.app, &asha, up.id).await {
        Err(Error::Invalid { detail, errors }) => {
            assert!(detail.contains("line 4, 5"), "{detail}");
            assert!(errors[0].message.starts_with("Line 4:"), "{errors:?}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(count(&t, "expense_groups").await, 0);
    assert_eq!(count(&t, "group_expenses").await, 0);
    assert_eq!(count(&t, "social_contacts").await, 0);
    assert_eq!(
        imports::get_import(&t.app, &asha, up.id).await.unwrap().state,
        "previewed"
    );

    // A file that is not Splitwise's, and a CSV given as our own export, are refused at once.
    let bad = imports::upload_import(&t.app, &asha, splitwise("a,b\n1,2\n")).await;
    assert!(matches!(bad, Err(Error::Invalid { .. })), "{bad:?}");
    let mut own = splitwise(file);
    own.kind = "hisaab".into();
    match imports::upload_import(&t.app, &asha, own).await {
        Err(Error::Invalid { errors, .. }) => {
            assert_eq!(errors[0].field, "file");
            assert!(errors[0].message.contains("not valid JSON"), "{errors:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_old_preview_is_refused() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let file = "Date,Description,Category,Cost,Currency,Asha,Bilal\n2026-01-02,Taxi,Transport,30.00,USD,15.00,-15.00\n";
    let up = imports::upload_import(&t.app, &asha, splitwise(file))
        .await
        .unwrap();
    t.clock.advance(time::Duration::hours(25));
    let r = imports::confirm_import(&t.app, &asha, up.id).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    assert_eq!(count(&t, "expense_groups").await, 0);
}

fn mapping() -> BankMapping {
    BankMapping {
        date: "Date".into(),
        description: "Description".into(),
        amount: Some("Amount".into()),
        debit: None,
        credit: None,
        balance: Some("Balance".into()),
        date_format: "DD/MM/YYYY".into(),
        decimal: ".".into(),
    }
}

fn bank(account_id: &str, text: &str) -> UploadInput {
    UploadInput {
        kind: "bank_csv".into(),
        file_name: Some("statement.csv".into()),
        bytes: text.as_bytes().to_vec(),
        account_id: Some(account_id.into()),
        mapping: Some(mapping()),
        ..UploadInput::default()
    }
}

const STATEMENT: &str = "Date,Description,Amount,Balance\n\
    05/01/2026,Coffee  SHOP,-12.50,987.50\n\
    06/01/2026,Salary,2000.00,2987.50\n\
    07/01/2026,Rent,-800.00,2187.50\n\
    07/01/2026,rent,-800.00,1387.50\n\
    08/01/2026,Groceries,\"-1,045.20\",342.30\n";

#[tokio::test]
async fn bank_import_flags_duplicates_and_is_idempotent_per_file() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let acct = account(&t, &asha, "Current", "USD", "1000.00").await;
    let mut coffee = tx(&acct, "expense", "12.50", "2026-01-05");
    coffee.description = Some("coffee shop".into());
    transactions::record_transaction(&t.app, &asha, coffee, None)
        .await
        .unwrap();

    let up = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), STATEMENT))
        .await
        .unwrap();
    let p = &up.preview;
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let flagged: Vec<(usize, bool)> = p
        .records
        .iter()
        .map(|r| (r.line, r.duplicate.is_some()))
        .collect();
    assert_eq!(
        flagged,
        vec![(2, true), (3, false), (4, false), (5, true), (6, false)]
    );
    assert!(p.records[3].duplicate.as_deref().unwrap().contains("line 4"));
    assert_eq!(p.new_records(), 3);
    assert_eq!(balance(&t, &asha, acct.id).await, "987.50");
    // The mapping is remembered for the account.
    assert_eq!(
        imports::bank_mapping(&t.app, &asha, acct.id).await.unwrap(),
        Some(mapping())
    );

    let done = imports::confirm_import(&t.app, &asha, up.id).await.unwrap();
    assert_eq!(done.result.as_ref().unwrap().records, 3);
    assert_eq!(balance(&t, &asha, acct.id).await, "1142.30");

    // The same file again answers the first import; a second preview of it
    // made before the first was confirmed writes nothing either.
    let second = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), STATEMENT))
        .await
        .unwrap();
    assert_eq!((second.id, second.state.as_str()), (up.id, "confirmed"));
    assert_eq!(balance(&t, &asha, acct.id).await, "1142.30");

    // An overlapping statement flags what was imported.
    let next = "Date,Description,Amount,Balance\n08/01/2026,Groceries,-1045.20,\n09/01/2026,Books,-20.00,\n";
    let up2 = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), next))
        .await
        .unwrap();
    let flagged: Vec<bool> = up2
        .preview
        .records
        .iter()
        .map(|r| r.duplicate.is_some())
        .collect();
    assert_eq!(flagged, vec![true, false]);
    imports::confirm_import(&t.app, &asha, up2.id).await.unwrap();
    assert_eq!(balance(&t, &asha, acct.id).await, "1122.30");
}

#[tokio::test]
async fn a_bank_preview_confirmed_twice_writes_once() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let acct = account(&t, &asha, "Current", "USD", "0").await;
    let a = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), STATEMENT))
        .await
        .unwrap();
    let b = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), STATEMENT))
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    imports::confirm_import(&t.app, &asha, a.id).await.unwrap();
    let second = imports::confirm_import(&t.app, &asha, b.id).await.unwrap();
    assert!(second.result.unwrap().already_imported);
    assert_eq!(balance(&t, &asha, acct.id).await, "142.30");
}

#[tokio::test]
async fn bad_mappings_name_the_field() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let acct = account(&t, &asha, "Current", "USD", "0").await;
    let mut input = bank(&acct.id.to_string(), STATEMENT);
    input.mapping.as_mut().unwrap().amount = Some("Value".into());
    let fields = match imports::upload_import(&t.app, &asha, input).await {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields, vec!["mapping_amount"]);
    let mut input = bank(&acct.id.to_string(), STATEMENT);
    input.mapping.as_mut().unwrap().date_format = "YY".into();
    input.mapping.as_mut().unwrap().debit = Some("Amount".into());
    let fields = match imports::upload_import(&t.app, &asha, input).await {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields, vec!["mapping_amount", "mapping_date_format"]);
}

#[tokio::test]
async fn another_user_cannot_see_confirm_or_import_into_your_account() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    let acct = account(&t, &asha, "Current", "USD", "0").await;
    let up = imports::upload_import(&t.app, &asha, bank(&acct.id.to_string(), STATEMENT))
        .await
        .unwrap();
    assert!(matches!(
        imports::get_import(&t.app, &ravi, up.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        imports::confirm_import(&t.app, &ravi, up.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        imports::bank_mapping(&t.app, &ravi, acct.id)
            .await
            .unwrap()
            .is_none()
    );
    let r = imports::upload_import(&t.app, &ravi, bank(&acct.id.to_string(), STATEMENT)).await;
    match r {
        Err(Error::Invalid { errors, .. }) => assert_eq!(errors[0].field, "account_id"),
        other => panic!("{other:?}"),
    }
    assert_eq!(balance(&t, &asha, acct.id).await, "0.00");
    assert_eq!(
        imports::get_import(&t.app, &asha, up.id).await.unwrap().state,
        "previewed"
    );
}
