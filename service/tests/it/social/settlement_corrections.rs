//! Deleting and restoring payments (ADR 0017): balances, plans, the group
//! rollup, the IOU's outstanding amount and the linked finance record follow
//! in the same transaction; `If-Match` guards both; the list and history.

use super::*;
use hisaab_service::entity::outbox;
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::finance::rollups;
use hisaab_service::outbox::Event;
use hisaab_service::social::{DebtInput, SettlementFilter, SettlementInput, SettlementView};
use sea_orm::EntityTrait;

async fn bank(t: &TestApp, actor: &Actor) -> accounts::AccountView {
    accounts::create_account(
        &t.app,
        actor,
        NewAccount {
            name: "Bank".into(),
            kind: "checking".into(),
            currency: "USD".into(),
            opening_balance: Some("1000".into()),
            opening_date: Some("2026-01-01".into()),
            notes: None,
        },
    )
    .await
    .unwrap()
}

async fn balance(t: &TestApp, actor: &Actor, a: &accounts::AccountView) -> String {
    accounts::get_account(&t.app, actor, a.id)
        .await
        .unwrap()
        .balance
        .to_string()
}

fn payment(g: &social::GroupView, from: usize, to: usize, amount: &str, date: &str) -> SettlementInput {
    SettlementInput {
        group_id: Some(g.id.to_string()),
        from_member_id: Some(g.members[from].id.to_string()),
        to_member_id: Some(g.members[to].id.to_string()),
        amount: amount.into(),
        currency: Some("USD".into()),
        date: date.into(),
        ..Default::default()
    }
}

fn repay(amount: &str, account: Option<String>) -> SettlementInput {
    SettlementInput {
        amount: amount.into(),
        date: "2026-11-21".into(),
        account_id: account,
        ..Default::default()
    }
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

async fn events(t: &TestApp, kind: &str) -> Vec<Vec<uuid::Uuid>> {
    outbox::Entity::find()
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| match serde_json::from_str(&r.payload).unwrap() {
            Event::Domain {
                event_type, notify, ..
            } if event_type == kind => Some(notify),
            _ => None,
        })
        .collect()
}

async fn consistent(t: &TestApp) {
    assert!(
        social::rollup::verify(&t.app).await.unwrap().is_empty(),
        "group rollup"
    );
    assert!(
        rollups::verify_rollups(&t.app).await.unwrap().is_empty(),
        "account rollups"
    );
}

#[track_caller]
fn precondition_failed<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Err(Error::PreconditionFailed) => {}
        other => panic!("expected 412, got {other:?}"),
    }
}

#[tokio::test]
async fn deleting_a_group_payment_moves_balances_plans_and_the_account_back() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = bank(&t, &asha).await;
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "90.00", 0, &[0, 1, 2]))
        .await
        .unwrap();
    // Meera pays Asha her 30, into Asha's bank.
    let mut paid = payment(&g, 1, 0, "30.00", "2026-11-21");
    paid.account_id = Some(bank.id.to_string());
    let s = social::record_settlement(&t.app, &asha, None, paid)
        .await
        .unwrap()
        .value;
    assert_eq!((s.version, s.deleted), (1, false));
    assert_eq!((s.from_name.as_str(), s.to_name.as_str()), ("Meera", "You"));
    assert_eq!(balance(&t, &asha, &bank).await, "1030.00");
    let you = |b: &social::GroupBalances| b.members[0].balance.to_string();
    assert_eq!(
        you(&social::group_balances(&t.app, &asha, g.id).await.unwrap()),
        "30.00"
    );
    let meera = g.members[1].contact_id.unwrap();
    assert!(
        social::contact_balance(&t.app, &asha, meera)
            .await
            .unwrap()
            .is_empty()
    );

    // A stale ETag changes nothing.
    precondition_failed(social::delete_settlement(&t.app, &asha, s.id, Some("\"stale-1\""), None).await);
    let gone = social::delete_settlement(&t.app, &asha, s.id, Some(&s.etag()), None)
        .await
        .unwrap();
    assert_eq!((gone.version, gone.deleted), (2, true));
    assert_eq!(
        you(&social::group_balances(&t.app, &asha, g.id).await.unwrap()),
        "60.00"
    );
    let plan = social::group_plan(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(plan.payments.len(), 2, "Meera owes again");
    assert_eq!(
        social::contact_balance(&t.app, &asha, meera).await.unwrap()[0].to_string(),
        "30.00"
    );
    assert_eq!(
        balance(&t, &asha, &bank).await,
        "1000.00",
        "the income is reversed"
    );
    consistent(&t).await;
    // Deleting again: the old ETag is stale; without one nothing changes.
    precondition_failed(social::delete_settlement(&t.app, &asha, s.id, Some(&s.etag()), None).await);
    let again = social::delete_settlement(&t.app, &asha, s.id, None, None)
        .await
        .unwrap();
    assert_eq!(again.version, 2);
    let live = social::list_group_settlements(&t.app, &asha, g.id).await.unwrap();
    assert!(live.is_empty());

    // Undo: everything moves again, the account too (a new record).
    precondition_failed(social::restore_settlement(&t.app, &asha, s.id, Some(&s.etag()), None).await);
    let back = social::restore_settlement(&t.app, &asha, s.id, Some(&gone.etag()), None)
        .await
        .unwrap();
    assert_eq!((back.version, back.deleted), (3, false));
    assert_eq!(
        you(&social::group_balances(&t.app, &asha, g.id).await.unwrap()),
        "30.00"
    );
    assert_eq!(
        social::group_plan(&t.app, &asha, g.id)
            .await
            .unwrap()
            .payments
            .len(),
        1
    );
    assert_eq!(balance(&t, &asha, &bank).await, "1030.00");
    consistent(&t).await;
    // And once more, to see that only the live record is reversed.
    let gone = social::delete_settlement(&t.app, &asha, s.id, None, None)
        .await
        .unwrap();
    assert_eq!(balance(&t, &asha, &bank).await, "1000.00");
    social::restore_settlement(&t.app, &asha, s.id, Some(&gone.etag()), None)
        .await
        .unwrap();
    assert_eq!(balance(&t, &asha, &bank).await, "1030.00");
    consistent(&t).await;

    let history = social::settlement_history(&t.app, &asha, s.id, None, None)
        .await
        .unwrap();
    let actions: Vec<&str> = history.items.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "settlement.restored",
            "settlement.deleted",
            "settlement.restored",
            "settlement.deleted",
            "settlement.recorded"
        ]
    );
    assert!(
        history.items[1].summary.contains("Meera paid You 30.00 USD"),
        "{}",
        history.items[1].summary
    );
}

