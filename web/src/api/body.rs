//! `JsonBody<T>`: a JSON response written by serde straight to bytes.
//! poem-openapi's `Json<T>` first builds a `serde_json::Value` tree (a map and
//! a string per field) and then writes that; for list and report answers of a
//! few hundred fields that tree was a large share of the request's CPU. The
//! OpenAPI document still shows `T`'s schema, so `T` derives both `Object`
//! and `Serialize` with the same field names.

use crate::api::wire::WriteJson;
use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::Payload;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use serde::Serialize;
use std::marker::PhantomData;

const CONTENT_TYPE: &str = "application/json; charset=utf-8";

pub struct JsonBody<T>(pub T);

/// A JSON answer that `B` writes by hand (`wire::WriteJson`) while the
/// OpenAPI document shows `T`: a list written straight from the service's
/// views, without a wire object (and a string per field) for each item. Each
/// use has a test that `B` writes exactly the bytes serde writes for `T`.
pub struct JsonBodyAs<T, B> {
    body: B,
    schema: PhantomData<fn() -> T>,
}

impl<T, B> JsonBodyAs<T, B> {
    pub fn new(body: B) -> Self {
        Self {
            body,
            schema: PhantomData,
        }
    }
}

/// Lists and reports run to tens of kilobytes: start big enough that the
/// buffer is not copied again at every doubling from 128 bytes.
const START_CAPACITY: usize = 32 * 1024;

fn json_response(value: &impl Serialize) -> Response {
    let mut bytes = Vec::with_capacity(START_CAPACITY);
    match serde_json::to_writer(&mut bytes, value) {
        Ok(()) => Response::builder().content_type(CONTENT_TYPE).body(bytes),
        // Only a map with non-string keys fails; none of ours has one.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn responses<T: Type>() -> MetaResponses {
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

macro_rules! documented_as {
    ($body:ty, $schema:ident, [$($generics:tt)*]) => {
        impl<$($generics)*> Payload for $body {
            const CONTENT_TYPE: &'static str = CONTENT_TYPE;

            fn check_content_type(content_type: &str) -> bool {
                content_type.starts_with("application/json")
            }

            fn schema_ref() -> MetaSchemaRef {
                $schema::schema_ref()
            }

            fn register(registry: &mut Registry) {
                $schema::register(registry);
            }
        }
    };
}

documented_as!(JsonBody<T>, T, [T: Type]);
documented_as!(JsonBodyAs<T, B>, T, [T: Type, B: Send]);

impl<T: Serialize + Send> IntoResponse for JsonBody<T> {
    fn into_response(self) -> Response {
        json_response(&self.0)
    }
}

impl<T: Send, B: WriteJson> IntoResponse for JsonBodyAs<T, B> {
    fn into_response(self) -> Response {
        let mut bytes = Vec::with_capacity(START_CAPACITY);
        self.body.write_json(&mut bytes);
        Response::builder().content_type(CONTENT_TYPE).body(bytes)
    }
}

impl<T: Type + Serialize + Send> ApiResponse for JsonBody<T> {
    fn meta() -> MetaResponses {
        responses::<T>()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type, B: WriteJson> ApiResponse for JsonBodyAs<T, B> {
    fn meta() -> MetaResponses {
        responses::<T>()
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
