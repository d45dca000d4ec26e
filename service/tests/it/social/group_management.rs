//! Managing a group: removing a member (only when settled), leaving a shared
//! group, adding a new person by name, the default split.

use super::sharing::linked;
use super::*;
use hisaab_service::social::{DefaultShareInput, GroupPatch, MemberInput, SettlementInput};

#[track_caller]
fn conflict<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Conflict(message)) => message,
        other => panic!("expected Conflict, got {other:?}"),
    }
}

async fn pay(t: &TestApp, actor: &Actor, g: &social::GroupView, from: usize, to: usize, amount: &str) {
    let input = SettlementInput {
        group_id: Some(g.id.to_string()),
        from_member_id: Some(g.members[from].id.to_string()),
        to_member_id: Some(g.members[to].id.to_string()),
        amount: amount.into(),
        currency: Some("USD".into()),
        date: "2026-11-25".into(),
        ..Default::default()
    };
    social::record_settlement(&t.app, actor, None, input)
        .await
        .unwrap();
}

fn split(g: &social::GroupView, shares: &[(usize, &str)]) -> GroupPatch {
    GroupPatch {
        default_split: Some(Some(
            shares
                .iter()
                .map(|(i, p)| DefaultShareInput {
                    member_id: g.members[*i].id.to_string(),
                    percent: (*p).into(),
                })
                .collect(),
        )),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_member_with_a_balance_stays_until_settled_then_goes_keeping_their_past_lines() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Bo", "Cy"], true).await;
    let bo = g.members[1].clone();
    let dinner = social::add_expense(&t.app, &asha, None, g.id, equal(&g, "20.00", 0, &[0, 1]))
        .await
        .unwrap();

    let message = conflict(social::remove_member(&t.app, &asha, g.id, bo.id).await);
    assert_eq!(
        message,
        "Bo still owes 10.00 USD in this group. Settle up first (record the payments in the group's settle-up plan) before removing them."
    );
    let message = conflict(social::remove_member(&t.app, &asha, g.id, g.members[0].id).await);
    assert!(message.contains("Archive the group"), "{message}");

    pay(&t, &asha, &g, 1, 0, "10.00").await;
    social::remove_member(&t.app, &asha, g.id, bo.id).await.unwrap();

    let after = social::get_group(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(
        after.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["You", "Cy"]
    );
    assert_eq!(after.former.len(), 1);
    assert_eq!(after.former[0].id, bo.id);
    // Past lines keep the name; balances and plans leave Bo out.
    let e = social::get_expense(&t.app, &asha, dinner.value.id).await.unwrap();
    assert!(e.shares.iter().any(|s| s.name == "Bo"), "{e:?}");
    let b = social::group_balances(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(b.members.len(), 2);
    // New expenses cannot include Bo.
    let errors = invalid(social::add_expense(&t.app, &asha, None, g.id, equal(&g, "9.00", 0, &[0, 1])).await);
    assert!(
        errors.iter().any(|(_, m)| m == "Choose a member of this group."),
        "{errors:?}"
    );
    // The groceries with Bo stay as they are while Bo is gone.
    let message = conflict(social::delete_expense(&t.app, &asha, dinner.value.id, None, None).await);
    assert!(
        message.starts_with("This expense includes Bo, who is no longer in the group."),
        "{message}"
    );
    let message = conflict(
        social::update_expense(
            &t.app,
            &asha,
            dinner.value.id,
            None,
            equal(&g, "20.00", 0, &[0, 2]),
        )
        .await,
    );
    assert!(message.contains("Add them back"), "{message}");
    // Gone twice is not found; back again is the same member.
    not_found(social::remove_member(&t.app, &asha, g.id, bo.id).await);
    let back = social::add_member(&t.app, &asha, g.id, &bo.contact_id.unwrap().to_string())
        .await
        .unwrap();
    assert_eq!(back.id, bo.id);
    // Back in, the expense can change again.
    social::delete_expense(&t.app, &asha, dinner.value.id, None, None)
        .await
        .unwrap();
    let activity = social::group_activity(&t.app, &asha, g.id, None, Some(10))
        .await
        .unwrap();
    let actions: Vec<&str> = activity.items.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"group.member_removed"), "{actions:?}");
    assert!(
        activity
            .items
            .iter()
            .any(|a| a.summary == "Bo was removed from the group")
    );
}

#[tokio::test]
async fn debts_that_cancel_out_are_not_settled() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Bo", "Cy"], false).await;
    // Bo owes you 10; Cy owes Bo 10: Bo's net is zero, not their debts.
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "20.00", 0, &[0, 1]))
        .await
        .unwrap();
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "20.00", 1, &[1, 2]))
        .await
        .unwrap();
    let message = conflict(social::remove_member(&t.app, &asha, g.id, g.members[1].id).await);
    assert!(message.starts_with("Bo still has debts"), "{message}");
}

