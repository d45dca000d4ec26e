//! `ApiJson<T>`: a JSON request body parsed with serde so a wrong or missing
//! field is a 422 that names the field (`amount: must be a string`), while
//! the OpenAPI document still shows `T`'s schema.
//!
//! Stricter than serde alone: a key given twice is a 400 (never "the last one
//! wins"); `null` is accepted only where `T`'s schema says `nullable` (a
//! field left out keeps its value, `null` clears it); and request types deny
//! unknown fields (`#[serde(deny_unknown_fields)]`), so a field the API does
//! not take, or cannot change, is a 422 naming it rather than ignored.

use crate::problem::ApiError;
use hisaab_service::FieldError;
use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchema, MetaSchemaRef, Registry};
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
                return Err(ApiError::unsupported_media_type().into());
            }
        }
        let bytes = body
            .take()?
            .into_vec()
            .await
            .map_err(|_| ApiError::body_unreadable())?;
        let value = parse::<T>(&bytes)?;
        Ok(ApiJson(value))
    }
}

/// A JSON value whose objects never repeat a key.
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(items.into())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key `{key}` is given twice"
                )));
            }
            object.insert(key, value);
        }
        Ok(object.into())
    }
}

/// Every `null` where `schema` does not allow one (`nullable`), by field path.
fn misplaced_nulls(
    registry: &Registry,
    schema: &MetaSchemaRef,
    value: &serde_json::Value,
    path: &str,
) -> Vec<FieldError> {
    let Some(meta) = resolve(registry, schema).map(|m| properties_of(registry, m)) else {
        return vec![];
    };
    let mut found = Vec::new();
    match value {
        serde_json::Value::Object(object) => {
            for (key, v) in object {
                let Some((_, prop)) = meta.properties.iter().find(|(name, _)| name == key) else {
                    continue;
                };
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if v.is_null() {
                    if !resolve(registry, prop).is_some_and(|m| m.nullable) {
                        found.push(FieldError::new(
                            field,
                            "must not be null: leave the field out to keep it as it is",
                        ));
                    }
                } else {
                    found.extend(misplaced_nulls(registry, prop, v, &field));
                }
            }
        }
        serde_json::Value::Array(items) => {
            if let Some(item) = &meta.items {
                for (i, v) in items.iter().enumerate() {
                    found.extend(misplaced_nulls(registry, item, v, &format!("{path}[{i}]")));
                }
            }
        }
        _ => {}
    }
    found
}

/// The schema itself, a reference looked up.
fn resolve<'r>(registry: &'r Registry, schema: &'r MetaSchemaRef) -> Option<&'r MetaSchema> {
    match schema {
        MetaSchemaRef::Reference(name) => registry.schemas.get(name),
        MetaSchemaRef::Inline(meta) => Some(meta),
    }
}

/// What `schema` holds: its own properties, or those of the one `allOf` it wraps.
fn properties_of<'r>(registry: &'r Registry, meta: &'r MetaSchema) -> &'r MetaSchema {
    match meta.all_of.as_slice() {
        [only] if meta.properties.is_empty() && meta.items.is_none() => {
            resolve(registry, only).unwrap_or(meta)
        }
        _ => meta,
    }
}

/// Parses JSON into `T`, naming the field that is wrong.
pub fn parse<T: Type + DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Malformed JSON is unreadable (400); well-formed JSON of the wrong shape is invalid (422).
    let Strict(value) = serde_json::from_slice(bytes).map_err(ApiError::not_json)?;
    if !value.is_object() {
        return Err(ApiError::validation(
            "The body must be a JSON object.",
            vec![FieldError::new("body", "must be a JSON object")],
        ));
    }
    let mut registry = Registry::new();
    T::register(&mut registry);
    let nulls = misplaced_nulls(&registry, &T::schema_ref(), &value, "");
    if let Some(first) = nulls.first() {
        return Err(ApiError::validation(
            format!("{}: {}", first.field, first.message),
            nulls,
        ));
    }
    deserialize(value)
}

