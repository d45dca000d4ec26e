//! Social finance: contacts, debts, groups, expenses, balances, plans, settlements.

mod balances;
mod contact_groups;
mod contacts;
mod debt_corrections;
mod debts;
mod expense_list;
mod expenses;
mod group_management;
mod ledger;
mod reminders;
mod settlement_corrections;
mod sharing;

pub(crate) use sharing::linked;

use hisaab_service::social::{
    self, ContactInput, ExpenseInput, GroupInput, ParticipantInput, PayerInput, SplitInput,
};
use hisaab_service::testkit::TestApp;
use hisaab_service::{Actor, Error};

pub async fn contact(t: &TestApp, actor: &Actor, name: &str) -> social::ContactView {
    social::create_contact(
        &t.app,
        actor,
        ContactInput {
            name: name.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// A USD group of you and the named contacts.
pub async fn group(t: &TestApp, actor: &Actor, names: &[&str], simplify: bool) -> social::GroupView {
    let mut ids = Vec::new();
    for n in names {
        ids.push(contact(t, actor, n).await.id.to_string());
    }
    social::create_group(
        &t.app,
        actor,
        GroupInput {
            name: "Trip".into(),
            currency: "USD".into(),
            contact_ids: ids,
            simplify: Some(simplify),
        },
    )
    .await
    .unwrap()
}

/// An equal split among `among` (indexes into the group's members), paid by `payer`.
pub fn equal(g: &social::GroupView, total: &str, payer: usize, among: &[usize]) -> ExpenseInput {
    ExpenseInput {
        description: "Dinner".into(),
        date: "2026-11-20".into(),
        total: total.into(),
        payers: vec![PayerInput {
            member_id: g.members[payer].id.to_string(),
            amount: total.into(),
            account_id: None,
        }],
        split: SplitInput {
            method: "equal".into(),
            participants: among
                .iter()
                .map(|i| ParticipantInput {
                    member_id: g.members[*i].id.to_string(),
                    value: None,
                })
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[track_caller]
pub fn invalid<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[track_caller]
pub fn not_found<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::NotFound) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}
