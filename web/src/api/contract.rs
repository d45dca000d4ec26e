//! The OpenAPI document as served: poem-openapi's document plus the two
//! rules it cannot state per type, applied to every schema so that no type
//! can forget them:
//! - a request body schema (and every object inside it) is
//!   `additionalProperties: false`: `api::json` refuses unknown fields;
//! - in a response schema, a property that is not `required` is `nullable`:
//!   an absent optional value is sent as `null`, never left out.
//!
//! and the shapes of the input dialect (`api::precision`) on request
//! properties and query parameters, and the kinds of notification a
//! preference may name (`api::notifications::state_kinds`).

use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// poem-openapi's document with the rules above applied.
pub fn document(spec: &str) -> Value {
    let mut doc: Value = serde_json::from_str(spec).expect("poem-openapi writes valid JSON");
    let mut requests = BTreeSet::new();
    let mut responses = BTreeSet::new();
    for op in doc["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for op in op.as_object().into_iter().flat_map(|o| o.values()) {
            for media in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flat_map(|c| c.values())
            {
                refs(&media["schema"], &mut requests);
            }
            for resp in op["responses"].as_object().into_iter().flat_map(|r| r.values()) {
                for media in resp["content"].as_object().into_iter().flat_map(|c| c.values()) {
                    refs(&media["schema"], &mut responses);
                }
            }
        }
    }
    for (path, ops) in doc["paths"].as_object_mut().into_iter().flatten() {
        for op in ops.as_object_mut().into_iter().flat_map(|o| o.values_mut()) {
            if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                super::precision::query_parameters(path, params);
            }
        }
    }
    let schemas = doc["components"]["schemas"].clone();
    let requests = closure(&schemas, requests);
    let responses = closure(&schemas, responses);
    let Some(schemas) = doc["components"]["schemas"].as_object_mut() else {
        return doc;
    };
    super::notifications::state_kinds(schemas);
    for (name, schema) in schemas.iter_mut() {
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        if requests.contains(name) && schema.get("type").is_some_and(|t| t == "object") {
            schema.entry("additionalProperties").or_insert(Value::Bool(false));
            super::precision::request_schema(name, schema);
        }
        if responses.contains(name) && !requests.contains(name) {
            nullable_optionals(schema);
        }
    }
    super::precision::add_components(schemas);
    doc
}

/// Marks every property that is not required as nullable.
fn nullable_optionals(schema: &mut Map<String, Value>) {
    let required: BTreeSet<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, prop) in props.iter_mut() {
        if required.contains(name) {
            continue;
        }
        if let Some(reference) = prop.get("$ref").cloned() {
            // OpenAPI 3.0 ignores siblings of `$ref`: wrap it.
            *prop = serde_json::json!({"allOf": [{"$ref": reference}], "nullable": true});
        } else if let Some(p) = prop.as_object_mut() {
            p.insert("nullable".into(), Value::Bool(true));
        }
    }
}

/// The names of the component schemas `schema` refers to, directly.
fn refs(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "$ref" {
                    if let Some(name) = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        out.insert(name.to_string());
                    }
                } else {
                    refs(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// `names` and every schema reachable from them.
fn closure(schemas: &Value, mut names: BTreeSet<String>) -> BTreeSet<String> {
    let mut todo: Vec<String> = names.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        let mut found = BTreeSet::new();
        refs(&schemas[&name], &mut found);
        for f in found {
            if names.insert(f.clone()) {
                todo.push(f);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_requests_and_nulls_optional_answers() {
        let spec = serde_json::json!({
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}}}
            }}},
            "components": {"schemas": {
                "In": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                "Inner": {"type": "object", "properties": {}},
                "Out": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"}, "note": {"type": "string"}, "child": {"$ref": "#/components/schemas/Inner2"}}},
                "Inner2": {"type": "object", "properties": {}}
            }}
        });
        let doc = document(&spec.to_string());
        let s = &doc["components"]["schemas"];
        assert_eq!(s["In"]["additionalProperties"], false);
        assert_eq!(s["Inner"]["additionalProperties"], false);
        assert!(s["Out"]["additionalProperties"].is_null());
        assert!(s["Out"]["properties"]["id"]["nullable"].is_null());
        assert_eq!(s["Out"]["properties"]["note"]["nullable"], true);
        assert_eq!(s["Out"]["properties"]["child"]["nullable"], true);
    }
}
