//! Two-factor sign-in (ADR 0023): TOTP with one step of skew, single-use
//! steps and recovery codes, the secret encrypted at rest, and wrong codes
//! counting toward the password lockout.

use crate::*;
use hisaab_service::entity::{pending_sign_in, recovery_code, user_totp};
use hisaab_service::identity::{self, Purpose, SignInStep, UserView};
use hisaab_service::testkit::{PASSWORD, meta};
use sea_orm::EntityTrait;
use time::Duration;

/// Turns TOTP on for `user` (code from the app's clock) and moves the clock
/// on five minutes, past the step the confirmation spent. The recovery codes.
async fn enable(t: &TestApp, user: &UserView) -> Vec<String> {
    let actor = t.actor(user);
    identity::start_enrolment(&t.app, &actor).await.expect("start");
    let code = identity::test_code(&t.app, user.id).await;
    let codes = identity::confirm_enrolment(&t.app, &actor, &code)
        .await
        .expect("confirm");
    t.clock.advance(Duration::minutes(5));
    codes
}

/// Signs in with the password: the pending sign-in's token.
async fn password_step(t: &TestApp, email: &str, purpose: Purpose) -> String {
    match identity::sign_in_start(&t.app, email, PASSWORD, purpose, &meta())
        .await
        .expect("password accepted")
    {
        SignInStep::SecondFactor(p) => {
            assert!(!p.enrol);
            assert_eq!(p.expires_in_secs, 300);
            p.token
        }
        SignInStep::Done(_) => panic!("a TOTP user is not signed in by a password alone"),
    }
}

async fn code_at(t: &TestApp, user: &UserView, offset_secs: i64) -> String {
    identity::test_code_at(&t.app, user.id, t.app.now() + Duration::seconds(offset_secs)).await
}

#[tokio::test]
async fn enrolment_needs_a_confirming_code_and_gives_ten_recovery_codes() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);
    let e = identity::start_enrolment(&t.app, &actor).await.expect("start");
    assert!(e.uri.starts_with("otpauth://totp/"), "{}", e.uri);
    assert!(e.uri.contains(&format!("secret={}", e.secret)));
    assert!(e.qr_svg.starts_with("<svg") && e.qr_svg.ends_with("</svg>"));
    // Pending: sign-in still needs no code, and a reload shows the same secret.
    assert!(!identity::two_factor_enabled(&t.app, asha.id).await.unwrap());
    let again = identity::start_enrolment(&t.app, &actor).await.expect("again");
    assert_eq!(again.secret, e.secret);

    let wrong = identity::confirm_enrolment(&t.app, &actor, "000000").await;
    if code_at(&t, &asha, 0).await != "000000" {
        assert_eq!(invalid_fields(wrong), vec!["code"]);
    }
    let code = identity::test_code_for_secret(&e.secret, t.app.now());
    let codes = identity::confirm_enrolment(&t.app, &actor, &code)
        .await
        .expect("confirm");
    assert_eq!(codes.len(), 10);
    for c in &codes {
        assert_eq!(c.len(), 12, "{c}");
        assert_eq!(c.matches('-').count(), 2, "{c}");
    }
    assert!(identity::two_factor_enabled(&t.app, asha.id).await.unwrap());
    assert_eq!(audit_rows(&t, "auth.totp.enabled").await.len(), 1);
    assert!(matches!(
        identity::start_enrolment(&t.app, &actor).await,
        Err(Error::Conflict(_))
    ));
    let status = identity::two_factor_status(&t.app, &actor).await.unwrap();
    assert!(status.enabled);
    assert_eq!(status.recovery_codes_left, 10);
}