#[tokio::test]
async fn an_iou_payment_reopens_the_iou_and_is_never_restored_beyond_it() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = bank(&t, &asha).await;
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
    let first = social::settle_debt(
        &t.app,
        &asha,
        None,
        debt.id,
        repay("60.00", Some(bank.id.to_string())),
    )
    .await
    .unwrap()
    .value;
    assert_eq!(
        (first.from_name.as_str(), first.to_name.as_str()),
        ("Meera", "You")
    );
    assert_eq!(balance(&t, &asha, &bank).await, "960.00");
    let outstanding = |d: social::DebtView| (d.outstanding.to_string(), d.status.as_str().to_string());

    let gone = social::delete_settlement(&t.app, &asha, first.id, Some(&first.etag()), None)
        .await
        .unwrap();
    assert_eq!(
        outstanding(social::get_debt(&t.app, &asha, debt.id).await.unwrap()),
        ("100.00".into(), "open".into())
    );
    assert_eq!(balance(&t, &asha, &bank).await, "900.00");
    assert_eq!(
        social::contact_balance(&t.app, &asha, meera.id).await.unwrap()[0].to_string(),
        "100.00"
    );
    consistent(&t).await;

    // Meanwhile Meera pays all of it: restoring the 60 would over-settle.
    let full = social::settle_debt(&t.app, &asha, None, debt.id, repay("100.00", None))
        .await
        .unwrap()
        .value;
    match social::restore_settlement(&t.app, &asha, first.id, None, None).await {
        Err(Error::Conflict(message)) => {
            assert!(message.contains("only 0.00 USD is outstanding"), "{message}")
        }
        other => panic!("expected 409, got {other:?}"),
    }
    assert!(
        social::get_settlement(&t.app, &asha, first.id)
            .await
            .unwrap()
            .deleted
    );
    assert_eq!(balance(&t, &asha, &bank).await, "900.00", "nothing was posted");

    // With the full payment deleted, the 60 fits again.
    social::delete_settlement(&t.app, &asha, full.id, None, None)
        .await
        .unwrap();
    social::restore_settlement(&t.app, &asha, first.id, Some(&gone.etag()), None)
        .await
        .unwrap();
    assert_eq!(
        outstanding(social::get_debt(&t.app, &asha, debt.id).await.unwrap()),
        ("40.00".into(), "partially_settled".into())
    );
    assert_eq!(balance(&t, &asha, &bank).await, "960.00");
    consistent(&t).await;
}

