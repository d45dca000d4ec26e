//! The htmx pages over HTTP: public pages, the sign-up → verify → sign-out
//! journey, sign-in errors and lockout, password reset, the security page.

use crate::support::*;
use hisaab_service::identity;
use hisaab_service::testkit::{PASSWORD, meta};
use poem::http::{Method, StatusCode};

const NEW_PASSWORD: &str = "tangerine-otter-87-violet";

#[tokio::test]
async fn public_pages_render_with_the_layout() {
    let h = Harness::new().await;
    let b = h.browser();
    let pages = [
        ("/", "who owes whom"),
        ("/signup", "Create your account"),
        ("/login", "Sign in to Hisaab"),
        ("/password-reset", "Reset your password"),
        ("/password-reset/confirm?token=x", "Choose a new password"),
        ("/signup/done?email=asha%40example.com", "asha@example.com"),
        (
            "/password-reset/sent?email=asha%40example.com",
            "asha@example.com",
        ),
    ];
    for (path, text) in pages {
        let resp = b.get(path).await;
        resp.assert_status(StatusCode::OK);
        resp.assert_full_page();
        assert!(resp.body.contains(text), "{path} lacks {text:?}");
        assert!(resp.body.contains("<title>"), "{path}");
        assert!(
            resp.body.contains("href=\"/signup\""),
            "{path}: signed-out navigation"
        );
        assert_eq!(resp.header("cache-control"), Some("no-store"), "{path}");
        assert!(csrf_in(&resp.body).is_some(), "{path} carries a CSRF token");
    }
    let confirm = b.get("/password-reset/confirm?token=abc-123").await;
    assert!(confirm.body.contains("name=\"token\" value=\"abc-123\""));
    // Whatever is in the query is escaped, never markup.
    let hostile = b
        .get("/signup/done?email=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    hostile.assert_status(StatusCode::OK);
    assert!(!hostile.body.contains("<script>alert(1)"));
}

#[tokio::test]
async fn robots_and_sitemap() {
    let h = Harness::new().await;
    let public = h.t.app.settings.public_url.clone();
    let robots = h.browser().get("/robots.txt").await;
    robots.assert_status(StatusCode::OK);
    assert!(robots.header("content-type").unwrap().starts_with("text/plain"));
    assert!(robots.body.contains("Disallow: /app"));
    assert!(robots.body.contains("Disallow: /api/"));
    assert!(robots.body.contains(&format!("Sitemap: {public}/sitemap.xml")));

    let sitemap = h.browser().get("/sitemap.xml").await;
    sitemap.assert_status(StatusCode::OK);
    assert!(
        sitemap
            .header("content-type")
            .unwrap()
            .starts_with("application/xml")
    );
    assert!(sitemap.body.starts_with("<?xml"));
    for path in ["/", "/signup", "/login"] {
        assert!(
            sitemap.body.contains(&format!("<loc>{public}{path}</loc>")),
            "{path}"
        );
    }
    assert!(!sitemap.body.contains("/app"));
}

#[tokio::test]
async fn signed_in_pages_send_signed_out_visitors_to_login() {
    let h = Harness::new().await;
    let b = h.browser();
    b.get("/app").await.assert_redirect("/login?next=/app");
    b.get("/settings/security")
        .await
        .assert_redirect("/login?next=/settings/security");
    // With a valid CSRF token the signed-in actions redirect too.
    b.submit(
        "/settings/security/password",
        &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)],
    )
    .await
    .assert_redirect("/login?next=/settings/security/password");
    let revoke = format!("/settings/security/sessions/{}/revoke", uuid::Uuid::now_v7());
    b.submit(&revoke, &[])
        .await
        .assert_redirect(&format!("/login?next={revoke}"));
    b.submit("/verify-email/resend", &[])
        .await
        .assert_redirect("/login?next=/verify-email/resend");
    // htmx gets 401 + HX-Redirect instead of a 303 it would follow blindly.
    let htmx = b.get_htmx("/app").await;
    htmx.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(htmx.header("hx-redirect"), Some("/login?next=/app"));
    // A cookie that names no session is the same as none.
    b.set_cookie(&h.session_cookie(), "not-a-session");
    b.get("/app").await.assert_redirect("/login?next=/app");
}