#[tokio::test]
async fn the_secret_and_recovery_codes_are_not_stored_in_the_clear() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let actor = t.actor(&asha);
    let e = identity::start_enrolment(&t.app, &actor).await.expect("start");
    let code = identity::test_code(&t.app, asha.id).await;
    let codes = identity::confirm_enrolment(&t.app, &actor, &code).await.unwrap();
    let row = user_totp::Entity::find_by_id(asha.id)
        .one(&t.app.db)
        .await
        .unwrap()
        .expect("row");
    assert!(!row.secret_enc.contains(&e.secret));
    assert!(!row.secret_enc.to_lowercase().contains(&e.secret.to_lowercase()));
    let stored = recovery_code::Entity::find().all(&t.app.db).await.unwrap();
    assert_eq!(stored.len(), 10);
    for r in &stored {
        for c in &codes {
            assert!(!r.code_hash.contains(&c.replace('-', "")));
        }
    }
}

#[tokio::test]
async fn a_code_one_step_off_is_accepted_two_steps_off_refused() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    for offset in [-60, 60] {
        let token = password_step(&t, "asha@example.com", Purpose::Web).await;
        let code = code_at(&t, &asha, offset).await;
        assert_unauthenticated(
            identity::complete_sign_in(&t.app, &token, &code, Purpose::Web, &meta()).await,
        );
    }
    t.clock.advance(Duration::minutes(1));
    // Earlier step first: each step works once, so a later one must come after.
    for offset in [-30, 0, 30] {
        let token = password_step(&t, "asha@example.com", Purpose::Web).await;
        let code = code_at(&t, &asha, offset).await;
        let user = identity::complete_sign_in(&t.app, &token, &code, Purpose::Web, &meta())
            .await
            .unwrap_or_else(|e| panic!("offset {offset}: {e:?}"));
        assert_eq!(user.id, asha.id);
        t.clock.advance(Duration::seconds(1));
    }
    let row = user_row(&t, "asha@example.com").await.unwrap();
    assert_eq!(row.failed_login_count, 0, "a success clears the failures");
}

#[tokio::test]
async fn a_code_works_once_and_a_pending_sign_in_once() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    let code = code_at(&t, &asha, 0).await;
    let token = password_step(&t, "asha@example.com", Purpose::Api).await;
    identity::complete_sign_in(&t.app, &token, &code, Purpose::Api, &meta())
        .await
        .expect("first use");
    // The same pending sign-in again: expired, whatever the code.
    assert_unauthenticated(identity::complete_sign_in(&t.app, &token, &code, Purpose::Api, &meta()).await);
    // The same code in a new sign-in: refused (its step was spent).
    let token = password_step(&t, "asha@example.com", Purpose::Api).await;
    assert_unauthenticated(identity::complete_sign_in(&t.app, &token, &code, Purpose::Api, &meta()).await);
    // A pending sign-in completes only where it began, and within five minutes.
    t.clock.advance(Duration::seconds(30));
    let next = code_at(&t, &asha, 0).await;
    assert_unauthenticated(identity::complete_sign_in(&t.app, &token, &next, Purpose::Web, &meta()).await);
    t.clock.advance(Duration::minutes(5));
    let next = code_at(&t, &asha, 0).await;
    assert_unauthenticated(identity::complete_sign_in(&t.app, &token, &next, Purpose::Api, &meta()).await);
    assert!(
        pending_sign_in::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .iter()
            .all(|p| p.token_hash != token),
        "only the token's hash is stored"
    );
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let codes = enable(&t, &asha).await;
    let token = password_step(&t, "asha@example.com", Purpose::Web).await;
    // Typed in capitals without dashes: the same code.
    let typed = codes[3].replace('-', "").to_uppercase();
    identity::complete_sign_in(&t.app, &token, &typed, Purpose::Web, &meta())
        .await
        .expect("a recovery code signs in");
    assert_eq!(audit_rows(&t, "auth.totp.recovery_code_used").await.len(), 1);
    let token = password_step(&t, "asha@example.com", Purpose::Web).await;
    assert_unauthenticated(
        identity::complete_sign_in(&t.app, &token, &codes[3], Purpose::Web, &meta()).await,
    );
    identity::complete_sign_in(&t.app, &token, &codes[4], Purpose::Web, &meta())
        .await
        .expect("another one still works");
    let status = identity::two_factor_status(&t.app, &t.actor(&asha))
        .await
        .unwrap();
    assert_eq!(status.recovery_codes_left, 8);
}

