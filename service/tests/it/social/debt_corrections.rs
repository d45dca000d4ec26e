//! Correcting IOUs: edit the words, correct the money (reversal + linked new
//! debt), delete/restore, history; balances, linked finance records and the
//! linked person's view follow; another tenant gets 404.

use super::*;
use hisaab_service::entity::outbox;
use hisaab_service::entity::social::peer_debt;
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::finance::rollups;
use hisaab_service::outbox::Event;
use hisaab_service::social::{DebtCorrection, DebtFilter, DebtInput, DebtPatch, DebtStatus, SettlementInput};
use sea_orm::{EntityTrait, PaginatorTrait};

fn lend(contact: &social::ContactView, amount: &str) -> DebtInput {
    DebtInput {
        contact_id: contact.id.to_string(),
        direction: "lent".into(),
        amount: amount.into(),
        currency: "USD".into(),
        date: "2026-11-01".into(),
        reason: Some("Concert tickets".into()),
        ..Default::default()
    }
}

fn pay(amount: &str) -> SettlementInput {
    SettlementInput {
        amount: amount.into(),
        date: "2026-11-10".into(),
        ..Default::default()
    }
}

fn amount(a: &str) -> DebtCorrection {
    DebtCorrection {
        amount: Some(a.into()),
        ..Default::default()
    }
}

async fn record(t: &TestApp, actor: &Actor, input: DebtInput) -> social::DebtView {
    social::record_debt(&t.app, actor, None, input)
        .await
        .unwrap()
        .value
}

