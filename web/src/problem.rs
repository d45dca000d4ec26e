//! RFC 9457 problem documents: the one place service errors and framework
//! errors become API error responses.

use hisaab_service::i18n::{self, Locale};
use hisaab_service::{Actor, App, Error, FieldError, RequestMeta, identity};
use poem::http::{HeaderValue, StatusCode, header};
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object};

pub const CONTENT_TYPE: &str = "application/problem+json";
const TYPE_BASE: &str = "https://hisaab.example/problems/";

/// One input that needs attention.
#[derive(Object, Clone, Debug, serde::Serialize)]
pub struct ProblemField {
    /// The request field, with dots and indexes for nesting (`split.participants[2].value`).
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// An error response (RFC 9457 `application/problem+json`).
#[derive(Object, Clone, Debug, serde::Serialize)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// Field-level messages (validation errors).
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// The request id, to quote to support.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `true` when the password was right but the account signs in with a
    /// second factor too (`POST /auth/token`): send `mfa_token` with a code
    /// to `POST /auth/token/mfa`.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_required: Option<bool>,
    /// With `mfa_required`: the pending sign-in, single use, valid for five minutes.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_token: Option<String>,
}

/// An API error: a problem document plus the headers that go with it.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub problem: Box<Problem>,
    pub retry_after: Option<u64>,
    /// The detail as a catalogue message and its arguments, when this layer
    /// wrote it (`localize` words it again in the reader's language); `None`
    /// for a detail the service wrote (found by its text, if at all).
    detail_message: Option<(&'static str, Vec<(&'static str, String)>)>,
}

