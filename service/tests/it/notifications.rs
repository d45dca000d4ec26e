//! The notification centre: what each person reads (titles and links from
//! both sides of shared records), unread and read, preferences.

use crate::social::linked;
use hisaab_service::entity::session::Surface;
use hisaab_service::entity::{NotificationId, notification};
use hisaab_service::finance::accounts::{self, NewAccount};
use hisaab_service::identity;
use hisaab_service::notifications::{self, Channel, NotificationFilter, NotificationItem, PreferenceInput};
use hisaab_service::outbox::{self, Event};
use hisaab_service::social::{self, DebtInput, ExpenseInput, GroupInput, SettlementInput};
use hisaab_service::templating::Templates;
use hisaab_service::testkit::{self, TestApp};
use hisaab_service::{Actor, Error, view_cache};
use sea_orm::{EntityTrait, PaginatorTrait};
use time::Duration;

/// What the worker's dispatcher does with domain events: notification rows
/// and email rows.
pub async fn deliver_all(t: &TestApp) {
    loop {
        let claimed = outbox::claim(&t.app.db, "tests", t.app.now(), Duration::seconds(60), 100)
            .await
            .unwrap();
        if claimed.is_empty() {
            return;
        }
        for c in claimed {
            if let Ok(Event::Domain {
                event_type,
                notify,
                data,
            }) = &c.event
            {
                notifications::deliver(&t.app.db, c.id, event_type, notify, data, c.created_at)
                    .await
                    .unwrap();
                notifications::email::enqueue(&t.app.db, c.id, event_type, notify, data, c.created_at)
                    .await
                    .unwrap();
            }
            outbox::complete(&t.app.db, c.id, t.app.now()).await.unwrap();
        }
    }
}

async fn all(t: &TestApp, who: &Actor) -> Vec<NotificationItem> {
    notifications::list_notifications(&t.app, who, NotificationFilter::default())
        .await
        .unwrap()
        .items
}

/// The newest notification of `kind` for `who`, its title and link.
async fn newest(t: &TestApp, who: &Actor, kind: &str) -> (String, String, bool) {
    deliver_all(t).await;
    let items = all(t, who).await;
    let n = items.iter().find(|n| n.event_type == kind).unwrap_or_else(|| {
        panic!(
            "no {kind} in {:?}",
            items.iter().map(|n| &n.event_type).collect::<Vec<_>>()
        )
    });
    (
        n.title(&Templates::new(|_| {})),
        n.link.clone(),
        n.read_at.is_some(),
    )
}

async fn unread(t: &TestApp, who: &Actor) -> u64 {
    notifications::unread_count(&t.app, who).await.unwrap()
}

/// "Dinner", paid by the owner and shared by the two members.
fn inr_dinner(g: &social::GroupView, total: &str) -> ExpenseInput {
    crate::social::equal(g, total, 0, &[0, 1])
}