async fn balance(t: &TestApp, actor: &Actor, c: &social::ContactView) -> Vec<String> {
    social::contact_balance(&t.app, actor, c.id)
        .await
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

async fn owed_to_me(t: &TestApp, actor: &Actor) -> Vec<String> {
    social::overall_balances(&t.app, actor)
        .await
        .unwrap()
        .totals
        .iter()
        .map(|x| x.net.to_string())
        .collect()
}

fn actions(h: &[social::ActivityView]) -> Vec<&str> {
    h.iter().map(|a| a.action.as_str()).collect()
}

#[track_caller]
fn conflict<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Conflict(m)) => m,
        other => panic!("expected Conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn peer_debt_words_are_edited_under_if_match_and_kept_in_history() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "100.00")).await;
    assert_eq!((debt.version, debt.etag()), (1, format!("\"{}-1\"", debt.id)));

    let patch = DebtPatch {
        reason: Some(Some("Tickets and dinner".into())),
        due_date: Some(Some("2026-12-31".into())),
        notes: Some(Some("Pay by UPI".into())),
    };
    let edited = social::update_debt(&t.app, &asha, debt.id, Some(&debt.etag()), patch.clone())
        .await
        .unwrap();
    assert_eq!(edited.version, 2);
    assert_eq!(edited.reason.as_deref(), Some("Tickets and dinner"));
    assert_eq!(edited.notes.as_deref(), Some("Pay by UPI"));
    assert_eq!(edited.amount, debt.amount, "the money is untouched");
    // The first ETag is stale now.
    match social::update_debt(&t.app, &asha, debt.id, Some(&debt.etag()), patch.clone()).await {
        Err(Error::PreconditionFailed) => {}
        other => panic!("expected PreconditionFailed, got {other:?}"),
    }
    // The same values again change nothing (no new version, no history line).
    let same = social::update_debt(&t.app, &asha, debt.id, Some(&edited.etag()), patch)
        .await
        .unwrap();
    assert_eq!(same.version, 2);
    // Clearing, and one message per mistake.
    let cleared = social::update_debt(
        &t.app,
        &asha,
        debt.id,
        None,
        DebtPatch {
            notes: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!((cleared.notes, cleared.version), (None, 3));
    let errors = invalid(
        social::update_debt(
            &t.app,
            &asha,
            debt.id,
            None,
            DebtPatch {
                reason: Some(Some("x".repeat(501))),
                due_date: Some(Some("2026-13-01".into())),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(
        errors.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
        vec!["reason", "due_date"]
    );
    let before_date = DebtPatch {
        due_date: Some(Some("2026-10-01".into())),
        ..Default::default()
    };
    assert_eq!(
        invalid(social::update_debt(&t.app, &asha, debt.id, None, before_date).await)[0].0,
        "due_date"
    );

    let history = social::debt_history(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(
        actions(&history),
        vec!["debt.recorded", "debt.changed", "debt.changed"]
    );
    assert_eq!(history[1].details["before"]["reason"], "Concert tickets");
    assert_eq!(history[1].details["after"]["reason"], "Tickets and dinner");
    assert_eq!(history[2].details["after"]["notes"], serde_json::Value::Null);
    assert_eq!(balance(&t, &asha, &meera).await, vec!["100.00"]);
}

#[tokio::test]
async fn peer_debt_correction_reverses_the_old_and_links_the_new_with_its_payments() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "100.00")).await;
    social::settle_debt(&t.app, &asha, None, debt.id, pay("30.00"))
        .await
        .unwrap();

    // Below what was paid back: refused, nothing written.
    let errors = invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, amount("29.99")).await);
    assert_eq!(errors[0].0, "amount");
    assert!(errors[0].1.contains("30.00"), "{}", errors[0].1);
    // With payments, the currency and the direction stay.
    let to_eur = DebtCorrection {
        currency: Some("EUR".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, to_eur).await)[0].0,
        "currency"
    );
    let flipped = DebtCorrection {
        direction: Some("borrowed".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, flipped).await)[0].0,
        "direction"
    );
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, amount("100")).await)[0].1,
        "Nothing to correct: change the amount, currency, date or direction."
    );
    match social::correct_debt(&t.app, &asha, debt.id, Some("\"stale\""), None, amount("80")).await {
        Err(Error::PreconditionFailed) => {}
        other => panic!("expected PreconditionFailed, got {other:?}"),
    }
    assert_eq!(peer_debt::Entity::find().count(&t.app.db).await.unwrap(), 1);

    let new = social::correct_debt(
        &t.app,
        &asha,
        debt.id,
        Some(&debt.etag()),
        None,
        DebtCorrection {
            amount: Some("80.00".into()),
            date: Some("2026-11-02".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    assert_ne!(new.id, debt.id);
    assert_eq!(new.replaces_id, Some(debt.id));
    assert_eq!(
        (
            new.amount.to_string(),
            new.settled.to_string(),
            new.outstanding.to_string()
        ),
        ("80.00".into(), "30.00".into(), "50.00".into()),
        "the payment moved to the new debt"
    );
    assert_eq!(new.status, DebtStatus::PartiallySettled);
    assert_eq!(new.reason.as_deref(), Some("Concert tickets"));
    let old = social::get_debt(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(old.replaced_by_id, Some(new.id));
    assert!(!old.is_live());
    assert_eq!(old.settled.to_string(), "0.00");
    // Balances count only the new one.
    assert_eq!(balance(&t, &asha, &meera).await, vec!["50.00"]);
    assert_eq!(owed_to_me(&t, &asha).await, vec!["50.00"]);
    let listed = social::list_debts(&t.app, &asha, DebtFilter::default())
        .await
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![new.id]
    );
    let rows = social::contact_history(&t.app, &asha, meera.id).await.unwrap();
    assert_eq!(rows.len(), 2, "the new debt and its (moved) payment");
    assert_eq!(rows.last().unwrap().running.to_string(), "50.00");
    // The old version is done with: no edit, correction, delete or payment.
    conflict(social::correct_debt(&t.app, &asha, debt.id, None, None, amount("90")).await);
    conflict(social::update_debt(&t.app, &asha, debt.id, None, DebtPatch::default()).await);
    conflict(social::delete_debt(&t.app, &asha, debt.id, None, None).await);
    conflict(social::settle_debt(&t.app, &asha, None, debt.id, pay("1")).await);
    // Paying the rest of the new one settles it.
    social::settle_debt(&t.app, &asha, None, new.id, pay("50.00"))
        .await
        .unwrap();
    assert!(balance(&t, &asha, &meera).await.is_empty());

    // One history for the chain, from either end.
    let history = social::debt_history(&t.app, &asha, new.id).await.unwrap();
    assert_eq!(actions(&history), vec!["debt.recorded", "debt.corrected"]);
    assert_eq!(history[1].details["before"]["amount"], "100.00");
    assert_eq!(history[1].details["after"]["amount"], "80.00");
    assert_eq!(history[1].details["after"]["date"], "2026-11-02");
    assert_eq!(
        actions(&social::debt_history(&t.app, &asha, debt.id).await.unwrap()),
        actions(&history)
    );
    let by_debt = social::contact_debt_histories(&t.app, &asha, meera.id)
        .await
        .unwrap();
    assert_eq!(by_debt.len(), 1);
    assert_eq!(by_debt[&new.id].len(), 2);
}

#[tokio::test]
async fn peer_debt_correction_can_flip_direction_and_currency_before_any_payment() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "10.50")).await;
    // 10.50 is no amount in JPY: the amount must be given again.
    let jpy = DebtCorrection {
        currency: Some("JPY".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, jpy).await)[0].0,
        "amount"
    );
    let new = social::correct_debt(
        &t.app,
        &asha,
        debt.id,
        None,
        None,
        DebtCorrection {
            direction: Some("borrowed".into()),
            currency: Some("EUR".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    assert_eq!(
        (new.direction_name(), new.amount.currency().code()),
        ("borrowed", "EUR")
    );
    assert_eq!(balance(&t, &asha, &meera).await, vec!["-10.50"]);
    assert_eq!(owed_to_me(&t, &asha).await, vec!["-10.50"]);
}

#[tokio::test]
async fn peer_debt_correction_with_a_key_writes_once() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "100.00")).await;
    let first = social::correct_debt(&t.app, &asha, debt.id, None, Some("k-1"), amount("60"))
        .await
        .unwrap();
    let again = social::correct_debt(&t.app, &asha, debt.id, None, Some("k-1"), amount("60"))
        .await
        .unwrap();
    assert!(!first.replayed && again.replayed);
    assert_eq!(first.value.id, again.value.id);
    assert_eq!(peer_debt::Entity::find().count(&t.app.db).await.unwrap(), 2);
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, Some("k-1"), amount("70")).await)[0].0,
        "Idempotency-Key"
    );
    assert_eq!(balance(&t, &asha, &meera).await, vec!["60.00"]);
}

