//! Sign-ins: web sessions and API sign-ins in one list, ending one, and the
//! revocation of an API sign-in reaching its access tokens (ADR 0018).

use crate::*;
use hisaab_service::clock::FixedClock;
use hisaab_service::entity::refresh_token_family;
use hisaab_service::entity::session::Surface;
use hisaab_service::identity::{self, ProfileInput, SignInKind, TokenPair};
use hisaab_service::testkit::{PASSWORD, TestApp, meta};
use hisaab_service::{App, Error};
use sea_orm::EntityTrait;
use std::sync::Arc;
use time::Duration;

const NEW_PASSWORD: &str = "tangerine-otter-87-violet";

async fn tokens(t: &TestApp, user: &identity::UserView) -> TokenPair {
    identity::issue_tokens(&t.app, user, &meta()).await.unwrap()
}

async fn accepted(app: &App, token: &str) -> bool {
    match identity::authenticate(app, token, meta()).await {
        Ok(_) => true,
        Err(Error::Unauthenticated(_)) => false,
        Err(e) => panic!("unexpected {e:?}"),
    }
}

/// A second web instance on the same database, with its own clock and its
/// own in-memory caches (tokens, revoked sign-ins).
fn second_instance(t: &TestApp) -> (App, FixedClock) {
    let clock = FixedClock::new(t.app.now());
    let app = App {
        db: t.app.db.clone(),
        settings: t.app.settings.clone(),
        clock: Arc::new(clock.clone()),
        limiter: hisaab_service::ratelimit::RateLimiter::in_memory(),
        views: Default::default(),
        pages: hisaab_service::view_cache::ViewCache::pages(),
        tokens: Default::default(),
        revoked: Default::default(),
        bus: t.app.bus.clone(),
    };
    (app, clock)
}

#[tokio::test]
async fn access_tokens_name_their_sign_in() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = tokens(&t, &asha).await;
    let actor = identity::authenticate(&t.app, &pair.access_token, meta())
        .await
        .unwrap();
    let family = refresh_token_family::Entity::find()
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(actor.meta.api_sign_in, Some(family.id));
    assert_eq!(actor.meta.request_id.as_deref(), Some("test-request"));
}

#[tokio::test]
async fn logout_refuses_the_sign_ins_access_tokens_at_once() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let phone = tokens(&t, &asha).await;
    let laptop = tokens(&t, &asha).await;
    assert!(accepted(&t.app, &phone.access_token).await);

    identity::logout_refresh_token(&t.app, &phone.refresh_token, &meta())
        .await
        .unwrap();

    assert!(
        !accepted(&t.app, &phone.access_token).await,
        "same instance: at once"
    );
    assert!(
        accepted(&t.app, &laptop.access_token).await,
        "the other sign-in is untouched"
    );
}

#[tokio::test]
async fn detected_refresh_reuse_refuses_the_familys_access_tokens() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let first = tokens(&t, &asha).await;
    let second = identity::refresh_tokens(&t.app, &first.refresh_token, &meta())
        .await
        .unwrap();
    assert!(accepted(&t.app, &second.access_token).await);

    // A copy of the first refresh token is presented again: the family ends.
    assert_unauthenticated(identity::refresh_tokens(&t.app, &first.refresh_token, &meta()).await);

    assert!(!accepted(&t.app, &first.access_token).await);
    assert!(!accepted(&t.app, &second.access_token).await);
}

#[tokio::test]
async fn a_revocation_reaches_another_instance_within_a_second() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = tokens(&t, &asha).await;
    let (other, other_clock) = second_instance(&t);
    assert!(accepted(&other, &pair.access_token).await, "loads the set");

    identity::logout_refresh_token(&t.app, &pair.refresh_token, &meta())
        .await
        .unwrap();

    // The other instance read the set less than a second ago: it may still
    // answer from it (the documented bound) ...
    other_clock.advance(Duration::milliseconds(999));
    assert!(accepted(&other, &pair.access_token).await);
    // ... and no longer once a second has passed since it did.
    other_clock.advance(Duration::milliseconds(1));
    assert!(!accepted(&other, &pair.access_token).await);
    assert!(!accepted(&t.app, &pair.access_token).await);
}