/// Sign up, follow the emailed link, see the home page, sign out.
async fn signup_journey(secure: bool) {
    let h = Harness::with_settings(|s| s.dev_insecure_cookies = !secure).await;
    assert_eq!(h.secure(), secure);
    let b = h.browser();

    let form = b.get("/signup").await;
    form.assert_status(StatusCode::OK);
    let csrf = form
        .cookie(&h.csrf_cookie())
        .expect("CSRF cookie set on the first visit");
    assert!(csrf.has("HttpOnly"));
    assert_eq!(csrf.attr("SameSite"), Some("Lax"));
    assert_eq!(csrf.has("Secure"), secure);

    let done = b
        .submit(
            "/signup",
            &[
                ("display_name", "Asha"),
                ("email", "Asha@Example.com"),
                ("password", "tangerine-otter-87"),
            ],
        )
        .await;
    done.assert_redirect("/signup/done?email=Asha%40Example.com");
    assert!(
        b.cookie(&h.session_cookie()).is_none(),
        "not signed in before verifying"
    );
    let done_page = b.get(done.location()).await;
    done_page.assert_status(StatusCode::OK);
    assert!(done_page.body.contains("Asha@Example.com"));

    let mail = h.last_email("verify_email").await;
    assert_eq!(mail.to, "asha@example.com");
    let verified = b.get(&h.link_path(&mail)).await;
    verified.assert_redirect("/app");
    let session = verified
        .cookie(&h.session_cookie())
        .expect("the link signs the person in");
    assert_eq!(session.name.starts_with("__Host-"), secure);
    assert!(session.has("HttpOnly"));
    assert_eq!(session.attr("SameSite"), Some("Lax"));
    assert_eq!(session.attr("Path"), Some("/"));
    assert_eq!(session.has("Secure"), secure);
    assert!(session.attr("Domain").is_none(), "host-only");
    assert_eq!(session.attr("Max-Age"), Some("2592000"));
    assert_eq!(session.value.len(), 43);

    let home = b.get("/app").await;
    home.assert_status(StatusCode::OK);
    home.assert_full_page();
    assert!(home.body.contains("asha@example.com"));
    assert!(home.body.contains("badge--verified"), "shows verified");
    assert!(!home.body.contains("Not verified"));
    for area in ["/app/finance", "/social/groups", "/settings/security"] {
        assert!(home.body.contains(&format!("href=\"{area}\"")), "links to {area}");
    }
    assert!(
        home.body.contains("Your email address is verified"),
        "flash message"
    );
    assert!(home.body.contains("<meta name=\"robots\" content=\"noindex\">"));

    // The link is single use, even for a signed-in browser.
    let again = b.get(&h.link_path(&mail)).await;
    again.assert_status(StatusCode::BAD_REQUEST);
    assert!(again.body.contains("This link is invalid or has expired"));

    let old_cookie = b.cookie(&h.session_cookie()).unwrap();
    let out = b.submit("/logout", &[]).await;
    out.assert_redirect("/");
    let cleared = out.cookie(&h.session_cookie()).expect("session cookie cleared");
    assert_eq!(cleared.value, "");
    assert_eq!(cleared.attr("Max-Age"), Some("0"));
    assert!(b.cookie(&h.session_cookie()).is_none());
    b.get("/app").await.assert_redirect("/login?next=/app");

    // The old cookie was revoked on the server, not just forgotten.
    let replay = h.browser();
    replay.set_cookie(&h.session_cookie(), &old_cookie);
    replay.get("/app").await.assert_redirect("/login?next=/app");
}

#[tokio::test]
async fn signup_verify_and_sign_out_with_secure_cookies() {
    signup_journey(true).await;
}

#[tokio::test]
async fn signup_verify_and_sign_out_with_insecure_dev_cookies() {
    signup_journey(false).await;
}

#[tokio::test]
async fn secure_cookie_names_are_ignored_without_their_prefix() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let token = b.cookie("__Host-hisaab_session").unwrap();
    let plain = h.browser();
    plain.set_cookie("hisaab_session", &token);
    plain.get("/app").await.assert_redirect("/login?next=/app");
}

