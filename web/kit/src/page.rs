//! The page handler shape. A handler takes a `PageCtx` (and a `SignedIn`
//! when the page needs a person), calls one service function, renders, and
//! returns `PageResult`; every error goes out through `PageError`:
//!
//! ```ignore
//! #[handler]
//! pub async fn contact_page(ctx: PageCtx, user: SignedIn, Path(id): Path<ContactId>) -> PageResult {
//!     let contact = social::get_contact(ctx.app(), &user.actor, id).await?;
//!     Ok(ctx.render(StatusCode::OK, "web/social/contact.html", &contact.name, json!({ "contact": contact })))
//! }
//! ```

use crate::middleware::csrf::CsrfToken;
use crate::middleware::session::CurrentSession;
use crate::state::AppState;
use bytes::Bytes;
use hisaab_service::entity::session::Surface as SessionSurface;
use hisaab_service::i18n::{self, Locale};
use hisaab_service::identity::{self, SignedInSession};
use hisaab_service::notifications;
use hisaab_service::{Actor, App, RequestMeta};
use poem::http::{StatusCode, header};
use poem::{FromRequest, Request, RequestBody, Response};
use serde_json::{Map, Value, json};

/// Where `render_around` puts its body: a comment, which escaped text on a
/// page can never contain (`<` is written `&lt;`).
const BODY_MARK: &str = "<!--hisaab:body-->";

/// Everything a page handler needs about the request.
pub struct PageCtx {
    pub state: AppState,
    pub meta: RequestMeta,
    pub csrf: String,
    pub session: Option<SignedInSession>,
    /// A targeted htmx request (not a boosted navigation, not a history
    /// restore): it gets a fragment, and errors as a toast.
    pub htmx: bool,
    /// Any htmx request, boosted navigations included.
    pub hx_request: bool,
    pub path: String,
    /// Path and query to come back to after signing in.
    pub return_to: String,
    /// Asked for by the page's event stream (see [`is_live_refresh`]).
    pub live_refresh: bool,
    pub flash: Option<Value>,
    /// The signed-in person's unread notifications, for the layout's bell:
    /// read for every request that may render a full page on a surface
    /// with a bell; `None` otherwise (the bell then shows no number).
    pub unread_notifications: Option<u64>,
    /// The signed-in person's revision (ADR 0014), read with the bell's
    /// count; `None` when the bell was not read. [`PageCtx::reader_revision`]
    /// reads it when this is `None`.
    pub reader_revision: Option<i64>,
    /// The reader's language: their setting, else `Accept-Language`, else
    /// English (ADR 0031). Templates get it as `locale`, `lang` and `dir`.
    pub locale: Locale,
}

/// The address the person asked for. Nested routes strip their prefix from
/// `uri()`; the original keeps it (a request built by hand, as in tests,
/// may have no original).
fn address(req: &Request) -> &poem::http::Uri {
    let (original, routed) = (req.original_uri(), req.uri());
    if original.path().ends_with(routed.path()) {
        original
    } else {
        routed
    }
}

fn return_to(req: &Request) -> String {
    let uri = address(req);
    uri.path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string())
}

/// The reader's locale: `setting` (the signed-in person's choice) when they
/// made one, else the best match of the request's `Accept-Language`, else
/// English.
pub fn request_locale(req: &Request, setting: Option<&str>) -> Locale {
    let header = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Locale::resolve(setting, header)
}

/// Boosted navigations and history restores need the whole page; only
/// targeted htmx requests get a partial.
pub fn is_targeted_htmx(req: &Request) -> bool {
    let h = req.headers();
    h.contains_key("hx-request")
        && !h.contains_key("hx-boosted")
        && !h.contains_key("hx-history-restore-request")
        && !is_live_refresh(req)
}

/// The id of the layout's element that fetches the page again when an event
/// arrives on the page's stream (ADR 0021).
pub const LIVE_REFRESH_ID: &str = "live-refresh";

