//! What the house's input dialect (`hisaab_service::input`) accepts, written
//! into the document for the request properties whose name says which parser
//! reads them, so a client generated from the document sends what the server
//! takes. The names are the API's conventions (API.md): `…_id` is an id,
//! `currency`/`…_currency` a currency code, `email`, `phone`, `tags` and free
//! text read by `Problems::text` (trimmed; no control characters except tab
//! and line breaks; required text not blank).
//!
//! A property that already states its shape (`pattern`, `format`, `enum`, a
//! reference) is left as its type says. Secrets and server-issued strings
//! (passwords, tokens, cursors, CSV text) are left alone: their rules are not
//! shapes.

use serde_json::{Map, Value, json};

/// A character `Problems::text` accepts: anything but control characters,
/// except tab and line breaks.
const TEXT_CHAR: &str = r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]";
/// A character that makes trimmed text non-blank.
const SOLID_CHAR: &str = r"[^\s\x00-\x1F\x7F-\x9F]";
/// A character of an email address's local part (`Problems::email`).
const LOCAL_PART: &str = r"[^\s@\x00-\x1F\x7F-\x9F]";
/// A character of one label of its domain (no empty labels: no `..`, no leading or trailing dot).
const EMAIL_PART: &str = r"[^\s@.\x00-\x1F\x7F-\x9F]";

/// Strings whose rule is not a shape: the server issued them, or they are
/// secrets checked against a policy, or a document with its own grammar.
const NOT_SHAPES: &[&str] = &[
    "password",
    "new_password",
    "current_password",
    "token",
    "refresh_token",
    "mfa_token",
    "csv",
    "cursor",
    "q",
    "amount",
    "total",
    "value",
    "rate",
    "annual_rate",
    "principal",
    "opening_balance",
    "to_amount",
    "tip",
    "tax",
    "discount",
    "min_amount",
    "max_amount",
];

/// Optional text that may not be blank when sent (a name is changed, never cleared).
const NEVER_BLANK: &[&str] = &["name", "display_name", "reason", "counterparty"];

/// Places where a name-like word may be blank: it asks for the default (a
/// new group from a contact group takes its name; a member added from a
/// contact takes the contact's) or clears it (an IOU's reason is optional).
const BLANK_ALLOWED: &[(&str, &str)] = &[
    ("StartExpenseGroup", "name"),
    ("AddMember", "name"),
    ("CreateDebt", "reason"),
    ("UpdateDebt", "reason"),
];

/// Request properties named otherwise that hold a currency code.
const CURRENCY_BY_PLACE: &[(&str, &str)] = &[("CreateRate", "from"), ("CreateRate", "to")];

/// Query parameters that hold a currency code.
const CURRENCY_PARAMS: &[(&str, &str)] = &[
    ("/finance/exchange-rates", "from"),
    ("/finance/exchange-rates", "to"),
];

/// The component every currency property refers to.
pub const CURRENCY_SCHEMA: &str = "CurrencyCode";

/// Adds `CurrencyCode` to the components.
pub fn add_components(schemas: &mut Map<String, Value>) {
    let codes: Vec<&str> = hisaab_service::money::Currency::all()
        .iter()
        .map(|c| c.code())
        .collect();
    schemas.insert(
        CURRENCY_SCHEMA.into(),
        json!({
            "type": "string",
            "description": "An ISO 4217 currency that has a minor unit (not a metal or a fund). \
                The server also reads lower case.",
            "enum": codes,
        }),
    );
}

/// States the shape of each property of a request body schema.
pub fn request_schema(schema_name: &str, schema: &mut Map<String, Value>) {
    let required: Vec<String> = schema
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
        let place = (schema_name, name.as_str());
        if BLANK_ALLOWED.contains(&place) {
            if let Some(p) = prop.as_object_mut() {
                p.insert("pattern".into(), format!("^{TEXT_CHAR}*$").into());
            }
            continue;
        }
        state(
            name,
            prop,
            required.contains(name),
            CURRENCY_BY_PLACE.contains(&place),
        );
    }
}

/// States the shape of the query parameters of one operation.
pub fn query_parameters(path: &str, parameters: &mut [Value]) {
    for p in parameters.iter_mut() {
        if p["in"] != "query" {
            continue;
        }
        let name = p["name"].as_str().unwrap_or_default().to_string();
        let required = p["required"] == true;
        let currency = CURRENCY_PARAMS.contains(&(path, name.as_str()));
        if let Some(schema) = p.get_mut("schema") {
            state(&name, schema, required, currency);
        }
    }
}

