//! One ledger: debts, expenses and settlements that go through an account.

use super::*;
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::finance::categories::{self, NewCategory};
use hisaab_service::finance::reports::{self, CashFlowQuery};
use hisaab_service::finance::rollups;
use hisaab_service::social::{DebtInput, SettlementInput};

async fn account(t: &TestApp, actor: &Actor, currency: &str) -> accounts::AccountView {
    accounts::create_account(
        &t.app,
        actor,
        NewAccount {
            name: format!("Bank {currency}"),
            kind: "checking".into(),
            currency: currency.into(),
            opening_balance: Some("1000".into()),
            opening_date: Some("2026-01-01".into()),
            notes: None,
        },
    )
    .await
    .unwrap()
}

async fn november(t: &TestApp, actor: &Actor) -> (String, String) {
    let flow = reports::cash_flow(
        &t.app,
        actor,
        CashFlowQuery {
            from: Some("2026-11-01".into()),
            to: Some("2026-11-30".into()),
            interval: None,
        },
    )
    .await
    .unwrap();
    (flow.income.to_string(), flow.expense.to_string())
}

async fn balance(t: &TestApp, actor: &Actor, a: &accounts::AccountView) -> String {
    accounts::get_account(&t.app, actor, a.id)
        .await
        .unwrap()
        .balance
        .to_string()
}

/// Net worth on 2026-10-31 and on 2026-11-30: (total, what people owe).
async fn worth(t: &TestApp, actor: &Actor) -> ((String, Option<String>), (String, Option<String>)) {
    use hisaab_service::finance::net_worth;
    let day = |d: &str| time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).unwrap();
    let h = net_worth::net_worth_at(&t.app, actor, &[day("2026-10-31"), day("2026-11-30")])
        .await
        .unwrap();
    let point = |p: &net_worth::NetWorth| {
        let people = p
            .breakdown
            .iter()
            .find(|i| i.kind.as_str() == "people")
            .map(|i| i.amount.to_string());
        (p.total.to_string(), people)
    };
    (point(&h.points[0]), point(&h.points[1]))
}

fn lend(contact: &social::ContactView, amount: &str, account: Option<String>) -> DebtInput {
    DebtInput {
        contact_id: contact.id.to_string(),
        direction: "lent".into(),
        amount: amount.into(),
        currency: "USD".into(),
        date: "2026-11-20".into(),
        account_id: account,
        ..Default::default()
    }
}

#[tokio::test]
async fn lending_from_an_account_moves_it_without_an_expense() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = account(&t, &asha, "USD").await;
    let meera = contact(&t, &asha, "Meera").await;
    let debt = social::record_debt(
        &t.app,
        &asha,
        None,
        lend(&meera, "100.00", Some(bank.id.to_string())),
    )
    .await
    .unwrap()
    .value;
    assert_eq!(balance(&t, &asha, &bank).await, "900.00");
    let owed = social::contact_balance(&t.app, &asha, meera.id).await.unwrap();
    assert_eq!(owed[0].to_string(), "100.00");
    assert_eq!(november(&t, &asha).await, ("0.00".into(), "0.00".into()));
    // Net worth is unchanged: 900 in the bank and 100 owed to you; before
    // the loan's date, nobody owed anything.
    let (before, after) = worth(&t, &asha).await;
    assert_eq!(before, ("1000.00".to_string(), None));
    assert_eq!(after, ("1000.00".to_string(), Some("100.00".to_string())));

    // Being repaid into the account: back to 1000, still no income.
    social::settle_debt(
        &t.app,
        &asha,
        None,
        debt.id,
        SettlementInput {
            amount: "40.00".into(),
            date: "2026-11-21".into(),
            account_id: Some(bank.id.to_string()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(balance(&t, &asha, &bank).await, "940.00");
    assert_eq!(november(&t, &asha).await, ("0.00".into(), "0.00".into()));
    assert_eq!(
        worth(&t, &asha).await.1,
        ("1000.00".to_string(), Some("60.00".to_string()))
    );
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_wrong_account_is_refused_and_nothing_is_written() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let other = t.actor(&t.user("other@example.com").await);
    let eur = account(&t, &asha, "EUR").await;
    let theirs = account(&t, &other, "USD").await;
    let meera = contact(&t, &asha, "Meera").await;
    let e = invalid(
        social::record_debt(
            &t.app,
            &asha,
            None,
            lend(&meera, "100.00", Some(eur.id.to_string())),
        )
        .await,
    );
    assert_eq!(e[0].0, "account_id");
    let e = social::record_debt(
        &t.app,
        &asha,
        None,
        lend(&meera, "100.00", Some(theirs.id.to_string())),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid { errors, .. } if errors[0].field == "account_id"),
        "{e:?}"
    );
    assert!(
        social::contact_balance(&t.app, &asha, meera.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(balance(&t, &other, &theirs).await, "1000.00");
}

#[tokio::test]
async fn paying_a_group_dinner_from_an_account_expenses_only_your_share() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = account(&t, &asha, "USD").await;
    let food = categories::create_category(
        &t.app,
        &asha,
        NewCategory {
            name: "Eating out".into(),
            kind: "expense".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let g = group(&t, &asha, &["Meera", "Kabir", "Ravi"], true).await;
    let mut dinner = equal(&g, "120.00", 0, &[0, 1, 2, 3]);
    dinner.payers[0].account_id = Some(bank.id.to_string());
    dinner.category_id = Some(food.id.to_string());
    let e = social::add_expense(&t.app, &asha, None, g.id, dinner)
        .await
        .unwrap()
        .value;
    assert_eq!(balance(&t, &asha, &bank).await, "880.00");
    assert_eq!(november(&t, &asha).await, ("0.00".into(), "30.00".into()));
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(b.members[0].balance.to_string(), "90.00");

    // Deleting the expense gives the money back; restoring takes it again.
    social::delete_expense(&t.app, &asha, e.id, None, None)
        .await
        .unwrap();
    assert_eq!(balance(&t, &asha, &bank).await, "1000.00");
    assert_eq!(november(&t, &asha).await, ("0.00".into(), "0.00".into()));
    social::restore_expense(&t.app, &asha, e.id, None, None)
        .await
        .unwrap();
    assert_eq!(balance(&t, &asha, &bank).await, "880.00");
    assert_eq!(november(&t, &asha).await, ("0.00".into(), "30.00".into()));
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());

    // Only you can pay from your account.
    let mut wrong = equal(&g, "10.00", 1, &[0, 1]);
    wrong.payers[0].account_id = Some(bank.id.to_string());
    let errors = invalid(social::add_expense(&t.app, &asha, None, g.id, wrong).await);
    assert_eq!(errors[0].0, "payers[0].account_id");
}

#[tokio::test]
async fn the_finance_dashboard_shows_what_people_owe() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = account(&t, &asha, "USD").await;
    let meera = contact(&t, &asha, "Meera").await;
    social::record_debt(
        &t.app,
        &asha,
        None,
        lend(&meera, "100.00", Some(bank.id.to_string())),
    )
    .await
    .unwrap();
    let d = reports::dashboard(&t.app, &asha).await.unwrap();
    assert_eq!(d.people.len(), 1);
    assert_eq!(
        (
            d.people[0].owed_to_you.to_string(),
            d.people[0].you_owe.to_string()
        ),
        ("100.00".into(), "0.00".into())
    );
    // Net worth is unchanged by the loan: 900 in the bank + 100 owed to you.
    assert_eq!(d.total_balance.to_string(), "900.00");
}