#[tokio::test]
async fn wrong_codes_lock_out_like_wrong_passwords() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    let good = code_at(&t, &asha, 0).await;
    let bad = if good == "123456" { "654321" } else { "123456" };
    // Two wrong codes, a fresh password, three more: the password does not
    // reset the count, so the fifth wrong code locks.
    let token = password_step(&t, "asha@example.com", Purpose::Web).await;
    for _ in 0..2 {
        assert_unauthenticated(identity::complete_sign_in(&t.app, &token, bad, Purpose::Web, &meta()).await);
    }
    let token = password_step(&t, "asha@example.com", Purpose::Web).await;
    for attempt in 3..=5 {
        match identity::complete_sign_in(&t.app, &token, bad, Purpose::Web, &meta()).await {
            Err(Error::Unauthenticated(msg)) if attempt < 5 => assert!(!msg.contains("locked"), "{msg}"),
            Err(Error::Unauthenticated(msg)) => assert!(msg.contains("locked for 15 minutes"), "{msg}"),
            other => panic!("attempt {attempt}: {other:?}"),
        }
    }
    assert_eq!(audit_rows(&t, "auth.second_factor.failure").await.len(), 5);
    assert_eq!(audit_rows(&t, "auth.lockout").await.len(), 1);
    only_email(&t, "account_locked").await;
    // Locked: the right code is refused, and so is the password.
    assert_eq!(
        retry_after(identity::complete_sign_in(&t.app, &token, &good, Purpose::Web, &meta()).await),
        900
    );
    retry_after(identity::sign_in_start(&t.app, "asha@example.com", PASSWORD, Purpose::Web, &meta()).await);
}

#[tokio::test]
async fn codes_share_the_per_address_rate_limit() {
    let t = TestApp::with_settings(|s| {
        s.lockout_threshold = 100;
        s.auth_rate_limit_per_minute = 10;
    })
    .await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    let from = meta_from("198.51.100.7");
    let SignInStep::SecondFactor(p) =
        identity::sign_in_start(&t.app, "asha@example.com", PASSWORD, Purpose::Api, &from)
            .await
            .unwrap()
    else {
        panic!("needs a code")
    };
    // 10 a minute from one address: the password was one, nine codes more
    // (with the lockout raised out of the way) and the eleventh is refused.
    for _ in 0..9 {
        assert_unauthenticated(
            identity::complete_sign_in(&t.app, &p.token, "not-a-code", Purpose::Api, &from).await,
        );
    }
    match identity::complete_sign_in(&t.app, &p.token, "not-a-code", Purpose::Api, &from).await {
        Err(Error::RateLimited { message, .. }) => assert!(message.contains("network"), "{message}"),
        other => panic!("the per-IP limit applies to codes: {other:?}"),
    }
}

#[tokio::test]
async fn password_only_sign_in_refuses_a_two_factor_account() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    assert_unauthenticated(identity::sign_in(&t.app, "asha@example.com", PASSWORD, &meta()).await);
    // A wrong password looks the same as for anyone (no hint TOTP is on).
    let a = identity::sign_in_start(
        &t.app,
        "asha@example.com",
        "wrong-password-here",
        Purpose::Web,
        &meta(),
    )
    .await;
    t.user("bo@example.com").await;
    let b = identity::sign_in_start(
        &t.app,
        "bo@example.com",
        "wrong-password-here",
        Purpose::Web,
        &meta(),
    )
    .await;
    assert_eq!(format!("{:?}", a.unwrap_err()), format!("{:?}", b.unwrap_err()));
}

