//! `ApiJson<T>`: a JSON request body parsed with serde so a wrong or missing
//! field is a 422 that names the field (`amount: must be a string`), while
//! the OpenAPI document still shows `T`'s schema.

use crate::problem::ApiError;
use hisaab_service::FieldError;
use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaMediaType, MetaRequest, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde::de::DeserializeOwned;

pub struct ApiJson<T>(pub T);

const CONTENT_TYPE: &str = "application/json; charset=utf-8";

fn is_json(content_type: &str) -> bool {
    content_type.parse::<mime::Mime>().is_ok_and(|m| {
        m.type_() == "application" && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
    })
}

impl<'a, T: Type + DeserializeOwned + Send> ApiExtractor<'a> for ApiJson<T> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
            content: vec![MetaMediaType {
                content_type: CONTENT_TYPE,
                schema: T::schema_ref(),
            }],
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        match request.content_type() {
            Some(ct) if is_json(ct) => {}
            _ => {
                return Err(ApiError::new(
                    poem::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported content type",
                    "Send the body as JSON with `Content-Type: application/json`.",
                )
                .into());
            }
        }
        let bytes = body
            .take()?
            .into_vec()
            .await
            .map_err(|_| ApiError::bad_request("The request body could not be read."))?;
        parse(&bytes).map(ApiJson).map_err(Into::into)
    }
}

/// Parses JSON into `T`, naming the field that is wrong.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Malformed JSON is unreadable (400); well-formed JSON of the wrong shape is invalid (422).
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("The body is not valid JSON ({e}).")))?;
    if !value.is_object() {
        return Err(ApiError::validation(
            "The body must be a JSON object.",
            vec![FieldError::new("body", "must be a JSON object")],
        ));
    }
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize(de).map_err(|e| {
        let path = track.path().to_string();
        let message = humanize(&e.to_string());
        let field = if path == "." || path.is_empty() {
            missing_field(&e.to_string()).unwrap_or_else(|| "body".into())
        } else {
            path
        };
        let field = field.trim_end_matches('?').to_string();
        let money_field = [
            "amount", "total", "balance", "value", "rate", "tax", "tip", "discount",
        ]
        .iter()
        .any(|m| field.rsplit('.').next().unwrap_or(&field).contains(m));
        let message = if money_field && message.starts_with("must be a string") {
            format!("{message}: send amounts as decimal strings like \"12.50\"")
        } else {
            message
        };
        ApiError::validation(
            format!("{field}: {message}"),
            vec![FieldError::new(field.clone(), message)],
        )
    })
}

fn missing_field(err: &str) -> Option<String> {
    let start = err.find("missing field `")? + "missing field `".len();
    let end = err[start..].find('`')? + start;
    Some(err[start..end].to_string())
}

/// serde's messages, said for a person.
fn humanize(err: &str) -> String {
    if err.starts_with("missing field") {
        return "is required".into();
    }
    if let Some(rest) = err.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got.split(' ').next().unwrap_or(got);
        let expected = expected.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
        return format!("must be {expected}, not {got}");
    }
    if let Some(rest) = err.strip_prefix("unknown variant ") {
        return format!("is not one of the allowed values ({rest})");
    }
    err.split(" at line ").next().unwrap_or(err).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[expect(dead_code, reason = "only deserialized, to provoke errors")]
    struct Body {
        email: String,
        amount: String,
        inner: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[expect(dead_code, reason = "only deserialized, to provoke errors")]
    struct Inner {
        count: u32,
    }

    #[test]
    fn names_the_wrong_field() {
        let err = parse::<Body>(br#"{"email": "a@b.c", "amount": 12.5}"#).unwrap_err();
        let fields = err.problem.errors.unwrap();
        assert_eq!(fields[0].field, "amount");
        assert!(
            fields[0].message.contains("must be a string"),
            "{}",
            fields[0].message
        );

        let err = parse::<Body>(br#"{"amount": "1"}"#).unwrap_err();
        assert_eq!(err.problem.errors.unwrap()[0].field, "email");

        let err = parse::<Body>(br#"{"email": "x", "amount": "1", "inner": {"count": "x"}}"#).unwrap_err();
        assert_eq!(err.problem.errors.unwrap()[0].field, "inner.count");

        let err = parse::<Body>(b"{nope").unwrap_err();
        assert_eq!(err.status, poem::http::StatusCode::BAD_REQUEST);
    }
}