#[tokio::test]
async fn peer_debt_delete_is_undone_by_restore_and_refused_with_payments() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "100.00")).await;
    let paid = record(&t, &asha, lend(&meera, "5.00")).await;
    social::settle_debt(&t.app, &asha, None, paid.id, pay("1.00"))
        .await
        .unwrap();
    assert_eq!(balance(&t, &asha, &meera).await, vec!["104.00"]);

    let deleted = social::delete_debt(&t.app, &asha, debt.id, None, None)
        .await
        .unwrap();
    assert!(deleted.deleted && deleted.version == 2);
    assert_eq!(balance(&t, &asha, &meera).await, vec!["4.00"]);
    assert_eq!(owed_to_me(&t, &asha).await, vec!["4.00"]);
    let listed = social::list_debts(&t.app, &asha, DebtFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    // Deleting twice is the same answer; a deleted debt is not changed or paid.
    assert_eq!(
        social::delete_debt(&t.app, &asha, debt.id, None, None)
            .await
            .unwrap()
            .version,
        2
    );
    conflict(social::update_debt(&t.app, &asha, debt.id, None, DebtPatch::default()).await);
    conflict(social::correct_debt(&t.app, &asha, debt.id, None, None, amount("1")).await);
    conflict(social::settle_debt(&t.app, &asha, None, debt.id, pay("1")).await);

    let restored = social::restore_debt(&t.app, &asha, debt.id, None, None)
        .await
        .unwrap();
    assert!(!restored.deleted && restored.version == 3);
    assert_eq!(balance(&t, &asha, &meera).await, vec!["104.00"]);

    // A debt with payments: its payments go first.
    let message = conflict(social::delete_debt(&t.app, &asha, paid.id, None, None).await);
    assert!(message.contains("1.00"), "{message}");
    assert_eq!(balance(&t, &asha, &meera).await, vec!["104.00"]);
    assert_eq!(
        actions(&social::debt_history(&t.app, &asha, debt.id).await.unwrap()),
        vec!["debt.recorded", "debt.deleted", "debt.restored"]
    );
}

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

async fn account_balance(t: &TestApp, actor: &Actor, a: &accounts::AccountView) -> String {
    accounts::get_account(&t.app, actor, a.id)
        .await
        .unwrap()
        .balance
        .to_string()
}