#[tokio::test]
async fn a_replayed_key_changes_once() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], false).await;
    let s = social::record_settlement(&t.app, &asha, None, payment(&g, 1, 0, "5.00", "2026-11-21"))
        .await
        .unwrap()
        .value;
    let etag = s.etag();
    let first = social::delete_settlement(&t.app, &asha, s.id, Some(&etag), Some("del-1"))
        .await
        .unwrap();
    // The same request again: the first answer, not a 412.
    let second = social::delete_settlement(&t.app, &asha, s.id, Some(&etag), Some("del-1"))
        .await
        .unwrap();
    assert_eq!((first.version, second.version), (2, 2));
    assert_eq!(events(&t, "settlement.deleted").await.len(), 1);
    // The same key for another request is refused.
    let e = invalid(social::restore_settlement(&t.app, &asha, s.id, None, Some("del-1")).await);
    assert_eq!(e[0].0, "Idempotency-Key");
}

#[tokio::test]
async fn a_linked_person_sees_the_change_and_another_tenant_gets_404() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = t.actor(&t.user("meera@example.com").await);
    let contact = social::create_contact(
        &t.app,
        &asha,
        ContactInput {
            name: "Meera".into(),
            email: Some("meera@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let inv = social::invite_contact(&t.app, &asha, contact.id).await.unwrap();
    social::respond_to_invitation(&t.app, &meera, inv.id, true)
        .await
        .unwrap();
    let flat = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![contact.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    social::add_expense(&t.app, &asha, None, flat.id, equal(&flat, "40.00", 0, &[0, 1]))
        .await
        .unwrap();
    // Meera records paying Asha back; both see it from their side.
    let s = social::record_settlement(&t.app, &meera, None, payment(&flat, 1, 0, "20.00", "2026-11-21"))
        .await
        .unwrap()
        .value;
    assert_eq!((s.from_name.as_str(), s.to_name.as_str()), ("You", "asha"));
    let by_group = |g| SettlementFilter {
        group_id: Some(g),
        ..Default::default()
    };
    let mine = social::list_settlements(&t.app, &asha, by_group(flat.id))
        .await
        .unwrap();
    assert_eq!(mine.items[0].from_name, "Meera");
    assert!(mine.items[0].yours);
    let theirs = social::list_settlements(&t.app, &meera, by_group(flat.id))
        .await
        .unwrap();
    assert_eq!(
        (theirs.items[0].from_name.as_str(), theirs.items[0].yours),
        ("You", false)
    );
    let meera_owes = |b: social::GroupBalances| b.members[1].balance.to_string();
    assert_eq!(
        meera_owes(social::group_balances(&t.app, &meera, flat.id).await.unwrap()),
        "0.00"
    );

    // Asha deletes it: Meera is told, and her (cached) views follow.
    social::delete_settlement(&t.app, &asha, s.id, None, None)
        .await
        .unwrap();
    assert!(events(&t, "settlement.deleted").await[0].contains(&meera.user_id.0));
    assert_eq!(
        meera_owes(social::group_balances(&t.app, &meera, flat.id).await.unwrap()),
        "-20.00"
    );
    let overall = social::overall_balances(&t.app, &meera).await.unwrap();
    assert_eq!(overall.shared[0].balances[0].to_string(), "-20.00");
    // Meera, a party to it, may undo it.
    let back = social::restore_settlement(&t.app, &meera, s.id, None, None)
        .await
        .unwrap();
    assert!(!back.deleted);
    assert!(
        social::overall_balances(&t.app, &meera)
            .await
            .unwrap()
            .shared
            .is_empty()
    );

    // A payment between two others in a group shared with Meera is not hers to change.
    let kabir = super::contact(&t, &asha, "Kabir").await;
    let trip = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Trip".into(),
            currency: "USD".into(),
            contact_ids: vec![contact.id.to_string(), kabir.id.to_string()],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    let others = social::record_settlement(&t.app, &asha, None, payment(&trip, 2, 0, "5.00", "2026-11-22"))
        .await
        .unwrap()
        .value;
    assert!(
        social::get_settlement(&t.app, &meera, others.id).await.is_ok(),
        "she sees it"
    );
    match social::delete_settlement(&t.app, &meera, others.id, None, None).await {
        Err(Error::Forbidden(message)) => assert!(message.contains("made or received"), "{message}"),
        other => panic!("expected 403, got {other:?}"),
    }
    assert!(
        !social::get_settlement(&t.app, &asha, others.id)
            .await
            .unwrap()
            .deleted
    );

    // An IOU payment: the linked person sees the IOU reopen.
    let debt = social::record_debt(&t.app, &asha, None, lend(&contact, "50.00", None))
        .await
        .unwrap()
        .value;
    let p = social::settle_debt(&t.app, &meera, None, debt.id, repay("50.00", None))
        .await
        .unwrap()
        .value;
    assert_eq!((p.from_name.as_str(), p.to_name.as_str()), ("You", "asha"));
    social::delete_settlement(&t.app, &asha, p.id, None, None)
        .await
        .unwrap();
    let told = events(&t, "settlement.deleted").await;
    assert_eq!(told.len(), 2);
    assert!(told.iter().all(|notify| notify.contains(&meera.user_id.0)));
    let shared = social::shared_debts(&t.app, &meera).await.unwrap();
    assert_eq!(shared[0].outstanding.to_string(), "50.00");
    let by_debt = SettlementFilter {
        peer_debt_id: Some(debt.id),
        deleted: true,
        ..Default::default()
    };
    assert_eq!(
        social::list_settlements(&t.app, &meera, by_debt.clone())
            .await
            .unwrap()
            .items
            .len(),
        1
    );

    // Someone else sees, changes and restores nothing.
    let ravi = t.actor(&t.user("ravi@example.com").await);
    for id in [s.id, p.id] {
        not_found(social::get_settlement(&t.app, &ravi, id).await);
        not_found(social::delete_settlement(&t.app, &ravi, id, None, None).await);
        not_found(social::restore_settlement(&t.app, &ravi, id, None, None).await);
        not_found(social::settlement_history(&t.app, &ravi, id, None, None).await);
    }
    not_found(social::list_settlements(&t.app, &ravi, by_group(flat.id)).await);
    not_found(social::list_settlements(&t.app, &ravi, by_debt).await);
    let contact_filter = SettlementFilter {
        contact_id: Some(contact.id),
        ..Default::default()
    };
    not_found(social::list_settlements(&t.app, &ravi, contact_filter).await);
    assert!(
        social::list_settlements(&t.app, &ravi, SettlementFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(!social::get_settlement(&t.app, &asha, s.id).await.unwrap().deleted);
}

#[tokio::test]
async fn the_list_filters_and_pages_with_a_cursor() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], false).await;
    for (i, day) in ["2026-11-01", "2026-11-02", "2026-11-03"].iter().enumerate() {
        social::record_settlement(
            &t.app,
            &asha,
            None,
            payment(&g, 1, 0, &format!("{}.00", i + 1), day),
        )
        .await
        .unwrap();
    }
    // Between two contacts: not Asha's with either of them.
    social::record_settlement(&t.app, &asha, None, payment(&g, 2, 1, "9.00", "2026-11-04"))
        .await
        .unwrap();
    let kabir = contact(&t, &asha, "Kabir (IOU)").await;
    let debt = social::record_debt(&t.app, &asha, None, lend(&kabir, "10.00", None))
        .await
        .unwrap()
        .value;
    social::settle_debt(&t.app, &asha, None, debt.id, repay("4.00", None))
        .await
        .unwrap();

    let list = |f: SettlementFilter| social::list_settlements(&t.app, &asha, f);
    let amounts = |items: &[SettlementView]| items.iter().map(|s| s.amount.to_string()).collect::<Vec<_>>();
    let all = list(SettlementFilter::default()).await.unwrap();
    assert_eq!(amounts(&all.items), ["4.00", "9.00", "3.00", "2.00", "1.00"]);
    let meera = SettlementFilter {
        contact_id: g.members[1].contact_id,
        ..Default::default()
    };
    assert_eq!(
        amounts(&list(meera.clone()).await.unwrap().items),
        ["3.00", "2.00", "1.00"]
    );
    let iou = SettlementFilter {
        contact_id: Some(kabir.id),
        ..Default::default()
    };
    assert_eq!(amounts(&list(iou).await.unwrap().items), ["4.00"]);
    let range = SettlementFilter {
        group_id: Some(g.id),
        from: Some("2026-11-02".into()),
        to: Some("2026-11-03".into()),
        ..Default::default()
    };
    assert_eq!(amounts(&list(range).await.unwrap().items), ["3.00", "2.00"]);

    // Pages of two, in order, under one cursor shape.
    let first = list(SettlementFilter {
        limit: Some(2),
        ..meera.clone()
    })
    .await
    .unwrap();
    assert_eq!(amounts(&first.items), ["3.00", "2.00"]);
    let cursor = first.next_cursor.clone().unwrap();
    let second = list(SettlementFilter {
        limit: Some(2),
        cursor: Some(cursor.clone()),
        ..meera.clone()
    })
    .await
    .unwrap();
    assert_eq!(amounts(&second.items), ["1.00"]);
    assert!(second.next_cursor.is_none());
    // A cursor belongs to its filters; wrong input names the field.
    let e = invalid(
        list(SettlementFilter {
            cursor: Some(cursor),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(e[0].0, "cursor");
    let e = invalid(
        list(SettlementFilter {
            from: Some("2026-11-31".into()),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(e[0].0, "from");
    let e = invalid(
        list(SettlementFilter {
            from: Some("2026-11-03".into()),
            to: Some("2026-11-01".into()),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(e[0].0, "to");
    let e = invalid(
        list(SettlementFilter {
            limit: Some(0),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(e[0].0, "limit");
}