#[tokio::test]
async fn signup_errors_rerender_the_form_with_the_typed_values() {
    let h = Harness::new().await;
    let b = h.browser();
    let resp = b
        .submit(
            "/signup",
            &[
                ("display_name", "Asha"),
                ("email", "asha@example"),
                ("password", "short"),
            ],
        )
        .await;
    resp.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    resp.assert_full_page();
    assert!(resp.body.contains("value=\"asha@example\""), "typed email kept");
    assert!(resp.body.contains("value=\"Asha\""), "typed name kept");
    assert!(
        !resp.body.contains("value=\"short\""),
        "passwords are never echoed"
    );
    assert!(
        resp.body
            .contains("Enter an email address like name@example.com.")
    );
    assert!(resp.body.contains("Use at least 12 characters"));
    assert!(resp.body.contains("aria-invalid=\"true\""));

    let htmx = b
        .submit_htmx(
            "/signup",
            &[
                ("display_name", ""),
                ("email", "asha@example.com"),
                ("password", "tangerine-otter-87"),
            ],
        )
        .await;
    htmx.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    htmx.assert_fragment();
    assert!(htmx.body.starts_with("<form"), "{}", htmx.body);
    assert!(htmx.body.contains("Enter your name."));
    assert!(h.emails().await.is_empty());
}

#[tokio::test]
async fn login_with_a_wrong_password_rerenders_the_form() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    let resp = b.login("asha@example.com", "wrong-password-here").await;
    resp.assert_status(StatusCode::UNAUTHORIZED);
    resp.assert_full_page();
    assert!(
        resp.body.contains("value=\"asha@example.com\""),
        "typed email kept"
    );
    assert!(resp.body.contains("The email or password is not right."));
    assert!(!resp.body.contains("wrong-password-here"));
    assert!(b.cookie(&h.session_cookie()).is_none());

    let htmx = b
        .submit_htmx(
            "/login",
            &[
                ("email", "asha@example.com"),
                ("password", "wrong-password-here"),
                ("next", ""),
            ],
        )
        .await;
    htmx.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    htmx.assert_fragment();
    assert!(htmx.body.starts_with("<form"));
    assert!(htmx.body.contains("value=\"asha@example.com\""));
    assert!(htmx.body.contains("The email or password is not right."));
}

