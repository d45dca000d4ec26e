//! Sign up, sign in, sign out, email verification and password reset pages.

use super::{FormState, PageCtx, PageError, PageResult, SignedIn, urlencode};
use crate::flash::Flash;
use crate::middleware::{cookies, session};
use hisaab_service::Error;
use hisaab_service::identity::{self, Purpose, RegisterInput, SignInStep, UserView};
use hisaab_service::input::Problems;
use hisaab_service::money::{Currency, locale as currency};
use poem::http::{StatusCode, header};
use poem::web::{Form, Query};
use poem::{Response, handler};
use serde::Deserialize;
use serde_json::json;

/// Only same-site paths: never `//evil.example` or `https://…`.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && n.len() < 512 => {
            n.to_string()
        }
        _ => "/app".into(),
    }
}

/// Opens a session for `user` and redirects, rotating any session the browser had.
async fn sign_in_and_redirect(
    ctx: &PageCtx,
    req_cookie: Option<String>,
    user: &UserView,
    to: &str,
    flash: Flash,
) -> PageResult {
    let surface = ctx.state.surface.sessions;
    let token = identity::create_session(ctx.app(), user, surface, req_cookie.as_deref(), &ctx.meta).await?;
    let mut resp = ctx.redirect_with_flash(to, flash);
    let secure = ctx.state.app.settings.secure_cookies();
    let max_age = i64::from(ctx.state.app.settings.session_idle_days) * 86_400;
    resp.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(&session::cookie_name(&ctx.state), &token, Some(max_age), secure)
            .parse()
            .expect("valid cookie"),
    );
    Ok(resp)
}

#[derive(Deserialize, Default)]
pub struct SignupForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    base_currency: String,
}

/// The base-currency choices of the sign-up form: the common currencies, plus
/// `selected` when it is not one of them.
fn currency_options(selected: &str) -> Vec<serde_json::Value> {
    let mut codes: Vec<&str> = currency::COMMON.to_vec();
    if !selected.is_empty() && !codes.contains(&selected) {
        codes.insert(0, selected);
    }
    codes
        .into_iter()
        .map(|code| {
            let name = Currency::parse(code).map(|c| c.name().to_string()).unwrap_or_default();
            json!({ "value": code, "label": if name.is_empty() { code.to_string() } else { format!("{code} · {name}") } })
        })
        .collect()
}

/// The currency the browser's languages suggest (`en-IN` → INR), else USD.
fn suggested_currency(req: &poem::Request) -> String {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(currency::suggest_currency)
        .map_or_else(|| "USD".to_string(), |c| c.code().to_string())
}

#[handler]
pub async fn signup_page(ctx: PageCtx, req: &poem::Request) -> Response {
    if ctx.session.is_some() {
        return ctx.redirect("/app");
    }
    let currency = suggested_currency(req);
    ctx.render(
        StatusCode::OK,
        "web/auth/signup.html",
        &ctx.t("title-sign-up"),
        json!({
            "form": FormState::with_values(&[("base_currency", &currency)]).to_value(),
            "currencies": currency_options(&currency),
        }),
    )
}

#[handler]
pub async fn signup_submit(ctx: PageCtx, req: &poem::Request, Form(f): Form<SignupForm>) -> PageResult {
    let input = RegisterInput {
        email: f.email.clone(),
        password: f.password.clone(),
        display_name: f.display_name.clone(),
    };
    // A form from before the field existed (or without it) gets the suggestion.
    let base_currency = match f.base_currency.trim() {
        "" => suggested_currency(req),
        code => code.to_string(),
    };
    let Err(e) =
        identity::register_with_base_currency(&ctx.state.app, input, &base_currency, &ctx.meta).await
    else {
        return Ok(ctx.redirect(&format!("/signup/done?email={}", urlencode(f.email.trim()))));
    };
    let mut form = FormState::with_values(&[
        ("display_name", &f.display_name),
        ("email", &f.email),
        ("base_currency", &base_currency),
    ]);
    let status = form.absorb(e)?;
    Ok(ctx.page_or_partial(
        ctx.form_status(status),
        "web/auth/signup.html",
        "web/auth/signup_form_partial.html",
        &ctx.t("title-sign-up"),
        json!({ "form": form.to_value(), "currencies": currency_options(&base_currency) }),
    ))
}