#[tokio::test]
async fn shared_group_events_read_from_each_side() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let (title, link, read) = newest(&t, &meera, "invitation.sent").await;
    assert_eq!(title, "asha invited you to share IOUs and groups");
    assert_eq!(link, "/social/invitations");
    assert!(!read);
    let (title, link, read) = newest(&t, &asha, "invitation.accepted").await;
    assert_eq!(title, "meera accepted your invitation to share");
    assert_eq!(link, format!("/social/contacts/{}", contact.id));
    assert!(!read, "someone else's action rings the bell");
    let (title, _, read) = newest(&t, &meera, "invitation.accepted").await;
    assert_eq!(title, "You accepted an invitation to share");
    assert!(read, "your own action is written already read");

    let g = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Goa trip".into(),
            currency: "INR".into(),
            contact_ids: vec![contact.id.to_string()],
            simplify: Some(true),
        },
    )
    .await
    .unwrap();
    let group_link = format!("/social/groups/{}", g.id);
    let (title, link, _) = newest(&t, &asha, "group.created").await;
    assert_eq!(title, "You created the group Goa trip");
    assert_eq!(link, group_link);

    let expense = social::add_expense(&t.app, &asha, None, g.id, inr_dinner(&g, "1200.00"))
        .await
        .unwrap()
        .value;
    let (title, link, read) = newest(&t, &meera, "expense.added").await;
    assert_eq!(title, "asha added “Dinner” (₹1,200.00) in Goa trip");
    assert_eq!(link, group_link);
    assert!(!read);
    let (title, _, read) = newest(&t, &asha, "expense.added").await;
    assert_eq!(title, "You added “Dinner” (₹1,200.00) in Goa trip");
    assert!(read);

    social::update_expense(&t.app, &meera, expense.id, None, inr_dinner(&g, "1500.00"))
        .await
        .unwrap();
    let (title, link, _) = newest(&t, &asha, "expense.changed").await;
    assert_eq!(title, "meera edited “Dinner” (now ₹1,500.00) in Goa trip");
    assert_eq!(link, group_link);
    social::delete_expense(&t.app, &asha, expense.id, None, None)
        .await
        .unwrap();
    let (title, _, _) = newest(&t, &meera, "expense.deleted").await;
    assert_eq!(title, "asha deleted “Dinner” in Goa trip");

    social::record_settlement(
        &t.app,
        &meera,
        None,
        SettlementInput {
            group_id: Some(g.id.to_string()),
            from_member_id: Some(g.members[1].id.to_string()),
            to_member_id: Some(g.members[0].id.to_string()),
            amount: "500.00".into(),
            currency: Some("INR".into()),
            date: "2026-11-21".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (title, link, _) = newest(&t, &asha, "settlement.recorded").await;
    assert_eq!(title, "meera recorded a payment of ₹500.00 in Goa trip");
    assert_eq!(link, group_link);

    // A second group Meera is added to, then removed from.
    let flat = social::create_group(
        &t.app,
        &asha,
        GroupInput {
            name: "Flat".into(),
            currency: "USD".into(),
            contact_ids: vec![],
            simplify: Some(false),
        },
    )
    .await
    .unwrap();
    let member = social::add_member(&t.app, &asha, flat.id, &contact.id.to_string())
        .await
        .unwrap();
    let (title, link, _) = newest(&t, &meera, "group.member_added").await;
    assert_eq!(title, "asha added you to Flat");
    assert_eq!(link, format!("/social/groups/{}", flat.id));
    let (title, _, _) = newest(&t, &asha, "group.member_added").await;
    assert_eq!(title, "You added Meera to Flat");
    social::remove_member(&t.app, &asha, flat.id, member.id)
        .await
        .unwrap();
    let (title, link, _) = newest(&t, &meera, "group.member_removed").await;
    assert_eq!(title, "asha removed you from Flat");
    assert_eq!(link, "/social/groups", "the group is no longer theirs to open");
}

#[tokio::test]
async fn shared_iou_events_read_from_each_side() {
    let t = TestApp::new().await;
    let (asha, meera, contact) = linked(&t).await;
    let debt = social::record_debt(
        &t.app,
        &asha,
        None,
        DebtInput {
            contact_id: contact.id.to_string(),
            direction: "lent".into(),
            amount: "25.00".into(),
            currency: "USD".into(),
            date: "2026-11-20".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .value;
    let contact_link = format!("/social/contacts/{}", contact.id);
    let (title, link, _) = newest(&t, &asha, "debt.recorded").await;
    assert_eq!(title, "You recorded an IOU: Meera owes you $25.00");
    assert_eq!(link, contact_link);
    let (title, link, read) = newest(&t, &meera, "debt.recorded").await;
    assert_eq!(title, "asha recorded an IOU: you owe $25.00");
    assert_eq!(
        link, "/social/invitations",
        "where IOUs shared with you are listed"
    );
    assert!(!read);

    // Meera pays part of it: Asha, the owner, hears too.
    social::settle_debt(
        &t.app,
        &meera,
        None,
        debt.id,
        SettlementInput {
            amount: "10.00".into(),
            date: "2026-11-24".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (title, link, read) = newest(&t, &asha, "settlement.recorded").await;
    assert_eq!(title, "meera recorded a payment of $10.00 on an IOU between you");
    assert_eq!(link, contact_link);
    assert!(!read);
    let (title, link, read) = newest(&t, &meera, "settlement.recorded").await;
    assert_eq!(
        title,
        "You recorded a payment of $10.00 on an IOU shared with you"
    );
    assert_eq!(link, "/social/invitations");
    assert!(read);

    social::unlink_contact(&t.app, &asha, contact.id).await.unwrap();
    let (title, link, _) = newest(&t, &meera, "contact.unlinked").await;
    assert_eq!(title, "asha stopped sharing with you");
    assert_eq!(link, "/social");
    let (title, link, _) = newest(&t, &asha, "contact.unlinked").await;
    assert_eq!(title, "You stopped sharing with Meera");
    assert_eq!(link, contact_link);
}

#[tokio::test]
async fn your_own_finance_events_say_what_and_where() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let account = accounts::create_account(
        &t.app,
        &asha,
        NewAccount {
            name: "Cash".into(),
            kind: "cash".into(),
            currency: "USD".into(),
            opening_balance: Some("100.00".into()),
            opening_date: Some("2026-11-01".into()),
            notes: None,
        },
    )
    .await
    .unwrap();
    let (title, link, read) = newest(&t, &asha, "account.created").await;
    assert_eq!(title, "You opened the account Cash");
    assert_eq!(link, format!("/app/finance/accounts/{}", account.id));
    assert!(read);
    assert_eq!(unread(&t, &asha).await, 0, "your own actions never ring the bell");
}

/// A notification for `who` written straight to the table.
async fn notify(t: &TestApp, who: &[&Actor], kind: &str) {
    let event = Event::Domain {
        event_type: kind.into(),
        notify: who.iter().map(|a| a.user_id.0).collect(),
        data: serde_json::json!({ "total": "1.00", "currency": "USD", "description": "Tea" }),
    };
    outbox::enqueue(&t.app.db, t.app.now(), None, &event)
        .await
        .unwrap();
    deliver_all(t).await;
    t.clock.advance(Duration::seconds(1));
}

#[tokio::test]
async fn pages_unread_filter_read_and_read_all() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    for _ in 0..5 {
        notify(&t, &[&asha], "expense.added").await;
    }
    notify(&t, &[&ravi], "expense.added").await;
    assert_eq!(unread(&t, &asha).await, 5);

    // Newest first, two at a time.
    let filter = |unread, cursor: Option<String>| NotificationFilter {
        unread,
        cursor,
        limit: Some(2),
    };
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = notifications::list_notifications(&t.app, &asha, filter(false, cursor))
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|n| n.id));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
    let titles: Vec<String> = all(&t, &asha)
        .await
        .iter()
        .map(|n| n.title(&Templates::new(|_| {})))
        .collect();
    assert_eq!(titles[0], "Someone added “Tea” ($1.00)");

    // One read: the count falls and the unread list leaves it out.
    let read = notifications::mark_read(&t.app, &asha, seen[0]).await.unwrap();
    assert!(read.read_at.is_some());
    assert_eq!(unread(&t, &asha).await, 4);
    let again = notifications::mark_read(&t.app, &asha, seen[0]).await.unwrap();
    assert_eq!(again.read_at, read.read_at, "reading twice keeps the first time");
    let unread_page = notifications::list_notifications(&t.app, &asha, filter(true, None))
        .await
        .unwrap();
    assert!(unread_page.items.iter().all(|n| n.read_at.is_none()));
    assert_eq!(unread_page.items[0].id, seen[1]);
    // A cursor from one filter is refused by another.
    let err = notifications::list_notifications(&t.app, &asha, filter(false, unread_page.next_cursor))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    let err = notifications::list_notifications(
        &t.app,
        &asha,
        NotificationFilter {
            limit: Some(0),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");

    // Someone else's notification does not exist for Asha.
    let ravis = all(&t, &ravi).await[0].id;
    assert!(matches!(
        notifications::mark_read(&t.app, &asha, ravis).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        notifications::get_notification(&t.app, &asha, NotificationId::new()).await,
        Err(Error::NotFound)
    ));
    assert_eq!(unread(&t, &ravi).await, 1);

    // Read all up to one seen (and older): the newer ones stay unread.
    let up_to = seen[3];
    assert_eq!(
        notifications::mark_all_read(&t.app, &asha, Some(up_to))
            .await
            .unwrap(),
        2
    );
    assert_eq!(unread(&t, &asha).await, 2);
    assert_eq!(
        notifications::mark_all_read(&t.app, &asha, None).await.unwrap(),
        2
    );
    assert_eq!(unread(&t, &asha).await, 0);
    assert_eq!(unread(&t, &ravi).await, 1, "Ravi's stay unread");
}

#[tokio::test]
async fn preferences_default_round_trip_and_refuse_bad_input() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let prefs = notifications::preferences(&t.app, &asha).await.unwrap();
    assert_eq!(prefs.len(), notifications::KINDS.len());
    let find = |prefs: &[notifications::Preference], kind: &str| {
        prefs.iter().find(|p| p.kind.event_type == kind).cloned().unwrap()
    };
    assert!(prefs.iter().all(|p| p.in_app));
    assert!(find(&prefs, "expense.added").email);
    assert!(find(&prefs, "debt.recorded").email);
    assert!(!find(&prefs, "group.changed").email);
    assert!(!find(&prefs, "account.created").email);

    let set = |kind: &str, in_app, email| PreferenceInput {
        event_type: kind.into(),
        in_app,
        email,
    };
    let after = notifications::set_preferences(
        &t.app,
        &asha,
        vec![
            set("expense.added", false, false),
            set("group.changed", true, true),
        ],
        Some("weekly"),
    )
    .await
    .unwrap();
    assert_eq!(
        notifications::email_digest(&t.app.db, asha.user_id)
            .await
            .unwrap(),
        notifications::Digest::Weekly
    );
    assert_eq!(after.len(), notifications::KINDS.len());
    let added = find(&after, "expense.added");
    assert!(!added.in_app && !added.email);
    assert!(find(&after, "group.changed").email);
    assert!(
        find(&after, "expense.changed").email,
        "kinds left out keep their setting"
    );
    assert_eq!(notifications::preferences(&t.app, &asha).await.unwrap(), after);
    // Setting it again updates the row.
    notifications::set_preferences(&t.app, &asha, vec![set("expense.added", true, false)], None)
        .await
        .unwrap();
    assert_eq!(
        notifications::email_digest(&t.app.db, asha.user_id)
            .await
            .unwrap(),
        notifications::Digest::Weekly,
        "left out, the rhythm stays"
    );
    assert!(
        notifications::wants(&t.app.db, asha.user_id, "expense.added", Channel::InApp)
            .await
            .unwrap()
    );
    assert!(
        !notifications::wants(&t.app.db, asha.user_id, "expense.added", Channel::Email)
            .await
            .unwrap()
    );
    assert!(
        notifications::wants(&t.app.db, asha.user_id, "expense.deleted", Channel::Email)
            .await
            .unwrap()
    );

    let fields = |r: Result<_, Error>| match r {
        Err(Error::Invalid { errors, .. }) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
        other => panic!("expected Invalid, got {other:?}"),
    };
    assert_eq!(
        fields(
            notifications::set_preferences(
                &t.app,
                &asha,
                vec![
                    set("expense.added", true, true),
                    set("no.such", true, false),
                    set("expense.added", true, false),
                    set("account.created", true, true),
                ],
                Some("hourly"),
            )
            .await
        ),
        [
            "email_digest",
            "preferences[1].type",
            "preferences[2].type",
            "preferences[3].email"
        ]
    );
    // Nothing was changed by the refused request.
    assert!(
        !find(
            &notifications::preferences(&t.app, &asha).await.unwrap(),
            "expense.added"
        )
        .email
    );
}

#[tokio::test]
async fn in_app_off_writes_no_row_for_that_person() {
    let t = TestApp::new().await;
    let asha = t.actor(&t.user("asha@example.com").await);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    notifications::set_preferences(
        &t.app,
        &asha,
        vec![PreferenceInput {
            event_type: "expense.added".into(),
            in_app: false,
            email: true,
        }],
        None,
    )
    .await
    .unwrap();
    notify(&t, &[&asha, &ravi], "expense.added").await;
    notify(&t, &[&asha], "expense.changed").await;
    let kinds: Vec<String> = all(&t, &asha).await.into_iter().map(|n| n.event_type).collect();
    assert_eq!(kinds, ["expense.changed"]);
    assert_eq!(all(&t, &ravi).await.len(), 1);
    assert_eq!(notification::Entity::find().count(&t.app.db).await.unwrap(), 2);
    let wanting = notifications::wanting(
        &t.app.db,
        "expense.added",
        Channel::Email,
        &[asha.user_id.0, ravi.user_id.0],
    )
    .await
    .unwrap();
    assert_eq!(wanting, [asha.user_id.0, ravi.user_id.0]);
}

/// A full page reads the bell with the session (one statement): the same
/// count and revision as the bell read on its own, each person's own.
#[tokio::test]
async fn the_bell_read_with_the_session_is_the_persons_own() {
    let t = TestApp::new().await;
    let asha_user = t.user("asha@example.com").await;
    let asha = t.actor(&asha_user);
    let ravi = t.actor(&t.user("ravi@example.com").await);
    for _ in 0..3 {
        notify(&t, &[&asha], "expense.added").await;
    }
    notify(&t, &[&ravi], "expense.added").await;
    let token = identity::create_session(&t.app, &asha_user, Surface::Web, None, &testkit::meta())
        .await
        .unwrap();
    let with_bell = identity::resolve_session_with_bell(&t.app, &token, Surface::Web)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(with_bell.user.id, asha_user.id);
    let alone = notifications::bell(&t.app, &asha).await.unwrap();
    assert_eq!(with_bell.bell, Some(alone));
    assert_eq!(alone.unread, 3, "Ravi's notification is not Asha's");
    assert_eq!(
        alone.revision,
        view_cache::reader_revision(&t.app, &asha).await.unwrap()
    );
    // Without the bell: the session alone, as before.
    let plain = identity::resolve_session(&t.app, &token, Surface::Web)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(plain.bell, None);
    // The wrong surface is no session, bell or not.
    assert!(
        identity::resolve_session_with_bell(&t.app, &token, Surface::Admin)
            .await
            .unwrap()
            .is_none()
    );
}