#[tokio::test]
async fn login_redirects_only_to_local_paths() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let cases = [
        ("/settings/security", "/settings/security"),
        ("", "/app"),
        ("//evil.example/", "/app"),
        ("https://evil.example/", "/app"),
        ("/\\evil.example", "/app"),
        ("javascript:alert(1)", "/app"),
    ];
    for (next, to) in cases {
        let b = h.browser();
        let resp = b
            .submit(
                "/login",
                &[
                    ("email", "asha@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        resp.assert_redirect(to);
    }
    // The login page passes `next` along, and a signed-in visitor goes straight there.
    let b = h.browser();
    let page = b.get("/login?next=/settings/security").await;
    assert!(
        page.body
            .contains("name=\"next\" value=\"&#x2f;settings&#x2f;security\"")
            || page.body.contains("name=\"next\" value=\"/settings/security\"")
    );
    b.sign_in("asha@example.com").await;
    b.get("/login?next=//evil.example").await.assert_redirect("/app");
    b.get("/signup").await.assert_redirect("/app");
}

#[tokio::test]
async fn five_wrong_passwords_show_the_lock_message() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    for _ in 0..4 {
        b.login("asha@example.com", "wrong-password-here")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    let fifth = b.login("asha@example.com", "wrong-password-here").await;
    fifth.assert_status(StatusCode::UNAUTHORIZED);
    assert!(
        fifth.body.contains("sign-in is locked for 15 minutes"),
        "{}",
        fifth.body
    );

    let sixth = b.login("asha@example.com", PASSWORD).await;
    sixth.assert_status(StatusCode::TOO_MANY_REQUESTS);
    sixth.assert_full_page();
    assert!(sixth.body.contains("this account is locked for 15 more minutes"));
    assert_eq!(sixth.header("retry-after"), Some("900"));
    assert!(b.cookie(&h.session_cookie()).is_none());
    assert_eq!(h.emails_with("account_locked").await.len(), 1);

    // The same for an email without an account.
    for _ in 0..5 {
        b.login("ghost@example.com", "wrong-password-here").await;
    }
    let ghost = b.login("ghost@example.com", "wrong-password-here").await;
    ghost.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(ghost.body.contains("this account is locked for 15 more minutes"));

    h.t.clock.advance(time::Duration::minutes(15));
    b.login("asha@example.com", PASSWORD)
        .await
        .assert_redirect("/app");
}

#[tokio::test]
async fn password_reset_by_pages() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let other = h.browser();
    other.sign_in("asha@example.com").await;
    let b = h.browser();

    b.get("/password-reset").await.assert_status(StatusCode::OK);
    let sent = b
        .submit("/password-reset", &[("email", "asha@example.com")])
        .await;
    sent.assert_redirect("/password-reset/sent?email=asha%40example.com");
    let page = b.get(sent.location()).await;
    page.assert_status(StatusCode::OK);
    assert!(page.body.contains("asha@example.com"));
    // An unknown email looks exactly the same and sends nothing.
    b.submit("/password-reset", &[("email", "ghost@example.com")])
        .await
        .assert_redirect("/password-reset/sent?email=ghost%40example.com");
    let mails = h.emails_with("password_reset").await;
    assert_eq!(mails.len(), 1);

    let link = h.link_path(&mails[0]);
    let token = link.split("token=").nth(1).unwrap().to_string();
    let confirm = b.get(&link).await;
    confirm.assert_status(StatusCode::OK);
    assert!(
        confirm
            .body
            .contains(&format!("name=\"token\" value=\"{token}\""))
    );

    let weak = b
        .submit(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", "short")],
        )
        .await;
    weak.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_full_page();
    assert!(weak.body.contains("Use at least 12 characters"));
    assert!(
        weak.body.contains(&format!("name=\"token\" value=\"{token}\"")),
        "the token stays in the form"
    );

    let htmx = b
        .submit_htmx(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", "1Q2W3E4R5T6Y")],
        )
        .await;
    htmx.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    htmx.assert_fragment();
    assert!(htmx.body.contains("most common passwords"));

    let done = b
        .submit(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", NEW_PASSWORD)],
        )
        .await;
    done.assert_redirect("/login");
    let login_page = b.get("/login").await;
    assert!(
        login_page
            .body
            .contains("Your password was changed. Sign in with the new one.")
    );

    let reuse = b
        .submit(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", "another-one-entirely")],
        )
        .await;
    reuse.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reuse.body.contains("This reset link is invalid or has expired"));

    other.get("/app").await.assert_redirect("/login?next=/app");
    b.login("asha@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    b.login("asha@example.com", NEW_PASSWORD)
        .await
        .assert_redirect("/app");
}

#[tokio::test]
async fn security_page_lists_sessions_and_revokes_one() {
    let h = Harness::new().await;
    let asha = h.t.user("asha@example.com").await;
    let laptop = h.browser_as("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0");
    let phone = h.browser_as(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    );
    laptop.sign_in("asha@example.com").await;
    phone.sign_in("asha@example.com").await;

    let page = laptop.get("/settings/security").await;
    page.assert_status(StatusCode::OK);
    page.assert_full_page();
    assert!(page.body.contains("Firefox on Linux"));
    assert!(page.body.contains("Chrome on Windows"));
    assert_eq!(page.body.matches("This device").count(), 1);
    let actions = form_actions(&page.body, "/settings/security/sessions/");
    assert_eq!(
        actions.len(),
        1,
        "only the other session can be signed out from here: {actions:?}"
    );

    let revoked = laptop.submit(&actions[0], &[]).await;
    revoked.assert_redirect("/settings/security");
    let after = laptop.get("/settings/security").await;
    assert!(after.body.contains("That session was signed out."));
    assert!(!after.body.contains("Chrome on Windows"));
    assert!(form_actions(&after.body, "/settings/security/sessions/").is_empty());
    phone.get("/app").await.assert_redirect("/login?next=/app");
    laptop.get("/app").await.assert_status(StatusCode::OK);

    // Revoking again, or a session that isn't yours, or nonsense: 404.
    let again = laptop.submit(&actions[0], &[]).await;
    again.assert_status(StatusCode::NOT_FOUND);
    again.assert_full_page();
    h.t.user("bilal@example.com").await;
    let bilal = h.browser();
    bilal.sign_in("bilal@example.com").await;
    let bilal_page = bilal.get("/settings/security").await;
    assert!(form_actions(&bilal_page.body, "/settings/security/sessions/").is_empty());
    let asha_session = identity::list_sessions(&h.t.app, &h.t.actor(&asha), None)
        .await
        .unwrap()[0]
        .id;
    bilal
        .submit(&format!("/settings/security/sessions/{asha_session}/revoke"), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    laptop.get("/app").await.assert_status(StatusCode::OK);
    bilal
        .submit("/settings/security/sessions/not-a-uuid/revoke", &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn revoking_a_session_with_htmx_returns_the_sessions_partial() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let laptop = h.browser();
    let phone = h.browser_as("Phone");
    laptop.sign_in("asha@example.com").await;
    phone.sign_in("asha@example.com").await;
    let page = laptop.get("/settings/security").await;
    let action = form_actions(&page.body, "/settings/security/sessions/").remove(0);
    let resp = laptop.submit_htmx(&action, &[]).await;
    resp.assert_status(StatusCode::OK);
    resp.assert_fragment();
    assert!(resp.body.contains("id=\"sessions\""));
    assert!(resp.body.contains("This device"));
    assert!(!resp.body.contains("Phone"));
}

#[tokio::test]
async fn change_password_on_the_security_page() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let laptop = h.browser();
    let phone = h.browser_as("Phone");
    laptop.sign_in("asha@example.com").await;
    phone.sign_in("asha@example.com").await;

    let wrong = laptop
        .submit(
            "/settings/security/password",
            &[
                ("current_password", "not-my-password"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_full_page();
    assert!(wrong.body.contains("Your current password is not right."));
    assert!(wrong.body.contains("Phone"), "the page still lists the sessions");

    let weak = laptop
        .submit_htmx(
            "/settings/security/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    weak.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_fragment();
    assert!(weak.body.contains("Use at least 12 characters"));
    phone.get("/app").await.assert_status(StatusCode::OK);

    let changed = laptop
        .submit(
            "/settings/security/password",
            &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)],
        )
        .await;
    changed.assert_redirect("/settings/security");
    let page = laptop.get("/settings/security").await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.body
            .contains("Password changed. Your other sessions were signed out.")
    );
    phone.get("/app").await.assert_redirect("/login?next=/app");
    identity::sign_in(&h.t.app, "asha@example.com", NEW_PASSWORD, &meta())
        .await
        .expect("new password works");
    assert_eq!(h.emails_with("password_changed").await.len(), 1);

    // With htmx the form is swapped for a fresh one that says it worked.
    let again = laptop
        .submit_htmx(
            "/settings/security/password",
            &[("current_password", NEW_PASSWORD), ("new_password", PASSWORD)],
        )
        .await;
    again.assert_status(StatusCode::OK);
    again.assert_fragment();
    assert!(
        again
            .body
            .contains("Password changed. Other sessions were signed out.")
    );
}

#[tokio::test]
async fn inline_validation_answers_one_field() {
    let h = Harness::new().await;
    let b = h.browser();
    let email = b
        .submit_htmx(
            "/signup/validate",
            &[("field", "email"), ("email", "nope"), ("password", "")],
        )
        .await;
    email.assert_status(StatusCode::OK);
    email.assert_fragment();
    assert!(email.body.contains("id=\"email-error\""));
    assert!(
        email
            .body
            .contains("Enter an email address like name@example.com.")
    );
    let ok = b
        .submit_htmx(
            "/signup/validate",
            &[
                ("field", "email"),
                ("email", "asha@example.com"),
                ("password", ""),
            ],
        )
        .await;
    assert!(ok.body.contains("id=\"email-error\"></p>"), "{}", ok.body);
    let password = b
        .submit_htmx(
            "/signup/validate",
            &[
                ("field", "password"),
                ("email", "asha@example.com"),
                ("password", "asha-is-my-password"),
            ],
        )
        .await;
    assert!(password.body.contains("id=\"password-error\""));
    assert!(
        password
            .body
            .contains("Don&#x27;t use your email address in your password."),
        "{}",
        password.body
    );
    let unknown = b.submit("/signup/validate", &[("field", "display_name")]).await;
    unknown.assert_status(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_unverified_user_can_ask_for_a_new_link() {
    let h = Harness::new().await;
    let b = h.browser();
    b.submit(
        "/signup",
        &[
            ("display_name", "Asha"),
            ("email", "asha@example.com"),
            ("password", "tangerine-otter-87"),
        ],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    b.login("asha@example.com", "tangerine-otter-87")
        .await
        .assert_redirect("/app");
    let home = b.get("/app").await;
    home.assert_status(StatusCode::OK);
    assert!(home.body.contains("Not verified"));
    assert!(home.body.contains("Confirm your email address"));

    let resent = b.submit_htmx("/verify-email/resend", &[]).await;
    resent.assert_status(StatusCode::OK);
    resent.assert_fragment();
    assert!(resent.body.contains("a new link. Check your inbox."));
    assert_eq!(h.emails_with("verify_email").await.len(), 2);
    b.submit("/verify-email/resend", &[])
        .await
        .assert_redirect("/app");

    // A bad link explains itself and offers a new one to a signed-in person.
    let bad = b.get("/verify-email?token=nope").await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    bad.assert_full_page();
    assert!(bad.body.contains("Send a new link"));
    let newest = h.last_email("verify_email").await;
    b.get(&h.link_path(&newest)).await.assert_redirect("/app");
    assert!(b.get("/app").await.body.contains("badge--verified"));
}

#[tokio::test]
async fn unknown_pages_are_a_404_page() {
    let h = Harness::new().await;
    let b = h.browser();
    // The app's own page, in every area, with the usual navigation.
    for path in [
        "/no/such/page",
        "/social/no-such-page",
        "/app/finance/no/such/page/here",
    ] {
        let resp = b.send(b.request(Method::GET, path)).await;
        resp.assert_status(StatusCode::NOT_FOUND);
        assert_no_leak(&resp.body);
        assert!(
            resp.body.contains("Page not found") && resp.body.contains("<nav"),
            "{path}: {}",
            resp.body
        );
    }
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_cookie() {
    let h = Harness::new().await;
    h.t.user("asha@example.com").await;
    let b = h.browser();
    b.sign_in("asha@example.com").await;
    let first = b.cookie(&h.session_cookie()).unwrap();
    // A signed-in browser posting the login form again (say, from a stale tab).
    b.login("asha@example.com", PASSWORD)
        .await
        .assert_redirect("/app");
    let second = b.cookie(&h.session_cookie()).unwrap();
    assert_ne!(first, second, "a new session id at every sign-in");
    let stale = h.browser();
    stale.set_cookie(&h.session_cookie(), &first);
    stale.get("/app").await.assert_redirect("/login?next=/app");
    b.get("/app").await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn reflected_values_are_escaped() {
    let h = Harness::new().await;
    let b = h.browser();
    let login = b
        .get("/login?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    login.assert_status(StatusCode::OK);
    assert!(!login.body.contains("\"><script>alert(1)"), "next is escaped");
    let reset = b
        .get("/password-reset/confirm?token=%22%3E%3Cimg%20src%3Dx%3E")
        .await;
    assert!(!reset.body.contains("\"><img src=x>"));
    let resp = b
        .submit(
            "/login",
            &[
                ("email", "\"><script>alert(1)</script>"),
                ("password", "x"),
                ("next", ""),
            ],
        )
        .await;
    resp.assert_status(StatusCode::UNAUTHORIZED);
    assert!(
        !resp.body.contains("<script>alert(1)"),
        "the typed email is escaped"
    );
}

/// Installable (issue 15): a manifest with the icons an install needs, a
/// service worker from the site's root that caches this build's assets and
/// an offline page, and pages that link both.
#[tokio::test]
async fn the_app_is_installable_with_a_manifest_a_service_worker_and_an_offline_page() {
    let h = Harness::new().await;
    let b = h.browser();
    let manifest = b.get("/manifest.webmanifest").await;
    manifest.assert_status(StatusCode::OK);
    assert_eq!(manifest.header("content-type"), Some("application/manifest+json"));
    let m: serde_json::Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!(
        (m["start_url"].as_str(), m["display"].as_str()),
        (Some("/app"), Some("standalone"))
    );
    let icons = m["icons"].as_array().unwrap();
    for (size, purpose) in [("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == size && i["purpose"] == purpose && i["type"] == "image/png")
            .unwrap_or_else(|| panic!("a {size} {purpose} PNG icon"));
        let png = b.get(icon["src"].as_str().unwrap()).await;
        png.assert_status(StatusCode::OK);
        assert_eq!(png.header("content-type"), Some("image/png"));
    }

    let sw = b.get("/sw.js").await;
    sw.assert_status(StatusCode::OK);
    assert!(sw.header("content-type").unwrap().starts_with("text/javascript"));
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert!(!sw.body.contains("__CACHE__") && !sw.body.contains("__PRECACHE__"));
    assert!(
        sw.body.contains("/assets/css/app.css?v="),
        "this build's fingerprinted assets"
    );
    assert!(
        sw.body.contains("credentials: 'omit'"),
        "the offline page is cached signed out"
    );

    let offline = b.get("/offline").await;
    offline.assert_status(StatusCode::OK);
    assert!(offline.body.contains("You are offline"));

    let landing = b.get("/").await;
    assert!(
        landing
            .body
            .contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#)
    );
    assert!(landing.body.contains("/assets/js/install.js?v="));
}