/// The catalogue's title of each kind of problem (`problems.ftl`).
fn title_id(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "validation" => "problem-validation-title",
        "not-found" => "problem-not-found-title",
        "unauthorized" => "problem-unauthorized-title",
        "rate-limited" => "problem-rate-limited-title",
        "bad-request" => "prob-bad-request-title",
        "mfa-required" => "prob-mfa-required-title",
        "unsupported-media-type" => "prob-unsupported-media-type-title",
        "too-large" => "prob-too-large-title",
        "internal" => "prob-internal-title",
        "unavailable" => "prob-unavailable-title",
        "forbidden" => "prob-forbidden-title",
        "conflict" => "prob-conflict-title",
        "stale" => "prob-stale-title",
        "method-not-allowed" => "prob-method-not-allowed-title",
        _ => return None,
    })
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            status,
            problem: Box::new(Problem {
                kind: format!("{TYPE_BASE}{kind}"),
                title: title.into(),
                status: status.as_u16(),
                detail: detail.into(),
                errors: None,
                request_id: None,
                mfa_required: None,
                mfa_token: None,
            }),
            retry_after: None,
            detail_message: None,
        }
    }

    /// Marks the detail as the catalogue message `id` (its English text is
    /// the detail already given), with `args`.
    pub fn with_detail_message(mut self, id: &'static str, args: &[(&'static str, String)]) -> Self {
        self.detail_message = Some((id, args.to_vec()));
        self
    }

    pub fn validation(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid request",
            detail,
        );
        e.problem.errors = Some(
            errors
                .into_iter()
                .map(|f| ProblemField {
                    field: f.field,
                    message: f.message,
                })
                .collect(),
        );
        e
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Unreadable request",
            detail,
        )
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Not signed in", detail)
    }

    /// 401 for a request without a usable bearer token.
    fn send_a_token() -> Self {
        Self::unauthorized("Send a valid access token: `Authorization: Bearer <token>`.")
            .with_detail_message("prob-unauthorized-detail", &[])
    }

    /// 400 for a body that is not JSON at all; `reason` is the parser's.
    pub fn not_json(reason: impl std::fmt::Display) -> Self {
        let reason = reason.to_string();
        Self::bad_request(format!("The body is not valid JSON ({reason})."))
            .with_detail_message("prob-body-not-json", &[("reason", reason)])
    }

    /// 400 for a body that could not be read off the connection.
    pub fn body_unreadable() -> Self {
        Self::bad_request("The request body could not be read.")
            .with_detail_message("prob-body-unreadable", &[])
    }

    /// The password was right; a second factor is needed (`mfa_token` carries the pending sign-in).
    pub fn mfa_required(mfa_token: String) -> Self {
        let mut e = Self::new(
            StatusCode::UNAUTHORIZED,
            "mfa-required",
            "Second factor required",
            "This account signs in with a code from an authenticator app too. Send `mfa_token` and the code to `POST /api/v1/auth/token/mfa` within five minutes.",
        )
        .with_detail_message("prob-mfa-required-detail", &[]);
        e.problem.mfa_required = Some(true);
        e.problem.mfa_token = Some(mfa_token);
        e
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            "There is nothing here, or it is not yours.",
        )
        .with_detail_message("problem-not-found-detail", &[])
    }

    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported content type",
            "Send the body as JSON with `Content-Type: application/json`.",
        )
        .with_detail_message("prob-unsupported-media-type-detail", &[])
    }

    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request too large",
            "The request body must be at most 1 MiB.",
        )
        .with_detail_message("prob-too-large-detail", &[])
    }

    /// The opaque 500: nothing but the request id to quote.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong",
            "Something went wrong on our side. Quote the request id if you contact support.",
        )
        .with_detail_message("prob-internal-detail", &[])
    }

    /// The database is out of reach (restarting, failing over): nothing was
    /// changed, and the same request (same `Idempotency-Key`) can be sent again.
    pub fn unavailable() -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Temporarily unavailable",
            "The service cannot reach its database right now. Nothing was changed: send the same request again in a moment.",
        )
        .with_detail_message("prob-unavailable-detail", &[]);
        e.retry_after = Some(1);
        e
    }

    /// The catalogue's wording of this problem in `locale`: the title of
    /// its kind (`problems.ftl`), the detail this layer wrote, and the
    /// service's detail and field messages where the catalogue has the
    /// sentence (`svc-`). A kind the catalogue does not name stays as it is.
    pub fn localize(&mut self, locale: Locale) {
        let kind = self.problem.kind.strip_prefix(TYPE_BASE).unwrap_or_default();
        let Some(title) = title_id(kind) else {
            return;
        };
        self.problem.title = i18n::tr(locale, title);
        self.problem.detail = match &self.detail_message {
            Some((id, args)) => {
                let mut fluent = i18n::Args::new();
                for (name, value) in args {
                    fluent.set(*name, value.clone());
                }
                i18n::tr_args(locale, id, Some(&fluent))
            }
            None => i18n::translate_service_message(locale, &self.problem.detail),
        };
        // Field messages the catalogue knows, in the same language.
        for field in self.problem.errors.iter_mut().flatten() {
            field.message = i18n::translate_service_message(locale, &field.message);
        }
    }

    fn response(&self) -> Response {
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut resp = Response::builder()
            .status(self.status)
            .header(header::CONTENT_TYPE, CONTENT_TYPE)
            .body(body);
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound => Self::not_found(),
            Error::Unauthenticated(msg) => Self::unauthorized(msg),
            Error::Forbidden(msg) => Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", msg),
            Error::Invalid { detail, errors } => Self::validation(detail, errors),
            Error::Conflict(msg) => Self::new(StatusCode::CONFLICT, "conflict", "Conflict", msg),
            Error::PreconditionFailed => Self::new(
                StatusCode::PRECONDITION_FAILED,
                "stale",
                "Changed since you loaded it",
                "Someone changed this since you loaded it. Load it again and re-apply your change.",
            )
            .with_detail_message("prob-stale-detail", &[]),
            Error::RateLimited {
                retry_after_secs,
                message,
            } => {
                let mut e = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    message,
                );
                e.retry_after = Some(retry_after_secs);
                e
            }
            Error::Internal(err) if hisaab_service::db::is_unavailable(&err) => {
                tracing::warn!(error = %format!("{err:#}"), "database unavailable; answered 503");
                Self::unavailable()
            }
            Error::Internal(err) => {
                tracing::error!(error = %format!("{err:#}"), "internal error");
                Self::internal()
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.problem.detail)
    }
}

impl std::error::Error for ApiError {}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }
    fn as_response(&self) -> Response {
        self.response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.response()
    }
}

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        let problem = |status: u16, description: &'static str| MetaResponse {
            description,
            status: Some(status),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: CONTENT_TYPE,
                schema: Problem::schema_ref(),
            }],
            headers: vec![],
        };
        MetaResponses {
            responses: vec![
                problem(
                    400,
                    "The request could not be read (malformed JSON, a key given twice).",
                ),
                problem(401, "Missing, invalid or expired credentials."),
                problem(403, "Signed in but not allowed (for example a plan limit)."),
                problem(
                    404,
                    "Not found, or not yours; also an `{id}` in the path that is not a UUID.",
                ),
                problem(409, "Conflict with the current state."),
                problem(412, "`If-Match` names a version that is no longer current."),
                problem(413, "The body is larger than 1 MiB."),
                problem(415, "The body is not JSON."),
                problem(
                    422,
                    "Invalid input (a value, an unknown or unchangeable field, an id that is not yours); `errors` names each field.",
                ),
                problem(429, "Too many requests; see Retry-After."),
                problem(500, "Something went wrong on our side; quote `request_id`."),
            ],
        }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

