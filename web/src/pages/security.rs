//! Settings: the profile (name, base currency); security (change password,
//! see and end web sessions and API sign-ins).

use super::{FormState, PageCtx, PageError, PageResult, SignedIn};
use crate::flash::Flash;
use hisaab_service::Error;
use hisaab_service::i18n::{self, Locale};
use hisaab_service::identity::{self, ProfileInput, SignInKind, SignInView, UserView};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

/// A short device description instead of a raw user-agent string, in
/// `locale` ("Safari on iPhone").
fn device(ua: Option<&str>, locale: Locale) -> String {
    let Some(ua) = ua else {
        return i18n::tr(locale, "set-sessions-unknown-device");
    };
    let on = |browser: &str, os: &str| {
        let mut args = i18n::Args::new();
        args.set("browser", browser.to_string());
        args.set("os", os.to_string());
        i18n::tr_args(locale, "set-sessions-browser-on", Some(&args))
    };
    let some_browser = || i18n::tr(locale, "set-sessions-browser");
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "Firefox/" => "Firefox",
            "Chrome/" => "Chrome",
            _ => "Safari",
        });
    let os = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS X", "macOS"),
        ("Windows", "Windows"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(browser), Some(os)) => on(browser, os),
        // Not a browser we know (an app signed in through the API, a script):
        // its own short name says more than a guess.
        (None, _) if ua.len() <= 40 => ua.to_string(),
        (Some(_), None) if ua.len() <= 40 => ua.to_string(),
        (Some(browser), None) => browser.to_string(),
        (None, Some(os)) => on(&some_browser(), os),
        (None, None) => some_browser(),
    }
}

fn sessions_value(sessions: &[SignInView], locale: Locale) -> Value {
    Value::Array(
        sessions
            .iter()
            .map(|s| {
                json!({
                    "id": s.id.to_string(),
                    "api": s.kind == SignInKind::Api,
                    "created_at": i18n::format::timestamp(s.created_at, locale),
                    "last_seen_at": i18n::format::timestamp(s.last_seen_at, locale),
                    "ip": s.ip.clone().unwrap_or_else(|| i18n::tr(locale, "set-sessions-unknown-ip")),
                    "user_agent": device(s.user_agent.as_deref(), locale),
                    "current": s.current,
                })
            })
            .collect(),
    )
}

/// The security page's context: the forms as given, the two-factor state
/// and the signed-in list.
async fn security_context(
    ctx: &PageCtx,
    user: &SignedIn,
    password_form: &FormState,
    recovery_form: &FormState,
    disable_form: &FormState,
) -> Result<Value, PageError> {
    let sessions = identity::list_sign_ins(ctx.app(), &user.actor, Some(user.session.session_id)).await?;
    let two_factor = identity::two_factor_status(ctx.app(), &user.actor).await?;
    Ok(json!({
        "password_form": password_form.to_value(),
        "recovery_form": recovery_form.to_value(),
        "disable_form": disable_form.to_value(),
        "two_factor": { "enabled": two_factor.enabled, "recovery_codes_left": two_factor.recovery_codes_left },
        "sessions": sessions_value(&sessions, ctx.locale),
    }))
}

#[handler]
pub async fn security_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let none = FormState::default();
    let v = security_context(&ctx, &user, &none, &none, &none).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/security.html",
        &ctx.t("nav-security"),
        v,
    ))
}

/// `GET /settings/security/two-factor`: step one of turning TOTP on, a QR
/// code and the secret as text, and the field for the first code.
#[handler]
pub async fn two_factor_setup(ctx: PageCtx, user: SignedIn) -> PageResult {
    if identity::two_factor_enabled(ctx.app(), user.actor.user_id).await? {
        return Ok(ctx.redirect("/settings/security"));
    }
    setup_render(&ctx, &user, StatusCode::OK, &FormState::default()).await
}

