//! Staff sign-in and sign-out.

use crate::flash::Flash;
use crate::session;
use hisaab_http::middleware::cookies;
use hisaab_http::middleware::session::CurrentSession;
use hisaab_http::{AppState, FormState, PageCtx, PageResult};
use hisaab_service::entity::session::Surface;
use hisaab_service::identity::{self, Purpose, UserView};
use hisaab_service::{Error, FieldError};
use poem::http::{StatusCode, header};
use poem::web::Form;
use poem::{Endpoint, IntoResponse, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[handler]
pub async fn login_page(ctx: PageCtx) -> Response {
    if ctx.session.is_some() {
        return ctx.redirect("/users");
    }
    ctx.render(
        StatusCode::OK,
        "admin/login.html",
        "Staff sign in",
        json!({ "form": FormState::default().to_value() }),
    )
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// The password check, lockout and rate limit are the web's; only staff get
/// further (the service audits a refusal). Nobody gets a session on a
/// password: staff with TOTP are asked for a code, staff without it enrol
/// first. The pending sign-in lives in its own Strict cookie for five minutes.
#[handler]
pub async fn login_submit(ctx: PageCtx, Form(f): Form<LoginForm>) -> PageResult {
    let e = match identity::sign_in_staff(ctx.app(), &f.email, &f.password, &ctx.meta).await {
        Ok(pending) => {
            let to = if pending.enrol {
                "/login/enrol"
            } else {
                "/login/code"
            };
            let mut resp = ctx.redirect(to);
            resp.headers_mut().append(
                header::SET_COOKIE,
                session::set_pending_cookie(&ctx.state, &pending.token, pending.expires_in_secs as i64),
            );
            return Ok(resp);
        }
        Err(e) => e,
    };
    let mut form = FormState::with_values(&[("email", &f.email)]);
    let status = form.absorb(e)?;
    let resp = ctx.render(
        ctx.form_status(status),
        "admin/login.html",
        "Staff sign in",
        json!({ "form": form.to_value() }),
    );
    Ok(form.headers_on(resp))
}

fn pending_token(ctx: &PageCtx, req: &Request) -> String {
    cookies::get(req, &session::pending_cookie_name(&ctx.state)).unwrap_or_default()
}

/// Back to the password: the pending sign-in is gone or never was.
fn start_again(ctx: &PageCtx) -> Response {
    let mut resp = ctx.redirect("/login");
    resp.headers_mut()
        .append(header::SET_COOKIE, session::clear_pending_cookie(&ctx.state));
    resp
}

/// Opens the staff session, drops the pending cookie; `then` is the answer.
async fn open_session(ctx: &PageCtx, req: &Request, user: &UserView, mut then: Response) -> PageResult {
    let old = cookies::get(req, &session::cookie_name(&ctx.state));
    let token = identity::create_session(ctx.app(), user, Surface::Admin, old.as_deref(), &ctx.meta).await?;
    then.headers_mut()
        .append(header::SET_COOKIE, session::set_cookie(&ctx.state, &token));
    then.headers_mut()
        .append(header::SET_COOKIE, session::clear_pending_cookie(&ctx.state));
    Ok(then)
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `GET /login/code`: the second step for staff with TOTP.
#[handler]
pub async fn code_page(ctx: PageCtx, req: &Request) -> PageResult {
    match identity::pending_step(ctx.app(), &pending_token(&ctx, req), Purpose::Admin).await? {
        Some(false) => Ok(ctx.render(
            StatusCode::OK,
            "admin/login_code.html",
            "Enter your code",
            json!({ "form": FormState::default().to_value() }),
        )),
        Some(true) => Ok(ctx.redirect("/login/enrol")),
        None => Ok(start_again(&ctx)),
    }
}

#[handler]
pub async fn code_submit(ctx: PageCtx, req: &Request, Form(f): Form<CodeForm>) -> PageResult {
    let token = pending_token(&ctx, req);
    let e = match identity::complete_sign_in(ctx.app(), &token, &f.code, Purpose::Admin, &ctx.meta).await {
        Ok(user) => {
            let to = ctx.redirect_with_flash("/users", Flash::SignedIn);
            return open_session(&ctx, req, &user, to).await;
        }
        Err(e) => e,
    };
    if identity::pending_step(ctx.app(), &token, Purpose::Admin)
        .await?
        .is_none()
        && matches!(e, Error::Unauthenticated(_))
    {
        return Ok(start_again(&ctx));
    }
    let mut form = FormState::default();
    let status = form.absorb(code_error(e))?;
    let resp = ctx.render(
        ctx.form_status(status),
        "admin/login_code.html",
        "Enter your code",
        json!({ "form": form.to_value() }),
    );
    Ok(form.headers_on(resp))
}

/// A wrong code is the code field's error, so the form shows it there.
fn code_error(e: Error) -> Error {
    match e {
        Error::Unauthenticated(message) => Error::Invalid {
            errors: vec![FieldError::new("code", message.clone())],
            detail: message,
        },
        other => other,
    }
}

/// `GET /login/enrol`: staff without TOTP scan a QR code (or type the
/// secret) and confirm a code; nothing else in the console opens until then.
#[handler]
pub async fn enrol_page(ctx: PageCtx, req: &Request) -> PageResult {
    let token = pending_token(&ctx, req);
    match identity::pending_step(ctx.app(), &token, Purpose::Admin).await? {
        Some(true) => {}
        Some(false) => return Ok(ctx.redirect("/login/code")),
        None => return Ok(start_again(&ctx)),
    }
    enrol_render(&ctx, &token, StatusCode::OK, FormState::default()).await
}

async fn enrol_render(ctx: &PageCtx, token: &str, status: StatusCode, form: FormState) -> PageResult {
    let e = identity::pending_enrolment(ctx.app(), token, Purpose::Admin).await?;
    Ok(ctx.render(
        status,
        "admin/enrol.html",
        "Set up two-factor sign-in",
        json!({ "form": form.to_value(), "secret": e.secret, "qr_svg": e.qr_svg, "uri": e.uri }),
    ))
}

#[handler]
pub async fn enrol_submit(ctx: PageCtx, req: &Request, Form(f): Form<CodeForm>) -> PageResult {
    let token = pending_token(&ctx, req);
    let e = match identity::confirm_pending_enrolment(ctx.app(), &token, &f.code, Purpose::Admin, &ctx.meta)
        .await
    {
        Ok((user, codes)) => {
            let page = ctx.render(
                StatusCode::OK,
                "admin/recovery_codes.html",
                "Your recovery codes",
                json!({ "codes": codes }),
            );
            return open_session(&ctx, req, &user, page).await;
        }
        Err(e) => e,
    };
    if matches!(e, Error::Unauthenticated(_)) {
        return Ok(start_again(&ctx));
    }
    let mut form = FormState::default();
    let status = form.absorb(e)?;
    enrol_render(&ctx, &token, ctx.form_status(status), form).await
}

/// Staff who gave a correct password but have not finished the second step
/// reach only that step: every other console page sends them there.
pub async fn second_step_gate<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    let open = path == "/login" || path.starts_with("/login/") || path == "/logout";
    let signed_in = req.data::<CurrentSession>().is_some_and(|s| s.0.is_some());
    if !open && !signed_in {
        let state = req.data::<AppState>().cloned().expect("AppState is attached");
        if let Some(token) = cookies::get(&req, &session::pending_cookie_name(&state)) {
            let step = identity::pending_step(&state.app, &token, Purpose::Admin)
                .await
                .map_err(hisaab_http::problem::internal)?;
            if let Some(enrol) = step {
                let htmx = req.headers().contains_key("HX-Request");
                let to = if enrol { "/login/enrol" } else { "/login/code" };
                return Ok(hisaab_http::redirect(htmx, to));
            }
        }
    }
    Ok(ep.call(req).await?.into_response())
}

#[handler]
pub async fn logout(ctx: PageCtx) -> PageResult {
    if let Some(session) = &ctx.session {
        let actor = session.user.actor(ctx.meta.clone());
        identity::sign_out(ctx.app(), &actor, session.session_id).await?;
    }
    let mut resp = ctx.redirect_with_flash("/login", Flash::SignedOut);
    resp.headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(&ctx.state));
    Ok(resp)
}
