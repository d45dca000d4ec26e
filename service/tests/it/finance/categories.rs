use super::{account, field_of, record, tx};
use hisaab_service::Error;
use hisaab_service::finance::categories::{self, CategoryChanges, NewCategory};
use hisaab_service::finance::transactions;
use hisaab_service::testkit::TestApp;

#[tokio::test]
async fn defaults_are_created_once_and_two_levels_deep() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let (x, y) = tokio::join!(
        categories::list_categories(&t.app, &a, false),
        categories::list_categories(&t.app, &a, false)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.len(), y.len());
    let again = categories::list_categories(&t.app, &a, false).await.unwrap();
    assert_eq!(again.len(), x.len());
    assert!(
        again
            .iter()
            .any(|c| c.name == "Groceries" && c.parent_id.is_some())
    );
    let food = again.iter().find(|c| c.name == "Food").unwrap();
    let groceries = again.iter().find(|c| c.name == "Groceries").unwrap();

    let sub = categories::create_category(
        &t.app,
        &a,
        NewCategory {
            name: "Snacks".into(),
            kind: "expense".into(),
            parent_id: Some(food.id),
            color: Some("#AABBCC".into()),
            icon: Some("cookie".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (sub.color.as_deref(), sub.parent_id),
        (Some("#aabbcc"), Some(food.id))
    );
    let e = categories::create_category(
        &t.app,
        &a,
        NewCategory {
            name: "Deep".into(),
            kind: "expense".into(),
            parent_id: Some(groceries.id),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["parent_id"]);
    let e = categories::create_category(
        &t.app,
        &a,
        NewCategory {
            name: "Mixed".into(),
            kind: "income".into(),
            parent_id: Some(food.id),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["parent_id"]);
    let e = categories::create_category(
        &t.app,
        &a,
        NewCategory {
            name: "X".into(),
            kind: "expense".into(),
            color: Some("red".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(&e), vec!["color"]);
}

#[tokio::test]
async fn archived_categories_stay_on_old_records() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let acct = account(&t, &a, "Bank", "USD", "0").await;
    let cats = categories::list_categories(&t.app, &a, false).await.unwrap();
    let health = cats.iter().find(|c| c.name == "Health").unwrap();
    let mut input = tx(&acct, "expense", "5", "2026-01-02");
    input.category_id = Some(health.id.to_string());
    let r = record(&t, &a, input.clone()).await;
    categories::update_category(
        &t.app,
        &a,
        health.id,
        CategoryChanges {
            archived: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        transactions::get_transaction(&t.app, &a, r.id)
            .await
            .unwrap()
            .category_id,
        Some(health.id)
    );
    assert!(
        !categories::list_categories(&t.app, &a, false)
            .await
            .unwrap()
            .iter()
            .any(|c| c.id == health.id)
    );
    assert!(
        categories::list_categories(&t.app, &a, true)
            .await
            .unwrap()
            .iter()
            .any(|c| c.id == health.id && c.archived)
    );
    let e = transactions::record_transaction(&t.app, &a, input, None)
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), vec!["category_id"]);
}

#[tokio::test]
async fn another_tenant_cannot_use_or_change_a_category() {
    let t = TestApp::new().await;
    let a = t.actor(&t.user("a@example.com").await);
    let b = t.actor(&t.user("b@example.com").await);
    let cats = categories::list_categories(&t.app, &a, false).await.unwrap();
    let c = &cats[0];
    assert!(matches!(
        categories::get_category(&t.app, &b, c.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        categories::update_category(
            &t.app,
            &b,
            c.id,
            CategoryChanges {
                archived: Some(true),
                ..Default::default()
            }
        )
        .await,
        Err(Error::NotFound)
    ));
    let b_acct = account(&t, &b, "B", "USD", "0").await;
    let mut input = tx(&b_acct, c.kind.as_str(), "1", "2026-01-01");
    input.category_id = Some(c.id.to_string());
    let e = transactions::record_transaction(&t.app, &b, input, None).await;
    assert!(
        matches!(&e, Err(Error::Invalid { errors, .. }) if errors[0].field == "category_id"),
        "{e:?}"
    );
    assert!(!categories::get_category(&t.app, &a, c.id).await.unwrap().archived);
}