fn stated(prop: &Map<String, Value>) -> bool {
    ["pattern", "format", "enum", "$ref", "allOf"]
        .iter()
        .any(|k| prop.contains_key(*k))
}

fn state(name: &str, prop: &mut Value, required: bool, currency_by_place: bool) {
    let Some(obj) = prop.as_object_mut() else {
        return;
    };
    if obj.get("type").is_some_and(|t| t == "array") {
        if let Some(items) = obj.get_mut("items") {
            let item = match name {
                "tags" => "tag",
                n => n.strip_suffix('s').unwrap_or(n),
            };
            state(item, items, true, false);
        }
        return;
    }
    if obj.get("type").is_none_or(|t| t != "string") || stated(obj) || NOT_SHAPES.contains(&name) {
        return;
    }
    if currency_by_place || name == "currency" || name.ends_with("_currency") {
        let description = obj.get("description").cloned();
        *prop = json!({"allOf": [{"$ref": format!("#/components/schemas/{CURRENCY_SCHEMA}")}]});
        if let Some(d) = description {
            prop["description"] = d;
        }
        return;
    }
    let pattern = if name == "id" || name.ends_with("_id") {
        obj.insert("format".into(), "uuid".into());
        return;
    } else if name == "email" {
        let address = format!(r"{LOCAL_PART}{{1,64}}@{EMAIL_PART}+(\.{EMAIL_PART}+)+");
        obj.insert("maxLength".into(), 254.into());
        if required {
            format!(r"^\s*{address}\s*$")
        } else {
            format!(r"^\s*({address})?\s*$")
        }
    } else if name == "phone" {
        r"^[0-9 +\-().]*$".to_string()
    } else if name == "tag" {
        r"^[^,|\x00-\x1F\x7F-\x9F]*$".to_string()
    } else if required || NEVER_BLANK.contains(&name) {
        format!("^{TEXT_CHAR}*{SOLID_CHAR}{TEXT_CHAR}*$")
    } else {
        format!("^{TEXT_CHAR}*$")
    };
    obj.insert("pattern".into(), pattern.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(name: &str, required: bool) -> Value {
        let mut prop = json!({"type": "string"});
        state(name, &mut prop, required, false);
        prop
    }

    fn matches(prop: &Value, text: &str) -> bool {
        regex::Regex::new(prop["pattern"].as_str().unwrap())
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn text_is_trimmed_and_free_of_control_characters() {
        let name = shaped("name", false);
        assert!(matches(&name, " Rent "));
        assert!(!matches(&name, "   "));
        assert!(!matches(&name, "Re\u{0}nt"));
        let notes = shaped("notes", false);
        assert!(matches(&notes, ""));
        assert!(matches(&notes, "line\nbreak\tand tab"));
        assert!(!matches(&notes, "bell\u{7}"));
    }

    #[test]
    fn emails_phones_tags_and_ids() {
        let email = shaped("email", true);
        assert!(matches(&email, " a.b@example.co.uk "));
        for bad in ["", "a@b", "a@.b.c", "a@b..c", "a@b.c.", "a b@c.d", "a@b@c.d"] {
            assert!(!matches(&email, bad), "{bad:?}");
        }
        assert!(matches(&shaped("email", false), ""));
        assert!(matches(&shaped("phone", false), "+91 (22) 555-0100"));
        assert!(!matches(&shaped("phone", false), "call me"));
        let mut tags = json!({"type": "array", "items": {"type": "string"}});
        state("tags", &mut tags, false, false);
        assert!(!matches(&tags["items"], "a,b"));
        assert_eq!(shaped("contact_id", true)["format"], "uuid");
        assert!(shaped("password", true).get("pattern").is_none());
    }

    #[test]
    fn currencies_refer_to_one_component() {
        let c = shaped("base_currency", true);
        assert_eq!(c["allOf"][0]["$ref"], "#/components/schemas/CurrencyCode");
        let mut schemas = Map::new();
        add_components(&mut schemas);
        let codes = schemas[CURRENCY_SCHEMA]["enum"].as_array().unwrap();
        assert!(codes.contains(&json!("INR")) && codes.contains(&json!("KWD")));
        assert!(!codes.contains(&json!("XAU")));
    }
}