#[tokio::test]
async fn another_tenant_cannot_see_add_to_or_remove_from_a_group() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    let g = group(&t, &asha, &["Bo"], true).await;
    let ravis = contact(&t, &ravi, "Sam").await;
    not_found(social::remove_member(&t.app, &ravi, g.id, g.members[1].id).await);
    not_found(social::add_member(&t.app, &ravi, g.id, &ravis.id.to_string()).await);
    not_found(social::leave_group(&t.app, &ravi, g.id).await);
    not_found(social::update_group(&t.app, &ravi, g.id, split(&g, &[(0, "100")])).await);
    // Ravi's contact is not Asha's to add.
    let errors = invalid(social::add_member(&t.app, &asha, g.id, &ravis.id.to_string()).await);
    assert_eq!(errors[0].0, "contact_id");
    assert_eq!(
        social::get_group(&t.app, &asha, g.id)
            .await
            .unwrap()
            .members
            .len(),
        2
    );
}

#[tokio::test]
async fn a_new_person_is_added_by_name_as_a_new_contact() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &[], true).await;
    let m = social::add_group_member(
        &t.app,
        &asha,
        g.id,
        MemberInput {
            contact_id: None,
            name: Some("Dev".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(m.name, "Dev");
    let c = social::get_contact(&t.app, &asha, m.contact_id.unwrap())
        .await
        .unwrap();
    assert_eq!(c.name, "Dev");
    for input in [
        MemberInput::default(),
        MemberInput {
            contact_id: Some(c.id.to_string()),
            name: Some("Dev".into()),
        },
    ] {
        let errors = invalid(social::add_group_member(&t.app, &asha, g.id, input).await);
        assert_eq!(errors[0].0, "contact_id", "{errors:?}");
    }
    let errors = invalid(social::add_member(&t.app, &asha, g.id, &c.id.to_string()).await);
    assert_eq!(errors[0].1, "Dev is already in this group.");
}

#[tokio::test]
async fn a_default_split_is_checked_kept_and_dropped_with_a_member() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Bo"], true).await;
    let errors = invalid(social::update_group(&t.app, &asha, g.id, split(&g, &[(0, "60"), (1, "30")])).await);
    assert_eq!(errors[0].0, "default_split");
    assert!(
        errors[0].1.starts_with("The percentages add up to 90"),
        "{errors:?}"
    );
    let errors =
        invalid(social::update_group(&t.app, &asha, g.id, split(&g, &[(0, "-5"), (1, "105")])).await);
    assert_eq!(errors.len(), 2, "{errors:?}");

    let set = social::update_group(&t.app, &asha, g.id, split(&g, &[(0, "60"), (1, "40")]))
        .await
        .unwrap();
    let shares = set.default_split.clone().unwrap();
    assert_eq!(shares.len(), 2);
    assert_eq!(shares[0].member_id, g.members[0].id);
    assert_eq!(shares[0].percent.to_string(), "60");
    let activity = social::group_activity(&t.app, &asha, g.id, None, Some(1))
        .await
        .unwrap();
    assert_eq!(activity.items[0].summary, "Set the default split");

    // Removing a member it names clears it.
    social::remove_member(&t.app, &asha, g.id, g.members[1].id)
        .await
        .unwrap();
    assert!(
        social::get_group(&t.app, &asha, g.id)
            .await
            .unwrap()
            .default_split
            .is_none()
    );

    social::update_group(&t.app, &asha, g.id, split(&g, &[(0, "100")]))
        .await
        .unwrap();
    let cleared = social::update_group(
        &t.app,
        &asha,
        g.id,
        GroupPatch {
            default_split: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(cleared.default_split.is_none());
    // A former member cannot be given a share.
    let errors = invalid(social::update_group(&t.app, &asha, g.id, split(&g, &[(0, "50"), (1, "50")])).await);
    assert_eq!(errors[0].0, "default_split[1].member_id");
}

#[tokio::test]
async fn a_linked_person_leaves_a_shared_group_once_settled() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let g = social::create_group(
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
    social::add_expense(&t.app, &asha, None, g.id, equal(&g, "30.00", 0, &[0, 1]))
        .await
        .unwrap();
    let message = conflict(social::leave_group(&t.app, &meera, g.id).await);
    assert_eq!(
        message,
        "You still owe 15.00 USD in this group. Settle up first (record the payments in the group's settle-up plan) before leaving."
    );
    let message = conflict(social::leave_group(&t.app, &asha, g.id).await);
    assert!(message.contains("your own group"), "{message}");

    pay(&t, &asha, &g, 1, 0, "15.00").await;
    social::leave_group(&t.app, &meera, g.id).await.unwrap();
    not_found(social::get_group(&t.app, &meera, g.id).await);
    not_found(social::leave_group(&t.app, &meera, g.id).await);
    let seen = social::get_group(&t.app, &asha, g.id).await.unwrap();
    assert_eq!(seen.members.len(), 1);
    assert_eq!(seen.former[0].name, "Meera");
    let activity = social::group_activity(&t.app, &asha, g.id, None, Some(1))
        .await
        .unwrap();
    assert_eq!(activity.items[0].summary, "Meera left the group");
    assert_eq!(activity.items[0].actor_user_id, meera.user_id);
}
