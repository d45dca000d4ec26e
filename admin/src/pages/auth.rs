//! Staff sign-in and sign-out.

use super::AdminCtx;
use crate::flash::Flash;
use crate::session;
use hisaab_service::entity::session::Surface;
use hisaab_service::identity::{self, UserView};
use hisaab_service::{Error, Result};
use hisaab_web::middleware::cookies;
use hisaab_web::pages::FormState;
use poem::http::{StatusCode, header};
use poem::web::Form;
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

/// `GET /`: the console starts at the user list.
#[handler]
pub async fn home(ctx: AdminCtx) -> Response {
    ctx.redirect("/users")
}

#[handler]
pub async fn login_page(ctx: AdminCtx) -> Response {
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

/// The password check, lockout and rate limit are the web's; only superadmins
/// get further (the service audits a refusal), and nobody else gets a session.
async fn sign_in_staff(ctx: &AdminCtx, f: &LoginForm) -> Result<UserView> {
    identity::sign_in_staff(&ctx.state.app, &f.email, &f.password, &ctx.meta).await
}

#[handler]
pub async fn login_submit(ctx: AdminCtx, req: &Request, Form(f): Form<LoginForm>) -> Response {
    let result = match sign_in_staff(&ctx, &f).await {
        // The id is rotated at sign-in: any admin session the browser had is revoked.
        Ok(user) => {
            let old = cookies::get(req, &session::cookie_name(&ctx.state));
            identity::create_session(&ctx.state.app, &user, Surface::Admin, old.as_deref(), &ctx.meta).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(token) => {
            let mut resp = ctx.redirect_with_flash("/users", Flash::SignedIn);
            resp.headers_mut()
                .append(header::SET_COOKIE, session::set_cookie(&ctx.state, &token));
            resp
        }
        Err(e) => {
            let mut form = FormState::with_values(&[("email", &f.email)]);
            let retry = match &e {
                Error::RateLimited { retry_after_secs, .. } => Some(*retry_after_secs),
                _ => None,
            };
            let Some(status) = form.absorb(&e) else {
                return ctx.error(e);
            };
            let mut resp = ctx.render(
                ctx.form_status(status),
                "admin/login.html",
                "Staff sign in",
                json!({ "form": form.to_value() }),
            );
            if let Some(secs) = retry {
                resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
            }
            resp
        }
    }
}

#[handler]
pub async fn logout(ctx: AdminCtx) -> Response {
    if let Ok((session, actor)) = ctx.staff()
        && let Err(e) = identity::sign_out(&ctx.state.app, &actor, session.session_id).await
    {
        return ctx.error(e);
    }
    let mut resp = ctx.redirect_with_flash("/login", Flash::SignedOut);
    resp.headers_mut()
        .append(header::SET_COOKIE, session::clear_cookie(&ctx.state));
    resp
}
