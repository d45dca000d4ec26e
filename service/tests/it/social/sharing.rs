//! Invitations and sharing: a linked user sees exactly what is shared.

use super::*;
use hisaab_service::entity::outbox;
use hisaab_service::outbox::Event;
use hisaab_service::social::{DebtInput, SettlementInput};
use sea_orm::EntityTrait;

async fn events(t: &TestApp) -> Vec<Event> {
    outbox::Entity::find()
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| serde_json::from_str(&r.payload).unwrap())
        .collect()
}

/// Asha invites Meera (meera@example.com), who has signed up and accepts.
pub(crate) async fn linked(t: &TestApp) -> (Actor, Actor, social::ContactView) {
    let asha = t.actor(&t.user("asha@example.com").await);
    let meera = t.actor(&t.user("meera@example.com").await);
    let contact = social::create_contact(
        &t.app,
        &asha,
        ContactInput {
            name: "Meera".into(),
            email: Some("Meera@Example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let inv = social::invite_contact(&t.app, &asha, contact.id).await.unwrap();
    assert_eq!(inv.status, "pending");
    assert_eq!(
        social::get_contact(&t.app, &asha, contact.id)
            .await
            .unwrap()
            .share_status,
        "pending"
    );
    let list = social::list_invitations(&t.app, &meera).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].inviter_name, "asha");
    let accepted = social::respond_to_invitation(&t.app, &meera, inv.id, true)
        .await
        .unwrap();
    assert_eq!(accepted.status, "accepted");
    let contact = social::get_contact(&t.app, &asha, contact.id).await.unwrap();
    assert_eq!(contact.share_status, "accepted");
    (asha, meera, contact)
}

#[tokio::test]
async fn an_invitation_is_emailed_and_accepting_notifies_the_inviter() {
    let t = TestApp::new().await;
    let (asha, meera, _) = linked(&t).await;
    let all = events(&t).await;
    let mail = all
        .iter()
        .find_map(|e| match e {
            Event::Email(m) if m.template == "invitation" => Some(m.clone()),
            _ => None,
        })
        .expect("invitation email");
    assert_eq!(mail.to, "meera@example.com");
    assert!(
        mail.context["link"]
            .as_str()
            .unwrap()
            .contains("/social/invitations")
    );
    let accepted = all
        .iter()
        .find_map(|e| match e {
            Event::Domain {
                event_type, notify, ..
            } if event_type == "invitation.accepted" => Some(notify.clone()),
            _ => None,
        })
        .expect("accepted event");
    assert!(accepted.contains(&asha.user_id.0) && accepted.contains(&meera.user_id.0));
}

#[tokio::test]
async fn only_the_invited_email_can_accept_and_only_once() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let other = t.actor(&t.user("other@example.com").await);
    let c = social::create_contact(
        &t.app,
        &asha,
        ContactInput {
            name: "Meera".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // No email on the contact: a 422 naming the field.
    assert_eq!(
        invalid(social::invite_contact(&t.app, &asha, c.id).await)[0].0,
        "email"
    );
    // Another tenant can't invite Asha's contact.
    not_found(social::invite_contact(&t.app, &other, c.id).await);
    social::update_contact(
        &t.app,
        &asha,
        c.id,
        social::ContactPatch {
            email: Some("meera@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let inv = social::invite_contact(&t.app, &asha, c.id).await.unwrap();
    assert!(social::list_invitations(&t.app, &other).await.unwrap().is_empty());
    not_found(social::respond_to_invitation(&t.app, &other, inv.id, true).await);
    let meera = t.actor(&t.user("meera@example.com").await);
    let declined = social::respond_to_invitation(&t.app, &meera, inv.id, false)
        .await
        .unwrap();
    assert_eq!(declined.status, "declined");
    assert_eq!(
        social::get_contact(&t.app, &asha, c.id)
            .await
            .unwrap()
            .share_status,
        "not_shared"
    );
    let again = social::respond_to_invitation(&t.app, &meera, inv.id, true)
        .await
        .unwrap_err();
    assert!(matches!(again, Error::Conflict(_)), "{again:?}");
}

#[tokio::test]
async fn a_linked_user_sees_exactly_what_is_shared() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let stranger = t.actor(&t.user("stranger@example.com").await);

    // A shared debt, mirrored.
    let debt = social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "50.00".into(),
            currency: "USD".into(),
            date: "2026-11-20".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    let theirs = social::shared_debts(&t.app, &meera).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        (theirs[0].direction_name(), theirs[0].contact_name.as_str()),
        ("borrowed", "asha")
    );
    assert_eq!(
        social::get_debt(&t.app, &meera, debt.id)
            .await
            .unwrap()
            .direction_name(),
        "borrowed"
    );
    not_found(social::get_debt(&t.app, &stranger, debt.id).await);
    assert!(social::shared_debts(&t.app, &stranger).await.unwrap().is_empty());

    // A group with Meera is shared; a group without her is not.
    let kabir = contact_named(&t, &asha, "Kabir").await;
    let shared = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![contact.id.to_string(), kabir.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let private = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Work".into(),
            currency: "USD".into(),
            contact_ids: vec![kabir.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let listed = social::list_groups(&t.app, &meera, false, None, None)
        .await
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        vec!["Flat"]
    );
    assert_eq!(
        social::get_group(&t.app, &meera, shared.id)
            .await
            .unwrap()
            .members
            .len(),
        3
    );
    not_found(social::get_group(&t.app, &meera, private.id).await);
    not_found(social::group_balances(&t.app, &meera, private.id).await);
    not_found(social::get_group(&t.app, &stranger, shared.id).await);
    not_found(social::group_plan(&t.app, &stranger, shared.id).await);

    // Meera adds an expense she paid; both see the same balances and activity.
    let e = social::add_expense(
        &t.app,
        &meera,
        None,
        shared.id,
        equal(&shared, "90.00", 1, &[0, 1, 2]),
    )
    .await
    .unwrap()
    .value;
    let mine = social::group_balances(&t.app, &asha, shared.id).await.unwrap();
    let hers = social::group_balances(&t.app, &meera, shared.id).await.unwrap();
    // The same numbers, each from their own side: "You" is whoever asks.
    let numbers = |b: &social::GroupBalances| {
        let members: Vec<_> = b.members.iter().map(|m| (m.member_id, m.balance)).collect();
        let pairs: Vec<_> = b
            .pairwise
            .iter()
            .map(|p| (p.from_member_id, p.to_member_id, p.amount))
            .collect();
        (members, pairs)
    };
    assert_eq!(numbers(&mine), numbers(&hers));
    assert_eq!(hers.members[1].balance.to_string(), "60.00");
    let who = |b: &social::GroupBalances| -> Vec<(String, bool)> {
        b.members.iter().map(|m| (m.name.clone(), m.is_you)).collect()
    };
    assert_eq!(
        who(&mine),
        [
            ("You".to_string(), true),
            ("Meera".into(), false),
            ("Kabir".into(), false)
        ]
    );
    assert_eq!(
        who(&hers),
        [
            ("asha".to_string(), false),
            ("You".into(), true),
            ("Kabir".into(), false)
        ]
    );
    let a = social::group_activity(&t.app, &asha, shared.id, None, None)
        .await
        .unwrap();
    let m = social::group_activity(&t.app, &meera, shared.id, None, None)
        .await
        .unwrap();
    assert_eq!(a.items.len(), m.items.len());
    not_found(social::get_expense(&t.app, &stranger, e.id).await);
    not_found(social::delete_expense(&t.app, &stranger, e.id, None, None).await);
    not_found(
        social::add_expense(
            &t.app,
            &stranger,
            None,
            shared.id,
            equal(&shared, "9.00", 0, &[0, 1]),
        )
        .await,
    );

    // The expense event reached Asha too.
    let notified = events(&t)
        .await
        .into_iter()
        .any(|e| matches!(e, Event::Domain { event_type, notify, .. } if event_type == "expense.added" && notify.contains(&asha.user_id.0)));
    assert!(notified);

    // Meera settles only payments that involve her.
    let pay = |from: usize, to: usize| group_payment(&shared, from, to, "10.00");
    social::record_settlement(&t.app, &meera, None, pay(0, 1))
        .await
        .unwrap();
    let e = invalid(social::record_settlement(&t.app, &meera, None, pay(2, 0)).await);
    assert_eq!(e[0].0, "from_member_id");
    not_found(social::record_settlement(&t.app, &stranger, None, pay(0, 1)).await);

    // Unlinking stops the sharing; the records stay with Asha.
    social::unlink_contact(&t.app, &asha, contact.id).await.unwrap();
    not_found(social::get_group(&t.app, &meera, shared.id).await);
    assert!(social::shared_debts(&t.app, &meera).await.unwrap().is_empty());
    assert_eq!(
        social::group_balances(&t.app, &asha, shared.id)
            .await
            .unwrap()
            .members[1]
            .balance
            .to_string(),
        "50.00"
    );
}

async fn contact_named(t: &TestApp, actor: &Actor, name: &str) -> social::ContactView {
    contact(t, actor, name).await
}

#[tokio::test]
async fn the_linked_contact_can_pay_a_shared_iou_but_not_over_or_through_an_account() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let stranger = t.actor(&t.user("stranger@example.com").await);
    let debt = social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "50.00".into(),
            currency: "USD".into(),
            date: "2026-11-20".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    let pay = |amount: &str, account: Option<&str>| SettlementInput {
        amount: amount.into(),
        date: "2026-11-24".into(),
        method: Some("upi".into()),
        account_id: account.map(str::to_string),
        ..Default::default()
    };
    // Meera pays 20 of the 50 she owes.
    let paid = social::settle_debt(&t.app, &meera, Some("meera-pays-1"), debt.id, pay("20.00", None))
        .await
        .unwrap();
    assert_eq!(paid.value.debt_outstanding.unwrap().to_string(), "30.00");
    // A retry with the same key is the same payment.
    let again = social::settle_debt(&t.app, &meera, Some("meera-pays-1"), debt.id, pay("20.00", None))
        .await
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.value.id, paid.value.id);
    // Both see 30 outstanding: Asha on her debt, Meera on the mirrored one.
    assert_eq!(
        social::get_debt(&t.app, &asha, debt.id)
            .await
            .unwrap()
            .outstanding
            .to_string(),
        "30.00"
    );
    assert_eq!(
        social::shared_debts(&t.app, &meera).await.unwrap()[0]
            .outstanding
            .to_string(),
        "30.00"
    );
    // More than what is left, an account (hers are not in Asha's ledger), or a stranger: refused.
    let over = invalid(social::settle_debt(&t.app, &meera, None, debt.id, pay("30.01", None)).await);
    assert_eq!(over[0].0, "amount");
    let account = uuid::Uuid::now_v7().to_string();
    let with_account =
        invalid(social::settle_debt(&t.app, &meera, None, debt.id, pay("1.00", Some(&account))).await);
    assert_eq!(with_account[0].0, "account_id");
    not_found(social::settle_debt(&t.app, &stranger, None, debt.id, pay("1.00", None)).await);
    assert_eq!(
        social::get_debt(&t.app, &asha, debt.id)
            .await
            .unwrap()
            .outstanding
            .to_string(),
        "30.00"
    );
    // Once unlinked, she can no longer pay it here.
    social::unlink_contact(&t.app, &asha, contact.id).await.unwrap();
    not_found(social::settle_debt(&t.app, &meera, None, debt.id, pay("1.00", None)).await);
}

/// A USD payment in `group` from member `from` to member `to`, on 2026-11-21.
fn group_payment(group: &social::GroupView, from: usize, to: usize, amount: &str) -> SettlementInput {
    SettlementInput {
        group_id: Some(group.id.to_string()),
        from_member_id: Some(group.members[from].id.to_string()),
        to_member_id: Some(group.members[to].id.to_string()),
        amount: amount.into(),
        currency: Some("USD".into()),
        date: "2026-11-21".into(),
        ..Default::default()
    }
}

/// Asha's "Flat" group (USD, simplified) of her and the contact.
async fn flat_with(t: &TestApp, asha: &Actor, contact: &social::ContactView) -> social::GroupView {
    social::create_group(
        &t.app,
        asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![contact.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap()
}

/// Group balances and plans are cached per viewer (ADR 0014): the other
/// person's expense and settlement show at once, and losing access is a 404,
/// never a cached answer.
#[tokio::test]
async fn cached_group_views_follow_the_other_persons_writes_and_lost_access() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let shared = flat_with(&t, &asha, &contact).await;
    let balance_of = |b: &social::GroupBalances, i: usize| b.members[i].balance.to_string();
    // Both read (and cache) the empty group.
    for who in [&asha, &meera] {
        let b = social::group_balances(&t.app, who, shared.id).await.unwrap();
        assert_eq!(balance_of(&b, 1), "0.00");
        assert!(
            social::group_plan(&t.app, who, shared.id)
                .await
                .unwrap()
                .payments
                .is_empty()
        );
    }
    // Meera pays 40 for both: Asha's cached views change.
    social::add_expense(
        &t.app,
        &meera,
        None,
        shared.id,
        equal(&shared, "40.00", 1, &[0, 1]),
    )
    .await
    .unwrap();
    let b = social::group_balances(&t.app, &asha, shared.id).await.unwrap();
    assert_eq!(balance_of(&b, 1), "20.00");
    let plan = social::group_plan(&t.app, &asha, shared.id).await.unwrap();
    assert_eq!(plan.payments.len(), 1);
    assert_eq!(plan.payments[0].amount.to_string(), "20.00");
    // Asha pays her back: Meera's cached views change.
    social::record_settlement(&t.app, &asha, None, group_payment(&shared, 0, 1, "20.00"))
        .await
        .unwrap();
    let b = social::group_balances(&t.app, &meera, shared.id).await.unwrap();
    assert_eq!(balance_of(&b, 1), "0.00");
    assert!(
        social::group_plan(&t.app, &meera, shared.id)
            .await
            .unwrap()
            .payments
            .is_empty()
    );
    // Unlinked, Meera's cached views are gone with her access.
    social::unlink_contact(&t.app, &asha, contact.id).await.unwrap();
    not_found(social::group_balances(&t.app, &meera, shared.id).await);
    not_found(social::group_plan(&t.app, &meera, shared.id).await);
}

/// A linked person's overall balance counts what they owe or are owed in the
/// groups and IOUs shared with them (with the owner's name), and so do their
/// dashboard and net worth; unlinking ends it.
#[tokio::test]
async fn a_linked_persons_overall_balance_counts_what_is_shared_with_them() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let shared = flat_with(&t, &asha, &contact).await;
    // Asha pays 90 for both; she lends Meera 10 more.
    social::add_expense(
        &t.app,
        &asha,
        None,
        shared.id,
        equal(&shared, "90.00", 0, &[0, 1]),
    )
    .await
    .unwrap();
    social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "10.00".into(),
            currency: "USD".into(),
            date: "2026-11-20".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let hers = social::overall_balances(&t.app, &meera).await.unwrap();
    assert!(hers.people.is_empty());
    assert_eq!(hers.shared.len(), 1);
    assert_eq!(hers.shared[0].owner_name, "asha");
    assert_eq!(hers.shared[0].balances[0].to_string(), "-55.00");
    assert_eq!(hers.totals[0].you_owe.to_string(), "55.00");
    assert_eq!(hers.totals[0].owed_to_you.to_string(), "0.00");
    let dash = hisaab_service::finance::reports::dashboard(&t.app, &meera)
        .await
        .unwrap();
    assert_eq!(dash.people[0].you_owe.to_string(), "55.00");
    assert_eq!(dash.net_worth.to_string(), "-55.00");
    // Asha's side is unchanged: her contact owes her 55, nothing shared with her.
    let mine = social::overall_balances(&t.app, &asha).await.unwrap();
    assert!(mine.shared.is_empty());
    assert_eq!(mine.totals[0].owed_to_you.to_string(), "55.00");
    // Meera pays her group share back.
    social::record_settlement(&t.app, &meera, None, group_payment(&shared, 1, 0, "45.00"))
        .await
        .unwrap();
    let hers = social::overall_balances(&t.app, &meera).await.unwrap();
    assert_eq!(hers.shared[0].balances[0].to_string(), "-10.00");
    let dash = hisaab_service::finance::reports::dashboard(&t.app, &meera)
        .await
        .unwrap();
    assert_eq!(dash.people[0].you_owe.to_string(), "10.00");
    // Unlinked, nothing is shared any more.
    social::unlink_contact(&t.app, &asha, contact.id).await.unwrap();
    let hers = social::overall_balances(&t.app, &meera).await.unwrap();
    assert!(hers.shared.is_empty() && hers.totals.is_empty());
}
