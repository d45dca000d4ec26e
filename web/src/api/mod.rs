//! `/api/v1`: the versioned JSON API (poem-openapi). Handlers parse, call one
//! service function, and build wire types; errors are RFC 9457 problems.

mod account_deletion;
mod auth;
pub mod body;
pub mod contract;
mod edge;
mod events;
mod exports;
mod finance;
mod imports;
pub mod json;
mod me;
mod notifications;
mod precision;
pub mod security;
pub mod social;
mod throttle;
pub mod wire;

use hisaab_service::RequestMeta;
use poem::{Endpoint, EndpointExt, IntoEndpoint, Request, Response, Route};
use poem_openapi::OpenApiService;
use std::sync::Arc;

pub type Apis = (
    auth::AuthApi,
    me::MeApi,
    imports::ImportsApi,
    exports::ExportsApi,
    events::EventsApi,
    notifications::NotificationsApi,
    finance::Apis,
    social::Apis,
);

pub fn service(public_url: &str) -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            auth::AuthApi,
            me::MeApi,
            imports::ImportsApi,
            exports::ExportsApi,
            events::EventsApi,
            notifications::NotificationsApi,
            finance::apis(),
            social::apis(),
        ),
        "Hisaab API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "Personal and social finance. Amounts are decimal strings with exactly the \
             currency's decimals (\"12.50\"); errors are RFC 9457 problem documents; \
             authenticate with `Authorization: Bearer <access token>` from `/auth/token`.",
    )
    .server(format!("{public_url}/api/v1"))
}

/// The API routes, with every error turned into a problem document (`edge`).
pub fn routes(public_url: &str) -> impl Endpoint + use<> {
    let api = service(public_url);
    let document = contract::document(&api.spec());
    let allow = Arc::new(edge::AllowTable::from_spec(&document));
    let document = document.to_string();
    let spec = poem::endpoint::make_sync(move |_| {
        Response::builder()
            .content_type("application/json; charset=utf-8")
            .body(document.clone())
    });
    Route::new()
        .at("/openapi.json", spec)
        .nest("/", api)
        .around(throttle::around)
        .around(move |ep, req| edge::around(ep, req, allow.clone()))
        .into_endpoint()
}

/// Swagger UI for the spec, rendered once.
pub fn docs(public_url: &str) -> impl Endpoint + use<> {
    let html = service(public_url).swagger_ui_html();
    poem::endpoint::make_sync(move |_| poem::web::Html(html.clone()))
}

/// The request's origin for the audit log (set by the request-context layer).
pub fn meta(req: &Request) -> RequestMeta {
    req.data::<RequestMeta>().cloned().unwrap_or_default()
}
