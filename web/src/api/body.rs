//! `JsonBody<T>`: a JSON response written by serde straight to bytes.
//! poem-openapi's `Json<T>` first builds a `serde_json::Value` tree (a map and
//! a string per field) and then writes that; for list and report answers of a
//! few hundred fields that tree was a large share of the request's CPU. The
//! OpenAPI document still shows `T`'s schema, so `T` derives both `Object`
//! and `Serialize` with the same field names.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::Payload;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::Serialize;

const CONTENT_TYPE: &str = "application/json; charset=utf-8";

pub struct JsonBody<T>(pub T);

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        content_type.starts_with("application/json")
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Serialize + Send> IntoResponse for JsonBody<T> {
    fn into_response(self) -> Response {
        // Lists and reports run to tens of kilobytes: start big enough that
        // the buffer is not copied again at every doubling from 128 bytes.
        let mut bytes = Vec::with_capacity(16 * 1024);
        match serde_json::to_writer(&mut bytes, &self.0) {
            Ok(()) => Response::builder().content_type(CONTENT_TYPE).body(bytes),
            // Only a map with non-string keys fails; none of ours has one.
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

impl<T: Type + Serialize + Send> ApiResponse for JsonBody<T> {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: CONTENT_TYPE,
                    schema: T::schema_ref(),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem_openapi::Object;
    use poem_openapi::types::ToJSON;

    #[derive(Object, Serialize)]
    struct Inner {
        amount: String,
        note: Option<String>,
    }

    #[derive(Object, Serialize)]
    struct Outer {
        id: uuid::Uuid,
        items: Vec<Inner>,
        next_cursor: Option<String>,
    }

    /// The bytes parse to exactly what poem-openapi's `Json` would send.
    #[tokio::test]
    async fn same_json_as_poem_openapi() {
        let value = Outer {
            id: uuid::Uuid::now_v7(),
            items: vec![Inner {
                amount: "12.50".into(),
                note: None,
            }],
            next_cursor: None,
        };
        let expected = value.to_json().unwrap();
        let resp = JsonBody(value).into_response();
        assert_eq!(resp.content_type(), Some(CONTENT_TYPE));
        let bytes = resp.into_body().into_vec().await.unwrap();
        let got: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(got, expected);
    }
}
