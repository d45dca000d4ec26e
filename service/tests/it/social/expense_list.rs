//! The group expense list: keyset pages, filters, summaries, the number of
//! statements a page costs, and other tenants.

use super::*;
use hisaab_service::finance::{Flow, categories};
use hisaab_service::social::{ExpenseFilter, ExpenseSummary};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn on(g: &social::GroupView, description: &str, date: &str, payer: usize, among: &[usize]) -> ExpenseInput {
    let mut input = equal(g, "30.00", payer, among);
    input.description = description.into();
    input.date = date.into();
    input
}

async fn add(t: &TestApp, actor: &Actor, g: &social::GroupView, input: ExpenseInput) -> social::ExpenseView {
    social::add_expense(&t.app, actor, None, g.id, input)
        .await
        .unwrap()
        .value
}

async fn list(
    t: &TestApp,
    actor: &Actor,
    g: &social::GroupView,
    filter: ExpenseFilter,
) -> Vec<ExpenseSummary> {
    social::list_expenses(&t.app, actor, g.id, filter)
        .await
        .unwrap()
        .items
}

fn descriptions(items: &[ExpenseSummary]) -> Vec<&str> {
    items.iter().map(|e| e.description.as_str()).collect()
}

#[tokio::test]
async fn pages_cover_every_expense_once_newest_first() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    let mut ids = Vec::new();
    // 25 expenses on 5 dates: ties on the date are broken by the id.
    for i in 0..25 {
        let date = format!("2026-11-{:02}", 10 + i % 5);
        ids.push(add(&t, &asha, &g, on(&g, &format!("E{i}"), &date, i % 3, &[0, 1, 2])).await);
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = social::list_expenses(
            &t.app,
            &asha,
            g.id,
            ExpenseFilter {
                cursor: cursor.clone(),
                limit: Some(10),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        pages += 1;
        seen.extend(page.items.iter().map(|e| (e.date, e.id)));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 25, "no duplicates");
    let mut expected: Vec<_> = ids.iter().map(|e| (e.date, e.id)).collect();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, expected, "date desc, id desc, no gaps");

    // An expense added meanwhile on an older date shows up on a later page, never twice.
    let first = social::list_expenses(
        &t.app,
        &asha,
        g.id,
        ExpenseFilter {
            limit: Some(10),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    add(&t, &asha, &g, on(&g, "Late", "2026-11-01", 0, &[0, 1])).await;
    let rest = list(
        &t,
        &asha,
        &g,
        ExpenseFilter {
            cursor: first.next_cursor.clone(),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(first.items.len() + rest.len(), 26);
    assert_eq!(rest.last().unwrap().description, "Late");
}

#[tokio::test]
async fn filters_narrow_the_list_and_cursors_keep_them() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir", "Chen"], true).await;
    let cats = categories::list_categories(&t.app, &asha, false).await.unwrap();
    let food = cats.iter().find(|c| c.kind == Flow::Expense).unwrap().id;

    add(
        &t,
        &asha,
        &g,
        on(&g, "Dinner at Luigi's", "2026-11-01", 0, &[0, 1]),
    )
    .await;
    add(
        &t,
        &asha,
        &g,
        on(&g, "Taxi to the airport", "2026-11-05", 1, &[1, 2]),
    )
    .await;
    let mut groceries = on(&g, "GROCERIES 100% organic", "2026-11-10", 2, &[0, 2]);
    groceries.category_id = Some(food.to_string());
    add(&t, &asha, &g, groceries).await;
    let gone = add(
        &t,
        &asha,
        &g,
        on(&g, "Dinner, cancelled", "2026-11-12", 0, &[0, 3]),
    )
    .await;
    social::delete_expense(&t.app, &asha, gone.id, None, None)
        .await
        .unwrap();

    let f = |edit: &dyn Fn(&mut ExpenseFilter)| {
        let mut f = ExpenseFilter::default();
        edit(&mut f);
        f
    };
    // Description, any case; LIKE's wildcards are plain characters.
    let got = list(&t, &asha, &g, f(&|f| f.q = Some("dINNER".into()))).await;
    assert_eq!(descriptions(&got), ["Dinner at Luigi's"]);
    let got = list(&t, &asha, &g, f(&|f| f.q = Some("100%".into()))).await;
    assert_eq!(descriptions(&got), ["GROCERIES 100% organic"]);
    assert!(list(&t, &asha, &g, f(&|f| f.q = Some("%".into()))).await.len() == 1);
    // A member who paid or shares it.
    let kabir = g.members[2].id.to_string();
    let got = list(&t, &asha, &g, f(&|f| f.member_id = Some(kabir.clone()))).await;
    assert_eq!(
        descriptions(&got),
        ["GROCERIES 100% organic", "Taxi to the airport"]
    );
    // Chen shares only the deleted one.
    let chen = g.members[3].id.to_string();
    assert!(
        list(&t, &asha, &g, f(&|f| f.member_id = Some(chen.clone())))
            .await
            .is_empty()
    );
    let meera = g.members[1].id.to_string();
    let got = list(&t, &asha, &g, f(&|f| f.member_id = Some(meera.clone()))).await;
    assert_eq!(descriptions(&got), ["Taxi to the airport", "Dinner at Luigi's"]);
    // Dates, inclusive.
    let got = list(
        &t,
        &asha,
        &g,
        f(&|f| {
            f.from = Some("2026-11-05".into());
            f.to = Some("2026-11-10".into());
        }),
    )
    .await;
    assert_eq!(
        descriptions(&got),
        ["GROCERIES 100% organic", "Taxi to the airport"]
    );
    // Category.
    let got = list(&t, &asha, &g, f(&|f| f.category_id = Some(food.to_string()))).await;
    assert_eq!(descriptions(&got), ["GROCERIES 100% organic"]);
    assert_eq!(got[0].category_id, Some(food));
    // Deleted ones only when asked.
    let got = list(&t, &asha, &g, f(&|f| f.deleted = true)).await;
    assert_eq!(descriptions(&got), ["Dinner, cancelled"]);
    assert!(got[0].deleted);

    // A cursor works only with the filters that made it.
    let page = social::list_expenses(
        &t.app,
        &asha,
        g.id,
        f(&|f| {
            f.member_id = Some(meera.clone());
            f.limit = Some(1);
        }),
    )
    .await
    .unwrap();
    assert_eq!(descriptions(&page.items), ["Taxi to the airport"]);
    let next = page.next_cursor.unwrap();
    let got = list(
        &t,
        &asha,
        &g,
        f(&|f| {
            f.member_id = Some(meera.clone());
            f.cursor = Some(next.clone());
        }),
    )
    .await;
    assert_eq!(descriptions(&got), ["Dinner at Luigi's"]);
    let e = invalid(social::list_expenses(&t.app, &asha, g.id, f(&|f| f.cursor = Some(next.clone()))).await);
    assert_eq!(e[0].0, "cursor");

    // Each refused filter is named, all at once.
    let e = invalid(
        social::list_expenses(
            &t.app,
            &asha,
            g.id,
            f(&|f| {
                f.q = Some("x".repeat(101));
                f.member_id = Some(uuid::Uuid::nil().to_string());
                f.from = Some("2026-11-31".into());
                f.category_id = Some("nope".into());
            }),
        )
        .await,
    );
    let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["q", "member_id", "from", "category_id"]);
    let e = invalid(
        social::list_expenses(
            &t.app,
            &asha,
            g.id,
            f(&|f| {
                f.from = Some("2026-11-10".into());
                f.to = Some("2026-11-01".into());
            }),
        )
        .await,
    );
    assert_eq!(e[0].0, "to");
    let e = invalid(social::list_expenses(&t.app, &asha, g.id, f(&|f| f.limit = Some(201))).await);
    assert_eq!(e[0].0, "limit");
}

#[tokio::test]
async fn items_are_summaries_from_the_viewers_side() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    // Two payers; Asha shares it.
    let mut two_payers = on(&g, "Hotel", "2026-11-02", 0, &[0, 1, 2]);
    two_payers.payers = vec![
        PayerInput {
            member_id: g.members[0].id.to_string(),
            amount: "10.00".into(),
            account_id: None,
        },
        PayerInput {
            member_id: g.members[1].id.to_string(),
            amount: "20.00".into(),
            account_id: None,
        },
    ];
    let hotel = add(&t, &asha, &g, two_payers).await;
    // Asha neither pays nor shares.
    add(&t, &asha, &g, on(&g, "Taxi", "2026-11-01", 1, &[1, 2])).await;
    let items = list(&t, &asha, &g, ExpenseFilter::default()).await;
    assert_eq!(descriptions(&items), ["Hotel", "Taxi"]);
    let h = &items[0];
    assert_eq!(h.etag(), hotel.etag());
    let mut payers: Vec<(String, String)> = h
        .payers
        .iter()
        .map(|p| (p.name.clone(), p.amount.to_string()))
        .collect();
    payers.sort();
    assert_eq!(
        payers,
        [
            ("Meera".to_string(), "20.00".to_string()),
            ("You".to_string(), "10.00".to_string())
        ]
    );
    assert_eq!(h.your_share.map(|m| m.to_string()).as_deref(), Some("10.00"));
    assert_eq!(h.you_paid.map(|m| m.to_string()).as_deref(), Some("10.00"));
    assert_eq!(h.total.to_string(), "30.00");
    let taxi = &items[1];
    assert_eq!((taxi.your_share, taxi.you_paid), (None, None));
    assert_eq!(taxi.payers.len(), 1);
}

#[tokio::test]
async fn an_equal_split_naming_nobody_is_shared_by_every_member() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera", "Kabir"], true).await;
    let e = add(&t, &asha, &g, on(&g, "Dinner", "2026-11-02", 0, &[])).await;
    let mut shares: Vec<(uuid::Uuid, String)> = e
        .shares
        .iter()
        .map(|s| (s.member_id.0, s.amount.to_string()))
        .collect();
    shares.sort();
    let mut expected: Vec<(uuid::Uuid, String)> =
        g.members.iter().map(|m| (m.id.0, "10.00".into())).collect();
    expected.sort();
    assert_eq!(shares, expected);
    // Other methods still name their participants.
    let mut exact = on(&g, "Exact", "2026-11-02", 0, &[]);
    exact.split.method = "exact".into();
    assert!(
        social::add_expense(&t.app, &asha, None, g.id, exact)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size() {
    let mut t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let names: Vec<String> = (1..10).map(|i| format!("Member {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let g = group(&t, &asha, &names, true).await;
    for i in 0..12 {
        // Shared by all ten members, two payers each.
        let mut input = on(&g, &format!("E{i}"), "2026-11-02", 0, &[]);
        input.payers = vec![
            PayerInput {
                member_id: g.members[0].id.to_string(),
                amount: "10.00".into(),
                account_id: None,
            },
            PayerInput {
                member_id: g.members[1 + i % 9].id.to_string(),
                amount: "20.00".into(),
                account_id: None,
            },
        ];
        add(&t, &asha, &g, input).await;
    }
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    t.app.db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let count = |limit: u64| {
        let (t, asha, g, statements) = (&t, &asha, &g, statements.clone());
        async move {
            let before = statements.load(Ordering::SeqCst);
            let items = list(
                t,
                asha,
                g,
                ExpenseFilter {
                    limit: Some(limit),
                    ..Default::default()
                },
            )
            .await;
            assert_eq!(items.len() as u64, limit.min(12));
            assert!(items.iter().all(|e| e.payers.len() == 2));
            statements.load(Ordering::SeqCst) - before
        }
    };
    // Cold: the viewer's revision, the group with its members, the page with
    // its lines. The same page again: only the revision check. Another page:
    // the revision and that page (the group is cached).
    let cold = count(1).await;
    let again = count(1).await;
    let all = count(50).await;
    assert_eq!(cold, 3);
    assert_eq!(again, 1);
    // Never one statement per expense.
    assert_eq!(all, 2);
    // A write moves the revision: the group and the page are read again.
    add(&t, &asha, &g, on(&g, "Late", "2026-11-03", 0, &[])).await;
    let before = statements.load(Ordering::SeqCst);
    let items = list(
        &t,
        &asha,
        &g,
        ExpenseFilter {
            limit: Some(50),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(items.len(), 13);
    assert_eq!(statements.load(Ordering::SeqCst) - before, 3);
}

/// A cached page follows every change a person who shares the group makes:
/// the linked person's edit, delete and restore reach the owner's next read,
/// and the owner's reach the linked person's, with nothing stale in between.
#[tokio::test]
async fn a_cached_page_follows_changes_made_by_anyone_in_the_group() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = super::sharing::linked(&t).await;
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
    let rent = add(&t, &asha, &g, on(&g, "Rent", "2026-11-02", 0, &[0, 1])).await;
    let page = || async {
        let mine = descriptions(&list(&t, &asha, &g, ExpenseFilter::default()).await)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        let theirs = descriptions(&list(&t, &meera, &g, ExpenseFilter::default()).await)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        (mine, theirs)
    };
    assert_eq!(page().await, (vec!["Rent".to_string()], vec!["Rent".to_string()]));
    // Meera (another user, in Asha's tenant through the link) renames it.
    let mut renamed = on(&g, "Rent, November", "2026-11-02", 0, &[0, 1]);
    renamed.payers = vec![PayerInput {
        member_id: g.members[0].id.to_string(),
        amount: "30.00".into(),
        account_id: None,
    }];
    social::update_expense(&t.app, &meera, rent.id, None, renamed)
        .await
        .unwrap();
    let both = vec!["Rent, November".to_string()];
    assert_eq!(page().await, (both.clone(), both.clone()));
    // Asha deletes it: gone from both live lists, in both deleted lists.
    social::delete_expense(&t.app, &asha, rent.id, None, None)
        .await
        .unwrap();
    assert_eq!(page().await, (vec![], vec![]));
    let deleted = ExpenseFilter {
        deleted: true,
        ..Default::default()
    };
    assert_eq!(
        descriptions(&list(&t, &meera, &g, deleted.clone()).await),
        ["Rent, November"]
    );
    // Meera restores it.
    social::restore_expense(&t.app, &meera, rent.id, None, None)
        .await
        .unwrap();
    assert_eq!(page().await, (both.clone(), both));
    assert!(list(&t, &asha, &g, deleted).await.is_empty());
}

#[tokio::test]
async fn another_tenant_cannot_list_a_groups_expenses() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let g = group(&t, &asha, &["Meera"], true).await;
    add(&t, &asha, &g, on(&g, "Dinner", "2026-11-02", 0, &[0, 1])).await;
    let ravi = t.actor(&t.user("ravi@example.com").await);
    not_found(social::list_expenses(&t.app, &ravi, g.id, ExpenseFilter::default()).await);
    not_found(social::group_expense_lists(&t.app, &ravi, g.id, ExpenseFilter::default(), 20).await);
    // Ravi's own group of the same shape lists nothing of Asha's.
    let mine = group(&t, &ravi, &["Meera"], true).await;
    assert!(list(&t, &ravi, &mine, ExpenseFilter::default()).await.is_empty());
}
