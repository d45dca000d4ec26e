//! Staff sign-in and sign-out.

use crate::flash::Flash;
use crate::session;
use hisaab_http::middleware::cookies;
use hisaab_http::{FormState, PageCtx, PageResult};
use hisaab_service::entity::session::Surface;
use hisaab_service::identity;
use poem::http::{StatusCode, header};
use poem::web::Form;
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

/// `GET /`: the console starts at the user list.
#[handler]
pub async fn home(ctx: PageCtx) -> Response {
    ctx.redirect("/users")
}

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

/// The password check, lockout and rate limit are the web's; only superadmins
/// get further (the service audits a refusal), and nobody else gets a session.
/// The session id is rotated: any admin session the browser had is revoked.
#[handler]
pub async fn login_submit(ctx: PageCtx, req: &Request, Form(f): Form<LoginForm>) -> PageResult {
    let signed_in = match identity::sign_in_staff(ctx.app(), &f.email, &f.password, &ctx.meta).await {
        Ok(user) => {
            let old = cookies::get(req, &session::cookie_name(&ctx.state));
            identity::create_session(ctx.app(), &user, Surface::Admin, old.as_deref(), &ctx.meta).await
        }
        Err(e) => Err(e),
    };
    let e = match signed_in {
        Ok(token) => {
            let mut resp = ctx.redirect_with_flash("/users", Flash::SignedIn);
            resp.headers_mut()
                .append(header::SET_COOKIE, session::set_cookie(&ctx.state, &token));
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