#[tokio::test]
async fn the_revoked_set_holds_one_access_token_lifetime() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = tokens(&t, &asha).await;
    identity::logout_refresh_token(&t.app, &pair.refresh_token, &meta())
        .await
        .unwrap();
    t.app.revoked.reload(&t.app).await.unwrap();
    assert_eq!(t.app.revoked.len(), 1);

    // Every access token of the family has expired by then: no need to hold it.
    t.clock.advance(Duration::minutes(17));
    t.app.revoked.reload(&t.app).await.unwrap();
    assert!(t.app.revoked.is_empty());
    assert!(!accepted(&t.app, &pair.access_token).await, "expired anyway");
}

#[tokio::test]
async fn one_list_of_web_sessions_and_api_sign_ins() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let cookie = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let session_id = identity::resolve_session(&t.app, &cookie, Surface::Web)
        .await
        .unwrap()
        .unwrap()
        .session_id;
    t.clock.advance(Duration::minutes(5));
    let app_meta = hisaab_service::RequestMeta {
        user_agent: Some("HisaabAndroid/1.4".into()),
        ..meta_from("198.51.100.9")
    };
    let pair = identity::issue_tokens(&t.app, &asha, &app_meta).await.unwrap();
    // An ended sign-in is not listed.
    let gone = tokens(&t, &asha).await;
    identity::logout_refresh_token(&t.app, &gone.refresh_token, &meta())
        .await
        .unwrap();

    let as_page = identity::list_sign_ins(&t.app, &t.actor(&asha), Some(session_id))
        .await
        .unwrap();
    assert_eq!(as_page.len(), 2);
    assert_eq!(as_page[0].kind, SignInKind::Api, "most recently seen first");
    assert_eq!(as_page[0].ip.as_deref(), Some("198.51.100.9"));
    assert_eq!(as_page[0].user_agent.as_deref(), Some("HisaabAndroid/1.4"));
    assert!(!as_page[0].current);
    assert_eq!(as_page[1].kind, SignInKind::Web);
    assert_eq!(as_page[1].id, session_id.0);
    assert!(as_page[1].current);

    // Through the API, the bearer's own sign-in is the current one; a refresh
    // moves its last-seen time.
    t.clock.advance(Duration::minutes(30));
    let refreshed = identity::refresh_tokens(&t.app, &pair.refresh_token, &meta())
        .await
        .unwrap();
    let actor = identity::authenticate(&t.app, &refreshed.access_token, meta())
        .await
        .unwrap();
    let as_api = identity::list_sign_ins(&t.app, &actor, None).await.unwrap();
    assert_eq!(as_api.len(), 2);
    assert!(as_api[0].current);
    assert_eq!(as_api[0].last_seen_at, t.app.now());
    assert_eq!(as_api[0].created_at, t.app.now() - Duration::minutes(30));
    assert!(!as_api[1].current);

    // An API sign-in not refreshed for the refresh-token lifetime is over.
    t.clock
        .advance(Duration::days(i64::from(t.app.settings.refresh_token_ttl_days)));
    let later = identity::list_sign_ins(&t.app, &t.actor(&asha), None)
        .await
        .unwrap();
    assert!(later.iter().all(|s| s.kind == SignInKind::Web));
}

