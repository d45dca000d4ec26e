use super::*;
use hisaab_service::social::{ContactFilter, ContactPatch};

#[tokio::test]
async fn contacts_are_created_searched_archived_and_private() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    let c = social::create_contact(
        &t.app,
        &asha,
        ContactInput {
            name: " Meera  Iyer ".into(),
            email: Some("Meera@Example.com".into()),
            phone: Some("+91 98765 43210".into()),
            notes: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(c.name, "Meera  Iyer".trim());
    assert_eq!(c.initials, "MI");
    assert_eq!(c.email.as_deref(), Some("meera@example.com"));
    contact(&t, &asha, "Kabir").await;

    let found = social::list_contacts(
        &t.app,
        &asha,
        ContactFilter {
            q: Some("mee".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(found.items.len(), 1);
    let all = social::list_contacts(
        &t.app,
        &asha,
        ContactFilter {
            limit: Some(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(all.items[0].name, "Kabir");
    let next = social::list_contacts(
        &t.app,
        &asha,
        ContactFilter {
            limit: Some(1),
            cursor: all.next_cursor,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(next.items[0].id, c.id);

    // Another tenant can neither read, change nor archive it.
    not_found(social::get_contact(&t.app, &ravi, c.id).await);
    not_found(
        social::update_contact(
            &t.app,
            &ravi,
            c.id,
            ContactPatch {
                name: Some("Hacked".into()),
                ..Default::default()
            },
        )
        .await,
    );
    not_found(social::archive_contact(&t.app, &ravi, c.id).await);
    assert!(
        social::list_contacts(&t.app, &ravi, ContactFilter::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        social::get_contact(&t.app, &asha, c.id).await.unwrap().name,
        "Meera  Iyer"
    );

    let archived = social::archive_contact(&t.app, &asha, c.id).await.unwrap();
    assert!(archived.archived);
    let active = social::list_contacts(&t.app, &asha, ContactFilter::default())
        .await
        .unwrap();
    assert_eq!(active.items.len(), 1);
}

#[tokio::test]
async fn contact_input_is_checked() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let errors = invalid(
        social::create_contact(
            &t.app,
            &asha,
            ContactInput {
                name: "Bad\u{0}name".into(),
                email: Some("nope".into()),
                phone: Some("call me".into()),
                notes: None,
            },
        )
        .await,
    );
    let fields: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(fields, vec!["name", "email", "phone"]);
    let errors = invalid(
        social::create_contact(
            &t.app,
            &asha,
            ContactInput {
                name: "x".repeat(101),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(errors[0].0, "name");
}
