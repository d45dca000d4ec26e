//! Contact groups: organise contacts; start an expense group from one.

use super::*;
use hisaab_service::social::ContactGroupInput;

#[tokio::test]
async fn contact_groups_organise_people_and_start_an_expense_group() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let other = t.actor(&t.user("other@example.com").await);
    let meera = contact(&t, &asha, "Meera").await;
    let kabir = contact(&t, &asha, "Kabir").await;
    let input = |ids: Vec<String>| ContactGroupInput {
        name: "Flatmates".into(),
        kind: Some("roommates".into()),
        contact_ids: ids,
    };
    let g = social::create_contact_group(
        &t.app,
        &asha,
        input(vec![meera.id.to_string(), kabir.id.to_string()]),
    )
    .await
    .unwrap();
    assert_eq!(
        g.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        vec!["Kabir", "Meera"]
    );
    let e = invalid(
        social::create_contact_group(
            &t.app,
            &asha,
            ContactGroupInput {
                name: " ".into(),
                kind: Some("boat".into()),
                contact_ids: vec!["nope".into()],
            },
        )
        .await,
    );
    let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, vec!["name", "kind", "contact_ids[0]"]);
    // Another tenant's contact can't be added, nor the group read, changed or deleted.
    let theirs = contact(&t, &other, "Ravi").await;
    assert_eq!(
        invalid(social::update_contact_group(&t.app, &asha, g.id, input(vec![theirs.id.to_string()])).await)
            [0]
        .0,
        "contact_ids[0]"
    );
    not_found(social::get_contact_group(&t.app, &other, g.id).await);
    not_found(social::update_contact_group(&t.app, &other, g.id, input(vec![])).await);
    not_found(social::delete_contact_group(&t.app, &other, g.id).await);
    assert!(
        social::list_contact_groups(&t.app, &other)
            .await
            .unwrap()
            .is_empty()
    );

    let group = social::start_expense_group(&t.app, &asha, g.id, "EUR", None)
        .await
        .unwrap();
    assert_eq!((group.name.as_str(), group.members.len()), ("Flatmates", 3));
    not_found(social::start_expense_group(&t.app, &other, g.id, "EUR", None).await);

    let g = social::update_contact_group(&t.app, &asha, g.id, input(vec![meera.id.to_string()]))
        .await
        .unwrap();
    assert_eq!(g.members.len(), 1);
    social::delete_contact_group(&t.app, &asha, g.id).await.unwrap();
    assert!(
        social::list_contact_groups(&t.app, &asha)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(social::get_contact(&t.app, &asha, meera.id).await.is_ok());
}