/// Deserializes a checked value into `T`, naming the field that is wrong.
fn deserialize<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize(de).map_err(|e| {
        let path = track.path().to_string();
        let message = humanize(&e.to_string());
        let unknown = unknown_field(&e.to_string());
        let field = match (&unknown, path == "." || path.is_empty()) {
            (Some(name), true) => name.clone(),
            // serde_path_to_error's path already ends with the unknown key.
            (Some(_), false) => path,
            (None, true) => missing_field(&e.to_string()).unwrap_or_else(|| "body".into()),
            (None, false) => path,
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

/// The name in serde's "unknown field `x`, expected one of …".
fn unknown_field(err: &str) -> Option<String> {
    let rest = err.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_string())
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
    if let Some(rest) = err.strip_prefix("unknown field ") {
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        let expected = expected.split(" at line ").next().unwrap_or(expected);
        let expected = expected.strip_prefix("one of ").unwrap_or(expected);
        return format!("is not a field of this request (it takes {expected})");
    }
    if let Some(rest) = err.strip_prefix("unknown variant ") {
        return format!("is not one of the allowed values ({rest})");
    }
    err.split(" at line ").next().unwrap_or(err).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem_openapi::Object;
    use poem_openapi::types::MaybeUndefined;

    #[derive(Object, serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Body {
        email: String,
        amount: String,
        inner: Option<Inner>,
        #[oai(nullable)]
        #[serde(default)]
        note: MaybeUndefined<String>,
    }

    #[derive(Object, serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        count: u32,
        label: Option<String>,
    }

    fn first_field(body: &[u8]) -> (poem::http::StatusCode, String, String) {
        let err = parse::<Body>(body).unwrap_err();
        let first = err.problem.errors.clone().unwrap_or_default().into_iter().next();
        let (field, message) = first.map(|f| (f.field, f.message)).unwrap_or_default();
        (err.status, field, message)
    }

    #[test]
    fn names_the_wrong_field() {
        let (_, field, message) = first_field(br#"{"email": "a@b.c", "amount": 12.5}"#);
        assert_eq!(field, "amount");
        assert!(message.contains("must be a string"), "{message}");

        assert_eq!(first_field(br#"{"amount": "1"}"#).1, "email");
        let (_, field, _) = first_field(br#"{"email": "x", "amount": "1", "inner": {"count": "x"}}"#);
        assert_eq!(field, "inner.count");

        let err = parse::<Body>(b"{nope").unwrap_err();
        assert_eq!(err.status, poem::http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn a_key_given_twice_is_unreadable() {
        let err = parse::<Body>(br#"{"email": "x", "amount": "1.00", "amount": "1000.00"}"#).unwrap_err();
        assert_eq!(err.status, poem::http::StatusCode::BAD_REQUEST);
        assert!(
            err.problem.detail.contains("`amount` is given twice"),
            "{}",
            err.problem.detail
        );
        let nested = br#"{"email": "x", "amount": "1", "inner": {"count": 1, "count": 2}}"#;
        assert_eq!(
            parse::<Body>(nested).unwrap_err().status,
            poem::http::StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn unknown_fields_are_named() {
        let (status, field, message) = first_field(br#"{"email": "x", "amount": "1", "colour": "red"}"#);
        assert_eq!(status, poem::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field, "colour");
        assert!(message.contains("`email`"), "{message}");
        let (_, field, _) = first_field(br#"{"email": "x", "amount": "1", "inner": {"count": 1, "x": 1}}"#);
        assert_eq!(field, "inner.x");
    }

    #[test]
    fn null_only_where_nullable() {
        let ok = parse::<Body>(br#"{"email": "x", "amount": "1", "note": null}"#).unwrap();
        assert!(ok.note.is_null());
        let (status, field, _) = first_field(br#"{"email": "x", "amount": "1", "inner": null}"#);
        assert_eq!(
            (status, field.as_str()),
            (poem::http::StatusCode::UNPROCESSABLE_ENTITY, "inner")
        );
        let (_, field, _) =
            first_field(br#"{"email": "x", "amount": "1", "inner": {"count": 1, "label": null}}"#);
        assert_eq!(field, "inner.label");
    }
}
