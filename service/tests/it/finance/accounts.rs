use super::{account, field_of, record, tx};
use hisaab_service::Error;
use hisaab_service::entity::user::Role;
use hisaab_service::finance::accounts::{self, AccountChanges, AccountFilter, NewAccount};
use hisaab_service::testkit::TestApp;

#[tokio::test]
async fn balance_is_opening_plus_transactions() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Checking", "USD", "100.50").await;
    assert_eq!(acct.balance.to_string(), "100.50");
    record(&t, &a, tx(&acct, "income", "20", "2026-02-01")).await;
    record(&t, &a, tx(&acct, "expense", "0.75", "2026-02-02")).await;
    let got = accounts::get_account(&t.app, &a, acct.id).await.unwrap();
    assert_eq!(got.balance.to_string(), "119.75");
    assert_eq!(got.opening_balance.to_string(), "100.50");
    assert_eq!(got.kind.as_str(), "checking");
}

#[tokio::test]
async fn validates_input() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let bad = |name: &str, kind: &str, currency: &str, opening: &str, date: &str| NewAccount {
        name: name.into(),
        kind: kind.into(),
        currency: currency.into(),
        opening_balance: Some(opening.into()),
        opening_date: Some(date.into()),
        notes: None,
    };
    let e = accounts::create_account(&t.app, &a, bad("", "cash", "USD", "1", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["name"]);
    let e = accounts::create_account(&t.app, &a, bad("X", "boat", "USD", "1", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["kind"]);
    let e = accounts::create_account(&t.app, &a, bad("X", "cash", "ZZZ", "1", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["currency"]);
    let e = accounts::create_account(&t.app, &a, bad("X", "cash", "JPY", "1.5", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["opening_balance"]);
    let e = accounts::create_account(&t.app, &a, bad("X", "cash", "USD", "1", "1899-12-31"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["opening_date"]);
    let e = accounts::create_account(&t.app, &a, bad("X\0", "cash", "USD", "1", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["name"]);
    // Credit cards may open negative.
    let cc = accounts::create_account(
        &t.app,
        &a,
        bad("Card", "credit_card", "KWD", "-12.5", "2026-01-01"),
    )
    .await
    .unwrap();
    assert_eq!(cc.balance.to_string(), "-12.500");
}

#[tokio::test]
async fn basic_plan_allows_three_active_accounts() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let first = account(&t, &a, "One", "USD", "0").await;
    account(&t, &a, "Two", "USD", "0").await;
    account(&t, &a, "Three", "USD", "0").await;
    let new = || NewAccount {
        name: "Four".into(),
        kind: "cash".into(),
        currency: "USD".into(),
        ..Default::default()
    };
    let e = accounts::create_account(&t.app, &a, new()).await.unwrap_err();
    match e {
        Error::Forbidden(msg) => {
            assert!(msg.contains("Archive") && msg.contains("Premium"), "{msg}")
        }
        other => panic!("{other:?}"),
    }
    // Archiving one frees a slot; restoring it is then refused.
    accounts::update_account(
        &t.app,
        &a,
        first.id,
        AccountChanges {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    accounts::create_account(&t.app, &a, new()).await.unwrap();
    let e = accounts::update_account(
        &t.app,
        &a,
        first.id,
        AccountChanges {
            archived: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
    let listed = accounts::list_accounts(&t.app, &a, AccountFilter::default())
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 3);
    let all = accounts::list_accounts(
        &t.app,
        &a,
        AccountFilter {
            include_archived: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(all.items.len(), 4);

    let p = t.actor(&t.user_with_role("p@example.com", Role::Premium).await);
    for i in 0..5 {
        account(&t, &p, &format!("P{i}"), "EUR", "0").await;
    }
}

#[tokio::test]
async fn lists_page_by_cursor() {
    let t = TestApp::new().await;
    let p = t.actor(&t.user_with_role("p@example.com", Role::Premium).await);
    for i in 0..5 {
        account(&t, &p, &format!("A{i}"), "USD", "0").await;
    }
    let first = accounts::list_accounts(
        &t.app,
        &p,
        AccountFilter {
            limit: Some(2),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(first.items.len(), 2);
    let mut names: Vec<String> = first.items.iter().map(|a| a.name.clone()).collect();
    let mut cursor = first.next_cursor;
    while let Some(c) = cursor {
        let page = accounts::list_accounts(
            &t.app,
            &p,
            AccountFilter {
                limit: Some(2),
                cursor: Some(c),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        names.extend(page.items.iter().map(|a| a.name.clone()));
        cursor = page.next_cursor;
    }
    assert_eq!(names, vec!["A0", "A1", "A2", "A3", "A4"]);
}

#[tokio::test]
async fn another_tenant_cannot_read_or_change_an_account() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let acct = account(&t, &a, "Mine", "USD", "10").await;
    assert!(matches!(
        accounts::get_account(&t.app, &b, acct.id).await,
        Err(Error::NotFound)
    ));
    let e = accounts::update_account(
        &t.app,
        &b,
        acct.id,
        AccountChanges {
            name: Some("Stolen".into()),
            archived: Some(true),
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(e, Err(Error::NotFound)));
    assert!(
        accounts::list_accounts(&t.app, &b, AccountFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let e = hisaab_service::finance::transactions::record_transaction(
        &t.app,
        &b,
        tx(&acct, "expense", "1", "2026-02-01"),
        None,
    )
    .await;
    // Someone else's account named in a body: invalid input naming the field.
    assert!(
        matches!(&e, Err(Error::Invalid { errors, .. }) if errors[0].field == "account_id"),
        "{e:?}"
    );
    let still = accounts::get_account(&t.app, &a, acct.id).await.unwrap();
    assert_eq!(
        (
            still.name.as_str(),
            still.archived,
            still.balance.to_string().as_str()
        ),
        ("Mine", false, "10.00")
    );
}