#[derive(Deserialize)]
pub struct EmailQuery {
    #[serde(default)]
    email: String,
}

#[handler]
pub async fn signup_done(ctx: PageCtx, Query(q): Query<EmailQuery>) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/auth/signup_done.html",
        &ctx.t("title-check-inbox"),
        json!({ "email": q.email }),
    )
}

#[derive(Deserialize)]
pub struct ValidateForm {
    #[serde(default)]
    field: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// Inline validation while typing: the message for one field, or none.
#[handler]
pub async fn signup_validate(ctx: PageCtx, Form(f): Form<ValidateForm>) -> PageResult {
    let mut problems = Problems::default();
    let field = match f.field.as_str() {
        "email" => {
            problems.email("email", &f.email);
            "email"
        }
        "password" => {
            identity::password::check_policy(&mut problems, "password", &f.password, &f.email);
            "password"
        }
        _ => return Err(PageError::bad_request("There is no such field to check.")),
    };
    let message = match problems.finish() {
        Ok(()) => String::new(),
        Err(Error::Invalid { errors, .. }) => {
            errors.into_iter().next().map(|e| e.message).unwrap_or_default()
        }
        Err(e) => return Err(e.into()),
    };
    Ok(ctx.render(
        StatusCode::OK,
        "web/auth/field_error_partial.html",
        "",
        json!({ "field": field, "message": message }),
    ))
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[handler]
pub async fn login_page(ctx: PageCtx, Query(q): Query<NextQuery>) -> Response {
    if ctx.session.is_some() {
        return ctx.redirect(&safe_next(q.next.as_deref()));
    }
    ctx.render(
        StatusCode::OK,
        "web/auth/login.html",
        &ctx.t("title-sign-in"),
        json!({ "form": FormState::default().to_value(), "next": q.next.unwrap_or_default() }),
    )
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The message after signing in: that a scheduled deletion was cancelled, if it was.
fn welcome(user: &identity::UserView) -> Flash {
    if user.deletion_cancelled {
        Flash::DeletionCancelled
    } else {
        Flash::SignedIn
    }
}

#[handler]
pub async fn login_submit(ctx: PageCtx, req: &poem::Request, Form(f): Form<LoginForm>) -> PageResult {
    let e = match identity::sign_in_start(&ctx.state.app, &f.email, &f.password, Purpose::Web, &ctx.meta)
        .await
    {
        Ok(SignInStep::Done(user)) => {
            let old = cookies::get(req, &session::cookie_name(&ctx.state));
            return sign_in_and_redirect(&ctx, old, &user, &safe_next(Some(&f.next)), welcome(&user)).await;
        }
        // No session yet: the code step holds the pending sign-in in a cookie.
        Ok(SignInStep::SecondFactor(pending)) => {
            let to = format!("/login/code?next={}", urlencode(&safe_next(Some(&f.next))));
            let mut resp = ctx.redirect(&to);
            resp.headers_mut().append(
                header::SET_COOKIE,
                pending_cookie(&ctx, &pending.token, pending.expires_in_secs as i64),
            );
            return Ok(resp);
        }
        Err(e) => e,
    };
    let mut form = FormState::with_values(&[("email", &f.email)]);
    let status = form.absorb(e)?;
    let resp = ctx.page_or_partial(
        ctx.form_status(status),
        "web/auth/login.html",
        "web/auth/login_form_partial.html",
        &ctx.t("title-sign-in"),
        json!({ "form": form.to_value(), "next": f.next }),
    );
    Ok(form.headers_on(resp))
}

/// The pending sign-in's cookie (a correct password waiting for its code):
/// HttpOnly, five minutes, like the pending sign-in itself.
fn pending_cookie_name(ctx: &PageCtx) -> String {
    cookies::name(ctx.state.app.settings.secure_cookies(), "hisaab_pending")
}

fn pending_cookie(ctx: &PageCtx, token: &str, max_age: i64) -> poem::http::HeaderValue {
    let secure = ctx.state.app.settings.secure_cookies();
    cookies::set_same_site(&pending_cookie_name(ctx), token, Some(max_age), secure, "Strict")
        .parse()
        .expect("valid cookie")
}

/// Back to the password, dropping a pending sign-in that is gone.
fn start_again(ctx: &PageCtx) -> Response {
    let mut resp = ctx.redirect("/login");
    resp.headers_mut()
        .append(header::SET_COOKIE, pending_cookie(ctx, "", 0));
    resp
}

/// `GET /login/code`: the second step for someone with two-factor sign-in on.
#[handler]
pub async fn login_code_page(ctx: PageCtx, req: &poem::Request, Query(q): Query<NextQuery>) -> PageResult {
    if ctx.session.is_some() {
        return Ok(ctx.redirect(&safe_next(q.next.as_deref())));
    }
    let token = cookies::get(req, &pending_cookie_name(&ctx)).unwrap_or_default();
    if identity::pending_step(ctx.app(), &token, Purpose::Web)
        .await?
        .is_none()
    {
        return Ok(start_again(&ctx));
    }
    Ok(ctx.render(
        StatusCode::OK,
        "web/auth/login_code.html",
        &ctx.t("title-enter-code"),
        json!({ "form": FormState::default().to_value(), "next": q.next.unwrap_or_default() }),
    ))
}

#[derive(Deserialize, Default)]
pub struct LoginCodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

#[handler]
pub async fn login_code_submit(
    ctx: PageCtx,
    req: &poem::Request,
    Form(f): Form<LoginCodeForm>,
) -> PageResult {
    let token = cookies::get(req, &pending_cookie_name(&ctx)).unwrap_or_default();
    let e = match identity::complete_sign_in(ctx.app(), &token, &f.code, Purpose::Web, &ctx.meta).await {
        Ok(user) => {
            let old = cookies::get(req, &session::cookie_name(&ctx.state));
            let mut resp =
                sign_in_and_redirect(&ctx, old, &user, &safe_next(Some(&f.next)), welcome(&user)).await?;
            resp.headers_mut()
                .append(header::SET_COOKIE, pending_cookie(&ctx, "", 0));
            return Ok(resp);
        }
        Err(e) => e,
    };
    if matches!(e, Error::Unauthenticated(_))
        && identity::pending_step(ctx.app(), &token, Purpose::Web)
            .await?
            .is_none()
    {
        return Ok(start_again(&ctx));
    }
    let e = match e {
        // A wrong code is the code field's error, shown next to it.
        Error::Unauthenticated(message) => Error::Invalid {
            errors: vec![hisaab_service::FieldError::new("code", message.clone())],
            detail: message,
        },
        other => other,
    };
    let mut form = FormState::default();
    let status = form.absorb(e)?;
    let resp = ctx.page_or_partial(
        ctx.form_status(status),
        "web/auth/login_code.html",
        "web/auth/login_code_form_partial.html",
        &ctx.t("title-enter-code"),
        json!({ "form": form.to_value(), "next": f.next }),
    );
    Ok(form.headers_on(resp))
}

#[handler]
pub async fn logout(ctx: PageCtx) -> PageResult {
    if let Some(session) = &ctx.session {
        let actor = session.user.actor(ctx.meta.clone());
        identity::sign_out(&ctx.state.app, &actor, session.session_id).await?;
    }
    let mut resp = ctx.redirect_with_flash("/", Flash::SignedOut);
    resp.headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(&ctx.state));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The link in the verification mail: confirms the address and signs the person in.
#[handler]
pub async fn verify_email(ctx: PageCtx, req: &poem::Request, Query(q): Query<TokenQuery>) -> PageResult {
    match identity::verify_email(&ctx.state.app, &q.token, &ctx.meta).await {
        Ok(user) => match &ctx.session {
            Some(s) if s.user.id == user.id => Ok(ctx.redirect_with_flash("/app", Flash::EmailVerified)),
            _ => {
                let old = cookies::get(req, &session::cookie_name(&ctx.state));
                sign_in_and_redirect(&ctx, old, &user, "/app", Flash::EmailVerified).await
            }
        },
        Err(Error::Invalid { .. }) => Ok(ctx.render(
            StatusCode::BAD_REQUEST,
            "web/auth/verify_email.html",
            &ctx.t("title-verify-email"),
            json!({ "verified": false }),
        )),
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn resend_verification(ctx: PageCtx, user: SignedIn) -> PageResult {
    let sent = match identity::resend_verification(&ctx.state.app, &user.actor).await {
        Ok(sent) => sent,
        // Throttled looks like "not sent" to the person: same answer either way.
        Err(e @ Error::RateLimited { .. }) if ctx.htmx => {
            tracing::info!(error = %e, "resend throttled");
            false
        }
        Err(e) => return Err(e.into()),
    };
    if !ctx.htmx {
        return Ok(ctx.redirect("/app"));
    }
    Ok(ctx.render(
        StatusCode::OK,
        "web/app/resend_status_partial.html",
        "",
        json!({ "sent": sent }),
    ))
}

#[handler]
pub async fn reset_request_page(ctx: PageCtx) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/auth/password_reset_request.html",
        &ctx.t("title-reset-password"),
        json!({ "form": FormState::default().to_value() }),
    )
}

#[derive(Deserialize, Default)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

#[handler]
pub async fn reset_request_submit(ctx: PageCtx, Form(f): Form<ResetRequestForm>) -> PageResult {
    let Err(e) = identity::request_password_reset(&ctx.state.app, &f.email, &ctx.meta).await else {
        let to = format!("/password-reset/sent?email={}", urlencode(f.email.trim()));
        return Ok(ctx.redirect(&to));
    };
    let mut form = FormState::with_values(&[("email", &f.email)]);
    let status = form.absorb(e)?;
    Ok(ctx.page_or_partial(
        ctx.form_status(status),
        "web/auth/password_reset_request.html",
        "web/auth/password_reset_request_form_partial.html",
        &ctx.t("title-reset-password"),
        json!({ "form": form.to_value() }),
    ))
}

#[handler]
pub async fn reset_sent(ctx: PageCtx, Query(q): Query<EmailQuery>) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/auth/password_reset_sent.html",
        &ctx.t("title-check-inbox"),
        json!({ "email": q.email }),
    )
}

#[handler]
pub async fn reset_confirm_page(ctx: PageCtx, Query(q): Query<TokenQuery>) -> Response {
    ctx.render(
        StatusCode::OK,
        "web/auth/password_reset_confirm.html",
        &ctx.t("title-choose-password"),
        json!({ "form": FormState::default().to_value(), "token": q.token }),
    )
}

#[derive(Deserialize, Default)]
pub struct ResetConfirmForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

#[handler]
pub async fn reset_confirm_submit(ctx: PageCtx, Form(f): Form<ResetConfirmForm>) -> PageResult {
    let Err(e) = identity::confirm_password_reset(&ctx.state.app, &f.token, &f.new_password, &ctx.meta).await
    else {
        let mut resp = ctx.redirect_with_flash("/login", Flash::PasswordReset);
        resp.headers_mut()
            .append(header::SET_COOKIE, session::clear_cookie(&ctx.state));
        return Ok(resp);
    };
    let mut form = FormState::default();
    let status = form.absorb(e)?;
    Ok(ctx.page_or_partial(
        ctx.form_status(status),
        "web/auth/password_reset_confirm.html",
        "web/auth/password_reset_confirm_form_partial.html",
        &ctx.t("title-choose-password"),
        json!({ "form": form.to_value(), "token": f.token }),
    ))
}