/// A refresh asked for by the page's event stream: it gets the whole page,
/// from which the layout picks the page's live regions.
pub fn is_live_refresh(req: &Request) -> bool {
    req.headers()
        .get("hx-trigger")
        .is_some_and(|v| v.as_bytes() == LIVE_REFRESH_ID.as_bytes())
}

/// The `hx-trigger` of the live refresh: every event type a stream carries.
/// Every event type, plus `live-retry`: `assets/js/live.js` fires it when a
/// refresh it held back (the person was busy in a form) may run.
fn live_triggers() -> String {
    hisaab_service::realtime::EVENT_TYPES
        .iter()
        .map(|t| format!("sse:{t}"))
        .chain(std::iter::once("live-retry".to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl PageCtx {
    /// Whatever the request carries so far, for a page rendered by a layer
    /// rather than a handler (an error page): no flash.
    pub fn from_parts(req: &Request) -> Option<Self> {
        let state = req.data::<AppState>()?.clone();
        let session = req.data::<CurrentSession>().and_then(|s| s.0.clone());
        // The console stays English (ADR 0031): the shared pieces it uses
        // (form macros, two-factor fields, the error toast) follow suit.
        let locale = if state.surface.sessions == SessionSurface::Admin {
            Locale::En
        } else {
            request_locale(req, session.as_ref().and_then(|s| s.user.locale.as_deref()))
        };
        Some(Self {
            state,
            meta: req.data::<RequestMeta>().cloned().unwrap_or_default(),
            csrf: req.data::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default(),
            session,
            htmx: is_targeted_htmx(req),
            hx_request: req.headers().contains_key("hx-request"),
            path: address(req).path().to_string(),
            return_to: return_to(req),
            live_refresh: is_live_refresh(req),
            flash: None,
            unread_notifications: None,
            reader_revision: None,
            locale,
        })
    }

    /// Whether this request renders the layout with its bell for a
    /// signed-in person.
    fn shows_bell(&self, req: &Request) -> bool {
        self.session.is_some() && renders_bell(&self.state, req)
    }
}

/// Whether a request to this surface may render the layout with its bell:
/// not a fragment for htmx, not an event stream. The session layer reads
/// the bell with the session for such a request (`resolve_session_with_bell`).
pub fn renders_bell(state: &AppState, req: &Request) -> bool {
    state.surface.notification_bell
        && !is_targeted_htmx(req)
        && !req
            .headers()
            .get(header::ACCEPT)
            .is_some_and(|a| a.as_bytes().starts_with(b"text/event-stream"))
}

impl<'a> FromRequest<'a> for PageCtx {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let ctx = Self::from_parts(req).expect("AppState is attached");
        // Read with the session (an indexed COUNT and the revision), else
        // one statement of its own; a failure leaves the bell without a
        // number rather than failing the page.
        let bell = match ctx.actor().filter(|_| ctx.shows_bell(req)) {
            Some(actor) => match ctx.session.as_ref().and_then(|s| s.bell) {
                Some(bell) => Some(bell),
                None => notifications::bell(ctx.app(), &actor)
                    .await
                    .inspect_err(|e| tracing::warn!(error = %e, "cannot count unread notifications"))
                    .ok(),
            },
            None => None,
        };
        Ok(Self {
            flash: crate::flash::read(req),
            unread_notifications: bell.map(|b| b.unread),
            reader_revision: bell.map(|b| b.revision),
            ..ctx
        })
    }
}

/// The signed-in person. As an extractor it answers a signed-out request
/// itself: a redirect to sign in that comes back to the address asked for
/// (`HX-Redirect` for htmx).
pub struct SignedIn {
    pub session: SignedInSession,
    pub actor: Actor,
}

impl<'a> FromRequest<'a> for SignedIn {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let ctx = PageCtx::from_parts(req).expect("AppState is attached");
        match ctx.session {
            Some(session) => Ok(Self {
                actor: session.user.actor(ctx.meta.clone()),
                session,
            }),
            None => Err(poem::Error::from_response(ctx.sign_in_redirect())),
        }
    }
}

impl PageCtx {
    pub fn app(&self) -> &App {
        &self.state.app
    }

    /// The signed-in person's revision, for a page that keeps its rendering
    /// per revision: the one read with the bell when there was one, so such
    /// a page costs no round trip of its own.
    pub async fn reader_revision(&self, actor: &Actor) -> hisaab_service::Result<i64> {
        match self.reader_revision {
            Some(revision) => Ok(revision),
            None => hisaab_service::view_cache::reader_revision(self.app(), actor).await,
        }
    }

    /// A catalogue message in the reader's language (page titles, text
    /// written in Rust).
    pub fn t(&self, id: &str) -> String {
        i18n::tr(self.locale, id)
    }

    /// The signed-in person's actor, for pages that also serve the signed-out.
    pub fn actor(&self) -> Option<Actor> {
        self.session.as_ref().map(|s| s.user.actor(self.meta.clone()))
    }

    fn base_context(&self, title: &str) -> Map<String, Value> {
        let user = self.session.as_ref().map(|s| {
            json!({
                "email": s.user.email,
                "display_name": s.user.display_name,
                "email_verified": s.user.email_verified,
                "role": identity::role_name(s.user.role),
            })
        });
        let mut map = Map::new();
        map.insert("title".into(), json!(title));
        map.insert("description".into(), json!(self.t("meta-description")));
        map.insert("locale".into(), json!(self.locale.tag()));
        map.insert("lang".into(), json!(self.locale.tag()));
        map.insert("dir".into(), json!(self.locale.direction().as_str()));
        map.insert("noindex".into(), json!(self.session.is_some()));
        map.insert("path".into(), json!(self.path));
        map.insert("public_url".into(), json!(self.state.app.settings.public_url));
        map.insert("csrf_token".into(), json!(self.csrf));
        map.insert("user".into(), user.unwrap_or(Value::Null));
        map.insert("flash".into(), self.flash.clone().unwrap_or(Value::Null));
        map.insert("here".into(), json!(self.return_to));
        map.insert("live_triggers".into(), json!(live_triggers()));
        map.insert("live_refresh_id".into(), json!(LIVE_REFRESH_ID));
        map.insert("unread_notifications".into(), json!(self.unread_notifications));
        // The regions a page keeps live (`live` in its context) are swapped
        // from a refresh; the status line tells screen readers it happened.
        let at = self.state.app.now().time();
        map.insert(
            "live_updated_at".into(),
            json!(self.live_refresh.then(|| format!(
                "{:02}:{:02}:{:02}",
                at.hour(),
                at.minute(),
                at.second()
            ))),
        );
        map
    }

    /// `template` with the base context plus `extra`, as text: a piece of a
    /// page that the page renders as is (`{{ body|safe }}`).
    pub fn render_fragment(&self, template: &str, title: &str, extra: Value) -> anyhow::Result<String> {
        let mut context = self.base_context(title);
        if let Value::Object(extra) = extra {
            context.extend(extra);
        }
        self.state.templates.render(template, Value::Object(context))
    }

    /// Renders `template` with the base context plus `extra`.
    pub fn render(&self, status: StatusCode, template: &str, title: &str, extra: Value) -> Response {
        let page = self.render_fragment(template, title, extra);
        self.html_response(status, template, page)
    }

    /// Renders `template` around `body`, content rendered before (a page's
    /// kept body, ADR 0032): the template writes `{{ body|safe }}` where it
    /// goes. The body is not copied: the answer sends the layout's head, the
    /// kept body and the layout's tail as they are (`spliced::body`). A 150 KB body
    /// went through the template's context five times; copied into one
    /// string per answer it was still a large allocation that the allocator
    /// gave back to the kernel and faulted in again on every request.
    pub fn render_around(
        &self,
        status: StatusCode,
        template: &str,
        title: &str,
        mut extra: Value,
        body: &Bytes,
    ) -> Response {
        extra["body"] = json!(BODY_MARK);
        let page = self.render_fragment(template, title, extra).and_then(|mut page| {
            let at = page
                .find(BODY_MARK)
                .ok_or_else(|| anyhow::anyhow!("the template does not write its body"))?;
            let tail = Bytes::copy_from_slice(&page.as_bytes()[at + BODY_MARK.len()..]);
            page.truncate(at);
            Ok(crate::spliced::body([Bytes::from(page), body.clone(), tail]))
        });
        self.html_response(status, template, page)
    }

    /// The rendered page as the answer; a template that failed is logged and
    /// answered as the internal-error page.
    fn html_response(
        &self,
        status: StatusCode,
        template: &str,
        page: anyhow::Result<impl Into<poem::Body>>,
    ) -> Response {
        let html = match page {
            Ok(html) => html,
            Err(e) => {
                tracing::error!(error = %e, template, "template failed");
                return crate::page_error::internal_response(self);
            }
        };
        let mut resp = Response::builder()
            .status(status)
            .content_type("text/html; charset=utf-8")
            .header(header::VARY, "HX-Request")
            .header(header::CACHE_CONTROL, "no-store")
            .body(html);
        if self.flash.is_some() {
            resp.headers_mut()
                .append(header::SET_COOKIE, crate::flash::clear_cookie(&self.state));
        }
        resp
    }

    /// The status of a form re-rendered after a refusal: as is for a plain
    /// browser, 422 for any htmx request (a form's answer is a validation
    /// answer, swapped in place whatever the refusal was).
    pub fn form_status(&self, status: StatusCode) -> StatusCode {
        if self.hx_request {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            status
        }
    }

    /// The full page, or just `partial` for a targeted htmx request.
    pub fn page_or_partial(
        &self,
        status: StatusCode,
        page: &str,
        partial: &str,
        title: &str,
        extra: Value,
    ) -> Response {
        let template = if self.htmx { partial } else { page };
        self.render(status, template, title, extra)
    }

    /// Sends the browser elsewhere: `HX-Redirect` for htmx, 303 otherwise.
    pub fn redirect(&self, to: &str) -> Response {
        redirect(self.htmx, to)
    }

    pub fn redirect_with_flash(&self, to: &str, flash: impl crate::flash::Flash) -> Response {
        let mut resp = self.redirect(to);
        resp.headers_mut()
            .append(header::SET_COOKIE, crate::flash::set_cookie(&self.state, &flash));
        resp
    }

    /// To the surface's sign-in, coming back here afterwards where the
    /// surface allows it: 303 for a browser, 401 + `HX-Redirect` for htmx.
    pub fn sign_in_redirect(&self) -> Response {
        let surface = &self.state.surface;
        let to = if surface.sign_in_returns {
            format!("{}?next={}", surface.sign_in_path, urlencode(&self.return_to))
        } else {
            surface.sign_in_path.to_string()
        };
        let mut resp = self.redirect(&to);
        if self.htmx {
            resp.set_status(StatusCode::UNAUTHORIZED);
        }
        resp
    }
}

/// A path id: a malformed one is not found, the same answer as an id that
/// does not exist or is not yours.
pub fn path_id<T: std::str::FromStr>(raw: &str) -> Result<T, hisaab_service::Error> {
    raw.parse().map_err(|_| hisaab_service::Error::NotFound)
}

/// A form's hidden `idempotency_key` as the service takes it (empty: none).
pub fn form_key(text: &str) -> Option<&str> {
    Some(text).filter(|k| !k.is_empty())
}

pub fn redirect(htmx: bool, to: &str) -> Response {
    if htmx {
        Response::builder()
            .status(StatusCode::OK)
            .header("HX-Redirect", to)
            .body(())
    } else {
        Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, to)
            .body(())
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