/// Turns any error that reaches the API boundary into a problem document
/// carrying the request id: framework errors (bad JSON, wrong content type,
/// oversized body, missing auth) are recognised by their type and get a
/// clear message; server errors reveal nothing but the request id.
///
/// The problem comes in `locale` (see [`api_locale`]): every title, the
/// details this layer writes, and the service's messages the catalogue has.
pub fn from_poem_error(err: poem::Error, request_id: Option<&str>, locale: Locale) -> Response {
    let mut api = classify(err);
    api.problem.request_id = request_id.map(str::to_string);
    api.localize(locale);
    let mut resp = api.into_response();
    if let Ok(lang) = HeaderValue::from_str(locale.tag()) {
        resp.headers_mut().insert(header::CONTENT_LANGUAGE, lang);
    }
    resp
}

/// The problem for an error, by the error's type (never by its message text).
fn classify(err: poem::Error) -> ApiError {
    use poem::error::{MethodNotAllowedError, NotFoundError, ParseJsonError, ReadBodyError};
    use poem_openapi::error::{
        AuthorizationError, ContentTypeError, ParseParamError, ParsePathError, ParseRequestPayloadError,
    };
    let err = match err.downcast::<ApiError>() {
        Ok(api) => return api,
        Err(err) => err,
    };
    if err.is::<ContentTypeError>()
        || matches!(
            err.downcast_ref::<ParseJsonError>(),
            Some(ParseJsonError::InvalidContentType(_) | ParseJsonError::ContentTypeRequired)
        )
    {
        return ApiError::unsupported_media_type();
    }
    if let Some(ParseJsonError::Parse(e)) = err.downcast_ref::<ParseJsonError>() {
        return ApiError::not_json(e);
    }
    if let Some(e) = err.downcast_ref::<ParseRequestPayloadError>() {
        return ApiError::bad_request(format!("The body could not be read ({}).", e.reason))
            .with_detail_message("prob-body-not-read", &[("reason", e.reason.clone())]);
    }
    // The one rule for a malformed id in the path: it names nothing, so 404,
    // the same answer as an id that is not yours.
    if err.is::<ParsePathError>() || err.is::<poem::error::ParsePathError>() || err.is::<NotFoundError>() {
        return ApiError::not_found();
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        let message = if e.reason.contains("required") {
            "is required".to_string()
        } else {
            format!("is not a valid value ({})", e.reason)
        };
        return ApiError::validation(
            format!("{}: {message}", e.name),
            vec![FieldError::new(e.name, message)],
        );
    }
    if err.is::<AuthorizationError>() {
        return ApiError::send_a_token();
    }
    if err.is::<MethodNotAllowedError>() {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            "This endpoint does not accept that method; `Allow` lists the ones it does.",
        )
        .with_detail_message("prob-method-not-allowed-detail", &[]);
    }
    if matches!(
        err.downcast_ref::<ReadBodyError>(),
        Some(ReadBodyError::PayloadTooLarge)
    ) {
        return ApiError::too_large();
    }
    let status = err.status();
    match status {
        StatusCode::UNAUTHORIZED => ApiError::send_a_token(),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::unsupported_media_type(),
        s if s.is_client_error() => ApiError::new(s, "bad-request", "Unreadable request", err.to_string()),
        _ => {
            tracing::error!(error = %err, "API request failed");
            ApiError::internal()
        }
    }
}

/// The language of an API answer (issue 15): the saved setting of the person
/// the request's bearer token names, else its `Accept-Language`, else
/// English. The token is checked as the endpoints check it; the setting is
/// read only when a token names someone (one lookup, on the error path).
pub async fn api_locale(app: &App, accept_language: Option<&str>, bearer: Option<&str>) -> Locale {
    let actor = bearer.and_then(|t| identity::verify_access_token(app, t, RequestMeta::default()).ok());
    actor_locale(app, actor.as_ref(), accept_language).await
}

/// [`api_locale`] for a request whose token is already checked.
pub async fn actor_locale(app: &App, actor: Option<&Actor>, accept_language: Option<&str>) -> Locale {
    let setting = match actor {
        Some(actor) => identity::get_me(app, actor)
            .await
            .inspect_err(|e| tracing::debug!(error = %e, "no saved language for a problem"))
            .ok()
            .and_then(|me| me.locale),
        None => None,
    };
    Locale::resolve(setting.as_deref(), accept_language)
}

/// The bearer token of a request (`Authorization: Bearer …`), if any.
pub fn bearer_token(headers: &poem::http::HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
}

pub use hisaab_http::problem::{internal, opaque_error};