#[tokio::test]
async fn ending_an_api_sign_in_from_the_list() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let pair = tokens(&t, &asha).await;
    let actor = t.actor(&asha);
    let listed = identity::list_sign_ins(&t.app, &actor, None).await.unwrap();
    assert!(accepted(&t.app, &pair.access_token).await);

    let kind = identity::revoke_sign_in(&t.app, &actor, listed[0].id)
        .await
        .unwrap();

    assert_eq!(kind, SignInKind::Api);
    assert!(!accepted(&t.app, &pair.access_token).await);
    assert_unauthenticated(identity::refresh_tokens(&t.app, &pair.refresh_token, &meta()).await);
    assert!(
        identity::list_sign_ins(&t.app, &actor, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(audit_rows(&t, "auth.sign_in_revoked").await.len(), 1);
    // Once ended, it is gone.
    assert!(matches!(
        identity::revoke_sign_in(&t.app, &actor, listed[0].id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn ending_a_web_session_from_the_list() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let cookie = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let actor = t.actor(&asha);
    let listed = identity::list_sign_ins(&t.app, &actor, None).await.unwrap();

    let kind = identity::revoke_sign_in(&t.app, &actor, listed[0].id)
        .await
        .unwrap();

    assert_eq!(kind, SignInKind::Web);
    assert!(
        identity::resolve_session(&t.app, &cookie, Surface::Web)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn another_tenants_sign_ins_cannot_be_seen_or_ended() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let bilal = t.user("bilal@example.com").await;
    let bilal_pair = tokens(&t, &bilal).await;
    identity::create_session(&t.app, &bilal, Surface::Web, None, &meta())
        .await
        .unwrap();
    let bilals = identity::list_sign_ins(&t.app, &t.actor(&bilal), None)
        .await
        .unwrap();
    assert_eq!(bilals.len(), 2);
    let asha_actor = t.actor(&asha);

    assert!(
        identity::list_sign_ins(&t.app, &asha_actor, None)
            .await
            .unwrap()
            .is_empty()
    );
    let mut forged = t.actor(&bilal);
    forged.tenant_id = asha.tenant_id;
    for s in &bilals {
        for actor in [&asha_actor, &forged] {
            assert!(matches!(
                identity::revoke_sign_in(&t.app, actor, s.id).await,
                Err(Error::NotFound)
            ));
        }
    }
    assert!(accepted(&t.app, &bilal_pair.access_token).await);
    assert_eq!(
        identity::list_sign_ins(&t.app, &t.actor(&bilal), None)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(audit_rows(&t, "auth.sign_in_revoked").await.is_empty());
}

#[tokio::test]
async fn a_password_change_through_the_api_keeps_only_the_callers_sign_in() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let mine = tokens(&t, &asha).await;
    let other = tokens(&t, &asha).await;
    let cookie = identity::create_session(&t.app, &asha, Surface::Web, None, &meta())
        .await
        .unwrap();
    let (second, _) = second_instance(&t);
    assert!(accepted(&second, &other.access_token).await);
    let actor = identity::authenticate(&t.app, &mine.access_token, meta())
        .await
        .unwrap();

    identity::change_password(&t.app, &actor, PASSWORD, NEW_PASSWORD, None)
        .await
        .unwrap();

    assert!(accepted(&t.app, &mine.access_token).await);
    identity::refresh_tokens(&t.app, &mine.refresh_token, &meta())
        .await
        .expect("the caller's sign-in goes on");
    assert!(!accepted(&t.app, &other.access_token).await);
    assert_unauthenticated(identity::refresh_tokens(&t.app, &other.refresh_token, &meta()).await);
    assert!(
        identity::resolve_session(&t.app, &cookie, Surface::Web)
            .await
            .unwrap()
            .is_none(),
        "every web session ends"
    );
    assert_eq!(only_email(&t, "password_changed").await.to, "asha@example.com");
    // A wrong current password changes nothing and is about that field.
    assert_eq!(
        invalid_fields(
            identity::change_password(&t.app, &actor, PASSWORD, "another-long-password-9", None).await
        ),
        ["current_password"]
    );
}

#[tokio::test]
async fn the_profile_changes_name_and_base_currency() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);

    let me = identity::update_profile(
        &t.app,
        &actor,
        ProfileInput {
            display_name: Some("  Asha Rao ".into()),
            base_currency: Some("inr".into()),
            locale: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(me.display_name, "Asha Rao");
    assert_eq!(me.base_currency, "INR");
    assert_eq!(identity::get_me(&t.app, &actor).await.unwrap(), me);
    assert_eq!(audit_rows(&t, "account.profile_changed").await.len(), 1);

    // Left out: kept. Unchanged: nothing written.
    let same = identity::update_profile(
        &t.app,
        &actor,
        ProfileInput {
            display_name: None,
            base_currency: Some("INR".into()),
            locale: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(same, me);
    assert_eq!(audit_rows(&t, "account.profile_changed").await.len(), 1);

    let fields = invalid_fields(
        identity::update_profile(
            &t.app,
            &actor,
            ProfileInput {
                display_name: Some("   ".into()),
                base_currency: Some("XAU".into()),
                locale: None,
            },
        )
        .await,
    );
    assert_eq!(fields, ["display_name", "base_currency"]);
    let fields = invalid_fields(
        identity::update_profile(
            &t.app,
            &actor,
            ProfileInput {
                display_name: Some("x".repeat(101)),
                base_currency: Some("ZZZ".into()),
                locale: None,
            },
        )
        .await,
    );
    assert_eq!(fields, ["display_name", "base_currency"]);
    assert_eq!(identity::get_me(&t.app, &actor).await.unwrap(), me);
}
