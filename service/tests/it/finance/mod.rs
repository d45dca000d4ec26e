mod accounts;
mod categories;
mod properties;
mod rates_reports;
mod transactions;
mod transfers;
mod wealth;

use hisaab_service::Actor;
use hisaab_service::finance::accounts::{AccountView, NewAccount};
use hisaab_service::finance::transactions::{NewTransaction, TransactionView};
use hisaab_service::testkit::TestApp;

pub async fn account(t: &TestApp, actor: &Actor, name: &str, currency: &str, opening: &str) -> AccountView {
    hisaab_service::finance::accounts::create_account(
        &t.app,
        actor,
        NewAccount {
            name: name.into(),
            kind: "checking".into(),
            currency: currency.into(),
            opening_balance: Some(opening.into()),
            opening_date: Some("2026-01-01".into()),
            notes: None,
        },
    )
    .await
    .expect("create account")
}

/// An account's balance as text ("60.00").
pub async fn balance(t: &TestApp, actor: &Actor, id: hisaab_service::finance::AccountId) -> String {
    hisaab_service::finance::accounts::get_account(&t.app, actor, id)
        .await
        .expect("get account")
        .balance
        .to_string()
}

pub fn tx(account: &AccountView, kind: &str, amount: &str, date: &str) -> NewTransaction {
    NewTransaction {
        account_id: account.id.to_string(),
        kind: kind.into(),
        amount: amount.into(),
        date: date.into(),
        description: Some(format!("{kind} {amount}")),
        ..Default::default()
    }
}

pub async fn record(t: &TestApp, actor: &Actor, input: NewTransaction) -> TransactionView {
    hisaab_service::finance::transactions::record_transaction(&t.app, actor, input, None)
        .await
        .expect("record")
}

pub fn field_of(e: &hisaab_service::Error) -> Vec<String> {
    match e {
        hisaab_service::Error::Invalid { errors, .. } => errors.iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}