#[tokio::test]
async fn peer_debt_linked_finance_records_follow_every_correction() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let bank = bank(&t, &asha).await;
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(
        &t,
        &asha,
        DebtInput {
            account_id: Some(bank.id.to_string()),
            ..lend(&meera, "100.00")
        },
    )
    .await;
    assert_eq!(account_balance(&t, &asha, &bank).await, "900.00");
    // The account is in USD: the currency stays.
    let eur = DebtCorrection {
        currency: Some("EUR".into()),
        ..Default::default()
    };
    assert_eq!(
        invalid(social::correct_debt(&t.app, &asha, debt.id, None, None, eur).await)[0].0,
        "currency"
    );
    let new = social::correct_debt(&t.app, &asha, debt.id, None, None, amount("60.00"))
        .await
        .unwrap()
        .value;
    assert_eq!(account_balance(&t, &asha, &bank).await, "940.00");
    // Borrowed instead: the money came in.
    let flipped = social::correct_debt(
        &t.app,
        &asha,
        new.id,
        None,
        None,
        DebtCorrection {
            direction: Some("borrowed".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    assert_eq!(account_balance(&t, &asha, &bank).await, "1060.00");
    social::delete_debt(&t.app, &asha, flipped.id, None, None)
        .await
        .unwrap();
    assert_eq!(account_balance(&t, &asha, &bank).await, "1000.00");
    social::restore_debt(&t.app, &asha, flipped.id, None, None)
        .await
        .unwrap();
    assert_eq!(account_balance(&t, &asha, &bank).await, "1060.00");
    assert_eq!(balance(&t, &asha, &meera).await, vec!["-60.00"]);
    assert!(rollups::verify_rollups(&t.app).await.unwrap().is_empty());
    let history = social::debt_history(&t.app, &asha, flipped.id).await.unwrap();
    assert_eq!(
        actions(&history),
        vec![
            "debt.recorded",
            "debt.corrected",
            "debt.corrected",
            "debt.deleted",
            "debt.restored"
        ]
    );
}

/// Asha's contact Meera, linked to the user meera@example.com.
async fn linked(t: &TestApp) -> (Actor, Actor, social::ContactView) {
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
    (asha, meera, contact)
}

async fn events_for(t: &TestApp, user: &Actor, event: &str) -> usize {
    outbox::Entity::find()
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| serde_json::from_str::<Event>(&r.payload).ok())
        .filter(|e| {
            matches!(e, Event::Domain { event_type, notify, .. }
                if event_type == event && notify.contains(&user.user_id.0))
        })
        .count()
}

#[tokio::test]
async fn peer_debt_changes_reach_the_linked_persons_mirrored_view() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let debt = record(&t, &asha, lend(&contact, "50.00")).await;
    let dash = |who: Actor| {
        let app = t.app.clone();
        async move {
            hisaab_service::finance::reports::dashboard(&app, &who)
                .await
                .unwrap()
                .people
                .iter()
                .map(|p| p.you_owe.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(dash(meera.clone()).await, vec!["50.00"]);

    let new = social::correct_debt(&t.app, &asha, debt.id, None, None, amount("40.00"))
        .await
        .unwrap()
        .value;
    let theirs = social::shared_debts(&t.app, &meera).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        (
            theirs[0].id,
            theirs[0].direction_name(),
            theirs[0].amount.to_string()
        ),
        (new.id, "borrowed", "40.00".into())
    );
    assert_eq!(
        dash(meera.clone()).await,
        vec!["40.00"],
        "her cached view was bumped"
    );
    assert_eq!(events_for(&t, &meera, "debt.corrected").await, 1);
    // She sees the history but cannot change the debt.
    let history = social::debt_history(&t.app, &meera, new.id).await.unwrap();
    assert_eq!(actions(&history), vec!["debt.recorded", "debt.corrected"]);
    match social::correct_debt(&t.app, &meera, new.id, None, None, amount("1")).await {
        Err(Error::Forbidden(_)) => {}
        other => panic!("expected Forbidden, got {other:?}"),
    }

    social::update_debt(
        &t.app,
        &asha,
        new.id,
        None,
        DebtPatch {
            reason: Some(Some("Cab".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        social::get_debt(&t.app, &meera, new.id)
            .await
            .unwrap()
            .reason
            .as_deref(),
        Some("Cab")
    );
    assert_eq!(events_for(&t, &meera, "debt.changed").await, 1);

    social::delete_debt(&t.app, &asha, new.id, None, None)
        .await
        .unwrap();
    assert!(social::shared_debts(&t.app, &meera).await.unwrap().is_empty());
    assert!(dash(meera.clone()).await.is_empty());
    assert_eq!(events_for(&t, &meera, "debt.deleted").await, 1);
    social::restore_debt(&t.app, &asha, new.id, None, None)
        .await
        .unwrap();
    assert_eq!(dash(meera.clone()).await, vec!["40.00"]);
    assert_eq!(events_for(&t, &meera, "debt.restored").await, 1);
}

#[tokio::test]
async fn peer_debt_corrections_of_another_tenant_are_not_found() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let debt = record(&t, &asha, lend(&meera, "100.00")).await;
    not_found(social::update_debt(&t.app, &ravi, debt.id, None, DebtPatch::default()).await);
    not_found(social::correct_debt(&t.app, &ravi, debt.id, None, None, amount("1")).await);
    not_found(social::delete_debt(&t.app, &ravi, debt.id, None, None).await);
    not_found(social::restore_debt(&t.app, &ravi, debt.id, None, None).await);
    not_found(social::debt_history(&t.app, &ravi, debt.id).await);
    let ravis = contact(&t, &ravi, "Kabir").await;
    not_found(social::contact_debt_histories(&t.app, &asha, ravis.id).await);
    let d = social::get_debt(&t.app, &asha, debt.id).await.unwrap();
    assert_eq!(
        (d.version, d.amount.to_string(), d.deleted),
        (1, "100.00".into(), false)
    );
}
