//! `/users/{id}/{tab}`: everything a person owns, one tab per kind of
//! record (see `record_tabs`), each a cursor-paged table with "Load more",
//! and `?format=csv` for the whole list, streamed and audited.

use super::record_tabs::{self, Read, Tab};
use super::users::parse_id;
use hisaab_http::{PageCtx, PageResult, SignedIn, csv, urlencode};
use hisaab_service::admin_records;
use hisaab_service::entity::UserId;
use hisaab_service::finance::transactions::TransactionFilter;
use hisaab_service::identity::{self, clean_text};
use hisaab_service::{Error, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

/// Rows per page of a tab ("Load more" fetches the next).
pub const TAB_PAGE: u64 = 25;
/// Rows read per query while a CSV download is written.
const CSV_PAGE: u64 = 200;

#[derive(Deserialize, Default)]
pub struct TabQuery {
    #[serde(default)]
    cursor: String,
    /// `csv`: the whole list as a download instead of a page.
    #[serde(default)]
    format: String,
    // The transaction tab's filters (ignored elsewhere).
    #[serde(default)]
    account: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl TabQuery {
    /// The filters as typed, cleaned (blank ones left out), in a fixed order.
    fn filter_pairs(&self, tab: Tab) -> Vec<(&'static str, String)> {
        if tab != Tab::Transactions {
            return vec![];
        }
        [
            ("account", &self.account),
            ("category", &self.category),
            ("kind", &self.kind),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .map(|(k, v)| (k, clean_text(v)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
    }

    fn transaction_filter(&self, tab: Tab) -> TransactionFilter {
        let mut filter = TransactionFilter::default();
        for (key, value) in self.filter_pairs(tab) {
            let slot = match key {
                "account" => &mut filter.account_id,
                "category" => &mut filter.category_id,
                "kind" => &mut filter.kind,
                "from" => &mut filter.from,
                _ => &mut filter.to,
            };
            *slot = Some(value);
        }
        filter
    }
}

/// `base` with the filter pairs and then `extra` as its query string.
fn href(base: &str, pairs: &[(&str, String)], extra: &str) -> String {
    let mut parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    if !extra.is_empty() {
        parts.push(extra.to_string());
    }
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}

/// The tab bar's links (the overview, then one per tab).
pub(super) fn tab_links(id: UserId, current: Option<Tab>) -> Value {
    let mut links =
        vec![json!({ "href": format!("/users/{id}"), "label": "Overview", "current": current.is_none() })];
    links.extend(Tab::ALL.into_iter().map(|t| {
        json!({ "href": format!("/users/{id}/{}", t.slug()), "label": t.label(), "current": current == Some(t) })
    }));
    Value::Array(links)
}

fn find_tab(slug: &str) -> Result<Tab> {
    Tab::from_slug(slug).ok_or(Error::NotFound)
}

/// `GET /users/{id}/{tab}?cursor=&format=csv&…`: the tab's page, its next
/// rows ("Load more", htmx), or its CSV download.
#[handler]
pub async fn user_records(
    ctx: PageCtx,
    staff: SignedIn,
    Path((raw_id, slug)): Path<(String, String)>,
    Query(query): Query<TabQuery>,
) -> PageResult {
    let id = parse_id(&raw_id)?;
    let tab = find_tab(&slug)?;
    if query.format == "csv" {
        return records_csv(&ctx, &staff, id, tab, &query).await;
    }
    let (user, _) = identity::admin_get_user(ctx.app(), &staff.actor, id).await?;
    let cursor = clean_text(&query.cursor);
    let read = Read {
        app: ctx.app(),
        staff: &staff.actor,
        user: id,
        cursor: (!cursor.is_empty()).then_some(cursor),
        limit: TAB_PAGE,
        filter: query.transaction_filter(tab),
        templates: &ctx.state.templates,
    };
    let (rows, next_cursor) = record_tabs::read(tab, &read).await?;
    let base = format!("/users/{id}/{}", tab.slug());
    let pairs = query.filter_pairs(tab);
    let more_href = next_cursor
        .as_ref()
        .map(|c| href(&base, &pairs, &format!("cursor={}", urlencode(c))));
    let filters = if tab == Tab::Transactions {
        transaction_filters(&ctx, &staff, id, &pairs).await?
    } else {
        Value::Null
    };
    let title = format!("{} · {}", tab.label(), user.email);
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "admin/users/records.html",
        "admin/users/records_rows_partial.html",
        &title,
        json!({
            "u": { "id": id.to_string(), "email": user.email, "display_name": user.display_name },
            "tabs": tab_links(id, Some(tab)),
            "tab": { "slug": tab.slug(), "label": tab.label(), "empty": tab.empty_text() },
            "columns": tab.columns(),
            "rows": rows,
            "more_href": more_href,
            "csv_href": href(&base, &pairs, "format=csv"),
            "filters": filters,
            "filtered": !pairs.is_empty(),
            "base": base,
        }),
    ))
}

/// The transaction tab's filter form: the values as typed and the person's
/// accounts and categories to choose from.
async fn transaction_filters(
    ctx: &PageCtx,
    staff: &SignedIn,
    id: UserId,
    pairs: &[(&str, String)],
) -> Result<Value> {
    let names = admin_records::record_names(ctx.app(), &staff.actor, id).await?;
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Ok(json!({
        "account": value("account"),
        "category": value("category"),
        "kind": value("kind"),
        "from": value("from"),
        "to": value("to"),
        "accounts": names.accounts.iter().map(|a| json!({ "id": a.id.to_string(), "name": a.name })).collect::<Vec<_>>(),
        "categories": names.categories.iter().map(|c| json!({ "id": c.id.to_string(), "name": c.name, "kind": c.kind.as_str() })).collect::<Vec<_>>(),
    }))
}

/// The whole tab as CSV, a page of rows per query, formula-safe; the
/// download is audited (tab, user, filters) before the first row is read.
async fn records_csv(ctx: &PageCtx, staff: &SignedIn, id: UserId, tab: Tab, query: &TabQuery) -> PageResult {
    let app = ctx.app().clone();
    let pairs = query.filter_pairs(tab);
    let filters: serde_json::Map<String, Value> =
        pairs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
    admin_records::record_export(&app, &staff.actor, id, tab.slug(), Value::Object(filters)).await?;
    let (actor, templates) = (staff.actor.clone(), ctx.state.templates.clone());
    let filter = query.transaction_filter(tab);
    let rows = csv::paged(move |cursor: Option<String>| {
        let (app, actor, templates, filter) = (app.clone(), actor.clone(), templates.clone(), filter.clone());
        async move {
            let read = Read {
                app: &app,
                staff: &actor,
                user: id,
                cursor,
                limit: CSV_PAGE,
                filter,
                templates: &templates,
            };
            let (rows, next) = record_tabs::read(tab, &read).await?;
            Ok((
                rows.iter()
                    .map(|row| row.iter().flat_map(|c| c.csv()).collect())
                    .collect(),
                next,
            ))
        }
    });
    let filename = format!("user-{id}-{}.csv", tab.slug());
    Ok(csv::download(&filename, &tab.csv_header(), rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_transaction_tab_keeps_filters_in_its_links() {
        let query = TabQuery {
            account: " a b ".into(),
            kind: "expense".into(),
            ..Default::default()
        };
        let pairs = query.filter_pairs(Tab::Transactions);
        assert_eq!(
            href("/users/x/transactions", &pairs, "format=csv"),
            "/users/x/transactions?account=a%20b&kind=expense&format=csv"
        );
        assert!(query.filter_pairs(Tab::Loans).is_empty());
        assert_eq!(href("/users/x/loans", &[], ""), "/users/x/loans");
    }
}