async fn setup_render(ctx: &PageCtx, user: &SignedIn, status: StatusCode, form: &FormState) -> PageResult {
    let e = identity::start_enrolment(ctx.app(), &user.actor).await?;
    Ok(ctx.render(
        status,
        "web/settings/two_factor_setup.html",
        &ctx.t("set-2fa-setup-title"),
        json!({ "form": form.to_value(), "qr_svg": e.qr_svg, "secret": e.secret }),
    ))
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

fn recovery_codes_page(ctx: &PageCtx, codes: &[String], just_enabled: bool) -> poem::Response {
    ctx.render(
        StatusCode::OK,
        "web/settings/recovery_codes.html",
        &ctx.t("set-recovery-codes-title"),
        json!({ "codes": codes, "just_enabled": just_enabled }),
    )
}

/// Step two: the first code turns TOTP on; the recovery codes are shown once.
#[handler]
pub async fn two_factor_enable(ctx: PageCtx, user: SignedIn, Form(f): Form<CodeForm>) -> PageResult {
    match identity::confirm_enrolment(ctx.app(), &user.actor, &f.code).await {
        Ok(codes) => Ok(recovery_codes_page(&ctx, &codes, true)),
        Err(e) => {
            let mut form = FormState::default();
            let status = form.absorb(e)?;
            setup_render(&ctx, &user, ctx.form_status(status), &form).await
        }
    }
}

/// The service names the code `code`; on the security page two forms have
/// one, so each form's errors go under its own field id.
fn rename_code_field(e: Error, to: &str) -> Error {
    match e {
        Error::Invalid { detail, mut errors } => {
            for f in &mut errors {
                if f.field == "code" {
                    f.field = to.into();
                }
            }
            Error::Invalid { detail, errors }
        }
        other => other,
    }
}

/// New recovery codes (the old ones stop working); needs a current code.
#[handler]
pub async fn two_factor_recovery_codes(ctx: PageCtx, user: SignedIn, Form(f): Form<CodeForm>) -> PageResult {
    match identity::regenerate_recovery_codes(ctx.app(), &user.actor, &f.code).await {
        Ok(codes) => Ok(recovery_codes_page(&ctx, &codes, false)),
        Err(e) => {
            let mut form = FormState::default();
            let status = form.absorb(rename_code_field(e, "recovery_code"))?;
            let none = FormState::default();
            let v = security_context(&ctx, &user, &none, &form, &none).await?;
            Ok(ctx.render(
                ctx.form_status(status),
                "web/settings/security.html",
                &ctx.t("nav-security"),
                v,
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct DisableForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// Turns TOTP off: the password and a current code (or a recovery code).
#[handler]
pub async fn two_factor_disable(ctx: PageCtx, user: SignedIn, Form(f): Form<DisableForm>) -> PageResult {
    match identity::disable_two_factor(ctx.app(), &user.actor, &f.password, &f.code).await {
        Ok(()) => Ok(ctx.redirect_with_flash("/settings/security", Flash::TwoFactorDisabled)),
        Err(e) => {
            let mut form = FormState::default();
            let status = form.absorb(rename_code_field(e, "disable_code"))?;
            let none = FormState::default();
            let v = security_context(&ctx, &user, &none, &none, &form).await?;
            Ok(ctx.render(
                ctx.form_status(status),
                "web/settings/security.html",
                &ctx.t("nav-security"),
                v,
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[handler]
pub async fn change_password(ctx: PageCtx, user: SignedIn, Form(f): Form<PasswordForm>) -> PageResult {
    let current = Some(user.session.session_id);
    let result = identity::change_password(
        ctx.app(),
        &user.actor,
        &f.current_password,
        &f.new_password,
        current,
    )
    .await;
    let e = match result {
        Ok(()) if ctx.htmx => {
            return Ok(ctx.render(
                StatusCode::OK,
                "web/settings/password_form_partial.html",
                &ctx.t("nav-security"),
                json!({ "form": FormState::default().to_value(), "changed": true }),
            ));
        }
        Ok(()) => return Ok(ctx.redirect_with_flash("/settings/security", Flash::PasswordChanged)),
        Err(e) => e,
    };
    let mut form = FormState::default();
    let status = form.absorb(e)?;
    if ctx.htmx {
        return Ok(ctx.render(
            StatusCode::UNPROCESSABLE_ENTITY,
            "web/settings/password_form_partial.html",
            &ctx.t("nav-security"),
            json!({ "form": form.to_value(), "changed": false }),
        ));
    }
    let none = FormState::default();
    let v = security_context(&ctx, &user, &form, &none, &none).await?;
    Ok(ctx.render(status, "web/settings/security.html", &ctx.t("nav-security"), v))
}

#[handler]
pub async fn revoke_session(ctx: PageCtx, user: SignedIn, Path(id): Path<String>) -> PageResult {
    let id = id.parse::<uuid::Uuid>().map_err(|_| Error::NotFound)?;
    identity::revoke_sign_in(ctx.app(), &user.actor, id).await?;
    if !ctx.htmx {
        return Ok(ctx.redirect_with_flash("/settings/security", Flash::SessionRevoked));
    }
    let sessions = identity::list_sign_ins(ctx.app(), &user.actor, Some(user.session.session_id)).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/sessions_partial.html",
        &ctx.t("nav-security"),
        json!({ "sessions": sessions_value(&sessions, ctx.locale) }),
    ))
}

fn profile_form(user: &UserView) -> FormState {
    FormState::with_values(&[
        ("display_name", &user.display_name),
        ("base_currency", &user.base_currency),
        ("locale", user.locale.as_deref().unwrap_or_default()),
    ])
}

/// The language choices, each in its own language ("हिन्दी"); the empty
/// choice ("as my browser asks") is the template's.
fn locale_options() -> Vec<serde_json::Value> {
    Locale::ALL
        .into_iter()
        .map(|l| json!({ "value": l.tag(), "label": l.native_name() }))
        .collect()
}

#[handler]
pub async fn profile_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let me = identity::get_me(ctx.app(), &user.actor).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/profile.html",
        &ctx.t("title-profile"),
        json!({ "form": profile_form(&me).to_value(), "email": me.email, "locales": locale_options() }),
    ))
}

#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    base_currency: String,
    /// A supported tag, or empty for "follow the browser". A form without
    /// the field (from before it existed) leaves the language as it is.
    locale: Option<String>,
}

#[handler]
pub async fn update_profile(ctx: PageCtx, user: SignedIn, Form(f): Form<ProfileForm>) -> PageResult {
    let input = ProfileInput {
        display_name: Some(f.display_name.clone()),
        base_currency: Some(f.base_currency.clone()),
        locale: f.locale.clone().map(|l| Some(l).filter(|l| !l.is_empty())),
    };
    let before = user.session.user.locale.clone();
    match identity::update_profile(ctx.app(), &user.actor, input).await {
        // A new language: the whole page again (htmx too), so the layout
        // and the page come back in it, not just the form.
        Ok(me) if me.locale != before => {
            Ok(ctx.redirect_with_flash("/settings/profile", Flash::ProfileSaved))
        }
        Ok(me) if ctx.htmx => Ok(ctx.render(
            StatusCode::OK,
            "web/settings/profile_form_partial.html",
            &ctx.t("title-profile"),
            json!({ "form": profile_form(&me).to_value(), "saved": true, "locales": locale_options() }),
        )),
        Ok(_) => Ok(ctx.redirect_with_flash("/settings/profile", Flash::ProfileSaved)),
        Err(e) => {
            let mut form = FormState::with_values(&[
                ("display_name", &f.display_name),
                ("base_currency", &f.base_currency),
                ("locale", f.locale.as_deref().unwrap_or_default()),
            ]);
            let status = form.absorb(e)?;
            let me = identity::get_me(ctx.app(), &user.actor).await?;
            Ok(ctx.page_or_partial(
                ctx.form_status(status),
                "web/settings/profile.html",
                "web/settings/profile_form_partial.html",
                &ctx.t("title-profile"),
                json!({ "form": form.to_value(), "email": me.email, "saved": false, "locales": locale_options() }),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::device;
    use hisaab_service::i18n::Locale;

    #[test]
    fn devices_are_summarized() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device(Some(iphone), Locale::En), "Safari on iPhone");
        assert_eq!(device(Some(iphone), Locale::Hi), "iPhone पर Safari");
        assert_eq!(
            device(
                Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"),
                Locale::En
            ),
            "Chrome on Linux"
        );
        assert_eq!(device(None, Locale::En), "Unknown device");
        assert_eq!(device(Some("HisaabAndroid/1.4"), Locale::En), "HisaabAndroid/1.4");
    }
}