#[tokio::test]
async fn disabling_needs_the_password_and_a_code() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    let codes = enable(&t, &asha).await;
    let actor = t.actor(&asha);
    let code = code_at(&t, &asha, 0).await;
    assert_eq!(
        invalid_fields(identity::disable_two_factor(&t.app, &actor, "wrong-password-here", &code).await),
        vec!["password"]
    );
    assert_eq!(
        invalid_fields(identity::disable_two_factor(&t.app, &actor, PASSWORD, "12").await),
        vec!["code"]
    );
    // New recovery codes need a code; the old ones stop working.
    let fresh = identity::regenerate_recovery_codes(&t.app, &actor, &codes[0])
        .await
        .expect("a recovery code may ask for new ones");
    assert_eq!(fresh.len(), 10);
    assert_eq!(
        invalid_fields(identity::disable_two_factor(&t.app, &actor, PASSWORD, &codes[1]).await),
        vec!["code"]
    );
    identity::disable_two_factor(&t.app, &actor, PASSWORD, &code)
        .await
        .expect("disabled");
    assert!(!identity::two_factor_enabled(&t.app, asha.id).await.unwrap());
    assert_eq!(audit_rows(&t, "auth.totp.disabled").await.len(), 1);
    assert_eq!(audit_rows(&t, "auth.totp.recovery_codes_replaced").await.len(), 1);
    assert!(
        recovery_code::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .is_empty()
    );
    match identity::sign_in_start(&t.app, "asha@example.com", PASSWORD, Purpose::Web, &meta())
        .await
        .unwrap()
    {
        SignInStep::Done(u) => assert_eq!(u.id, asha.id),
        SignInStep::SecondFactor(_) => panic!("TOTP is off"),
    }
}

#[tokio::test]
async fn staff_without_totp_are_sent_to_enrol_and_the_operator_can_reset() {
    let t = TestApp::new().await;
    let ops = t
        .user_with_role("ops@example.com", hisaab_service::entity::user::Role::Superadmin)
        .await;
    let p = identity::sign_in_staff(&t.app, "ops@example.com", PASSWORD, &meta())
        .await
        .expect("password");
    assert!(p.enrol);
    assert_eq!(
        identity::pending_step(&t.app, &p.token, Purpose::Admin)
            .await
            .unwrap(),
        Some(true)
    );
    let e = identity::pending_enrolment(&t.app, &p.token, Purpose::Admin)
        .await
        .unwrap();
    let code = identity::test_code_for_secret(&e.secret, t.app.now());
    let (user, codes) = identity::confirm_pending_enrolment(&t.app, &p.token, &code, Purpose::Admin, &meta())
        .await
        .expect("enrolled and signed in");
    assert_eq!(user.id, ops.id);
    assert_eq!(codes.len(), 10);
    assert_eq!(
        identity::pending_step(&t.app, &p.token, Purpose::Admin)
            .await
            .unwrap(),
        None
    );
    let p = identity::sign_in_staff(&t.app, "ops@example.com", PASSWORD, &meta())
        .await
        .unwrap();
    assert!(!p.enrol);

    identity::reset_two_factor_by_email(&t.app, "OPS@example.com ")
        .await
        .expect("reset");
    assert!(!identity::two_factor_enabled(&t.app, ops.id).await.unwrap());
    let reset = audit_rows(&t, "admin.totp_reset").await;
    assert_eq!(reset.len(), 1);
    assert_eq!(reset[0].subject_user_id, Some(ops.id));
    assert!(matches!(
        identity::reset_two_factor_by_email(&t.app, "nobody@example.com").await,
        Err(Error::NotFound)
    ));
    let p = identity::sign_in_staff(&t.app, "ops@example.com", PASSWORD, &meta())
        .await
        .unwrap();
    assert!(p.enrol, "after a reset, staff enrol again");
}

#[tokio::test]
async fn pending_sign_ins_are_purged_an_hour_after_they_expire() {
    let t = TestApp::new().await;
    let asha = t.user("asha@example.com").await;
    enable(&t, &asha).await;
    password_step(&t, "asha@example.com", Purpose::Web).await;
    t.clock.advance(Duration::minutes(64));
    assert_eq!(
        hisaab_service::retention::purge_expired(&t.app)
            .await
            .unwrap()
            .pending_sign_ins,
        0
    );
    t.clock.advance(Duration::minutes(2));
    assert_eq!(
        hisaab_service::retention::purge_expired(&t.app)
            .await
            .unwrap()
            .pending_sign_ins,
        1
    );
    assert!(
        pending_sign_in::Entity::find()
            .all(&t.app.db)
            .await
            .unwrap()
            .is_empty()
    );
}
