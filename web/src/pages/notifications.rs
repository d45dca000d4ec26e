//! The notification centre (`/notifications`), the bell alone
//! (`/notifications/badge`) and the notification preferences
//! (`/settings/notifications`). Plain links and forms; htmx loads older
//! notifications as the "More" row scrolls into view, marks one read in
//! place and swaps the bell along.

use super::{FormState, PageCtx, PageResult, SignedIn, path_id};
use crate::flash::Flash;
use hisaab_service::entity::NotificationId;
use hisaab_service::i18n::{self, Locale};
use hisaab_service::notifications::email::{self, Scope};
use hisaab_service::notifications::{
    self, Category, Digest, NotificationFilter, NotificationItem, Preference, PreferenceInput,
};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

/// Notifications per page.
const PAGE: u64 = 30;

/// What the page swaps in when its event stream says something arrived.
const LIVE_REGIONS: &str = "#notification-list";

#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// `1`: unread only.
    #[serde(default)]
    unread: String,
    #[serde(default)]
    cursor: String,
}

impl ListQuery {
    fn unread(&self) -> bool {
        matches!(self.unread.as_str(), "1" | "true")
    }

    /// The query string of the filter (without the cursor), for links.
    fn filters(&self) -> &'static str {
        if self.unread() { "unread=1" } else { "" }
    }
}

fn row(ctx: &PageCtx, n: &NotificationItem) -> Value {
    json!({
        "id": n.id.to_string(),
        "title": n.title_in(&ctx.state.templates, ctx.locale),
        "link": n.link,
        "kind": n.event_type,
        "read": n.read_at.is_some(),
        "when": i18n::format::timestamp(n.created_at, ctx.locale),
        "datetime": n.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
    })
}

/// The page of notifications at `q` as the templates take it.
async fn list_context(ctx: &PageCtx, actor: &Actor, q: &ListQuery) -> Result<Value, Error> {
    let cursor = Some(q.cursor.clone()).filter(|c| !c.trim().is_empty());
    let first_page = cursor.is_none();
    let page = notifications::list_notifications(
        ctx.app(),
        actor,
        NotificationFilter {
            unread: q.unread(),
            cursor,
            limit: Some(PAGE),
        },
    )
    .await?;
    let rows: Vec<Value> = page.items.iter().map(|n| row(ctx, n)).collect();
    Ok(json!({
        "notifications": rows,
        "next_cursor": page.next_cursor,
        "filters": q.filters(),
        "unread_only": q.unread(),
        // "Mark all read" marks what the person has seen: up to the newest shown.
        "up_to": first_page.then(|| page.items.first().map(|n| n.id.to_string())).flatten(),
        "any_unread": page.items.iter().any(|n| n.read_at.is_none()),
    }))
}

/// The notification centre. With htmx, a "More" (a `cursor`) gets the next
/// rows alone; without it, the whole page at that cursor.
#[handler]
pub async fn notifications_page(ctx: PageCtx, user: SignedIn, Query(q): Query<ListQuery>) -> PageResult {
    let mut v = list_context(&ctx, &user.actor, &q).await?;
    if ctx.htmx && !q.cursor.trim().is_empty() {
        return Ok(ctx.render(
            StatusCode::OK,
            "web/notifications/rows_partial.html",
            &ctx.t("settings-nav-notifications"),
            v,
        ));
    }
    v["live"] = json!(LIVE_REGIONS);
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "web/notifications/index.html",
        "web/notifications/list_partial.html",
        &ctx.t("settings-nav-notifications"),
        v,
    ))
}

/// The bell alone, with the current count.
#[handler]
pub async fn notification_badge(ctx: PageCtx, user: SignedIn) -> PageResult {
    let unread = notifications::unread_count(ctx.app(), &user.actor).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/notifications/badge_partial.html",
        &ctx.t("settings-nav-notifications"),
        json!({ "unread_notifications": unread }),
    ))
}

#[derive(Deserialize, Default)]
pub struct ReadForm {
    /// Where to come back to: a page of the centre.
    #[serde(default)]
    next: String,
    /// Read all: the newest notification the person saw.
    #[serde(default)]
    up_to: String,
}

/// Only a page of the centre is a place to come back to.
fn back(next: &str) -> &str {
    if next.starts_with("/notifications") && !next.starts_with("/notifications/") && !next.contains("//") {
        next
    } else {
        "/notifications"
    }
}

/// The bell swapped out of band with an htmx answer.
async fn badge_oob(ctx: &PageCtx, actor: &Actor) -> Result<String, Error> {
    let unread = notifications::unread_count(ctx.app(), actor).await?;
    ctx.state
        .templates
        .render(
            "web/notifications/badge_partial.html",
            json!({ "unread_notifications": unread, "oob": true, "locale": ctx.locale.tag() }),
        )
        .map_err(Error::Internal)
}

/// An htmx answer: `template` with `v`, and the bell out of band.
async fn with_badge(ctx: &PageCtx, actor: &Actor, template: &str, v: Value) -> PageResult {
    let badge = badge_oob(ctx, actor).await?;
    let resp = ctx.render(StatusCode::OK, template, &ctx.t("settings-nav-notifications"), v);
    let (parts, body) = resp.into_parts();
    let html = body.into_string().await.map_err(|e| Error::Internal(e.into()))?;
    Ok(poem::Response::from_parts(parts, format!("{html}{badge}").into()))
}

/// Marks one notification read: the row again (and the bell) for htmx,
/// otherwise back to the page it was on.
#[handler]
pub async fn read_notification(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<ReadForm>,
) -> PageResult {
    let id: NotificationId = path_id(&raw)?;
    let n = notifications::mark_read(ctx.app(), &user.actor, id).await?;
    if !ctx.htmx {
        return Ok(ctx.redirect(back(&f.next)));
    }
    let v = json!({
        "notifications": [row(&ctx, &n)],
        "next_cursor": null,
        "filters": "",
    });
    with_badge(&ctx, &user.actor, "web/notifications/rows_partial.html", v).await
}

/// Marks every notification up to the newest shown read.
#[handler]
pub async fn read_all_notifications(ctx: PageCtx, user: SignedIn, Form(f): Form<ReadForm>) -> PageResult {
    let up_to = match f.up_to.trim() {
        "" => None,
        raw => Some(raw.parse::<NotificationId>().map_err(|_| {
            Error::invalid("up_to", "is not a notification id; reload the page and try again")
        })?),
    };
    notifications::mark_all_read(ctx.app(), &user.actor, up_to).await?;
    if !ctx.htmx {
        return Ok(ctx.redirect_with_flash(back(&f.next), Flash::NotificationsRead));
    }
    let q = ListQuery::default();
    let v = list_context(&ctx, &user.actor, &q).await?;
    with_badge(&ctx, &user.actor, "web/notifications/list_partial.html", v).await
}

/// The preferences as the settings table shows them, by category.
fn preference_groups(prefs: &[Preference], locale: Locale) -> Value {
    Value::Array(
        Category::ALL
            .iter()
            .map(|c| {
                let rows: Vec<Value> = prefs
                    .iter()
                    .filter(|p| p.category() == *c)
                    .map(|p| {
                        json!({
                            "type": p.kind.event_type,
                            "label": p.kind.label_in(locale),
                            "in_app": p.in_app,
                            "email": p.email,
                            "email_available": p.kind.about_others,
                        })
                    })
                    .collect();
                json!({ "name": c.name(), "label": c.label_in(locale), "kinds": rows })
            })
            .collect(),
    )
}

/// The email rhythms to choose from, `selected` marked.
fn digest_options(selected: &str, locale: Locale) -> Value {
    Value::Array(
        Digest::ALL
            .iter()
            .map(|d| json!({ "name": d.name(), "label": d.label_in(locale), "selected": d.name() == selected }))
            .collect(),
    )
}

#[handler]
pub async fn notification_settings_page(ctx: PageCtx, user: SignedIn) -> PageResult {
    let prefs = notifications::preferences(ctx.app(), &user.actor).await?;
    let digest = notifications::email_digest(&ctx.app().db, user.actor.user_id).await?;
    Ok(ctx.render(
        StatusCode::OK,
        "web/settings/notifications.html",
        &ctx.t("settings-nav-notifications"),
        json!({
            "groups": preference_groups(&prefs, ctx.locale),
            "digests": digest_options(digest.name(), ctx.locale),
            "form": FormState::default().to_value(),
            "saved": false,
        }),
    ))
}

/// The checkboxes as sent: every kind in the catalogue is set (a box left
/// unticked is off), and any other value sent is passed on for the service
/// to refuse by name.
fn inputs_from(pairs: &[(String, String)]) -> Vec<PreferenceInput> {
    let ticked = |channel: &str, kind: &str| pairs.iter().any(|(k, v)| k == channel && v == kind);
    let mut inputs: Vec<PreferenceInput> = notifications::KINDS
        .iter()
        .map(|k| PreferenceInput {
            event_type: k.event_type.to_string(),
            in_app: ticked("in_app", k.event_type),
            email: ticked("email", k.event_type),
        })
        .collect();
    for (channel, value) in pairs {
        if matches!(channel.as_str(), "in_app" | "email")
            && notifications::catalogue::find(value).is_none()
            && !inputs.iter().any(|i| &i.event_type == value)
        {
            inputs.push(PreferenceInput {
                event_type: value.clone(),
                in_app: ticked("in_app", value),
                email: ticked("email", value),
            });
        }
    }
    inputs
}

#[handler]
pub async fn save_notification_settings(
    ctx: PageCtx,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let inputs = inputs_from(&pairs);
    let digest = pairs
        .iter()
        .find(|(k, _)| k == "email_digest")
        .map(|(_, v)| v.clone());
    match notifications::set_preferences(ctx.app(), &user.actor, inputs.clone(), digest.as_deref()).await {
        Ok(prefs) if ctx.htmx => {
            let digest = notifications::email_digest(&ctx.app().db, user.actor.user_id).await?;
            Ok(ctx.render(
                StatusCode::OK,
                "web/settings/notifications_form_partial.html",
                &ctx.t("settings-nav-notifications"),
                json!({
                    "groups": preference_groups(&prefs, ctx.locale),
                    "digests": digest_options(digest.name(), ctx.locale),
                    "form": FormState::default().to_value(),
                    "saved": true,
                }),
            ))
        }
        Ok(_) => Ok(ctx.redirect_with_flash("/settings/notifications", Flash::NotificationPreferencesSaved)),
        Err(e) => {
            // A message is about the email rhythm or else about the table:
            // the summary links to it.
            let mut form = FormState::default();
            let status = form.absorb_as(e, |field| {
                if field == "email_digest" {
                    field
                } else {
                    "preferences"
                }
                .to_string()
            })?;
            let current_digest = notifications::email_digest(&ctx.app().db, user.actor.user_id).await?;
            let shown_digest = digest
                .as_deref()
                .filter(|d| Digest::parse(d).is_some())
                .unwrap_or(current_digest.name());
            // The table shows what was sent, so nothing typed is lost.
            let current = notifications::preferences(ctx.app(), &user.actor).await?;
            let shown: Vec<Preference> = current
                .into_iter()
                .map(|p| {
                    let sent = inputs.iter().find(|i| i.event_type == p.kind.event_type);
                    Preference {
                        in_app: sent.is_some_and(|s| s.in_app),
                        email: sent.is_some_and(|s| s.email),
                        ..p
                    }
                })
                .collect();
            Ok(ctx.page_or_partial(
                ctx.form_status(status),
                "web/settings/notifications.html",
                "web/settings/notifications_form_partial.html",
                &ctx.t("settings-nav-notifications"),
                json!({
                    "groups": preference_groups(&shown, ctx.locale),
                    "digests": digest_options(shown_digest, ctx.locale),
                    "form": form.to_value(),
                    "saved": false,
                }),
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    token: String,
}

/// The page behind an email's unsubscribe link: what it turns off, and a
/// button that does it. Opening the link changes nothing (mail scanners
/// open links); the button, like a mail client's one-click, posts.
#[handler]
pub async fn unsubscribe_page(ctx: PageCtx, Query(q): Query<UnsubscribeQuery>) -> PageResult {
    let scope = email::unsubscribe_scope(ctx.app(), &q.token).await;
    unsubscribe_answer(&ctx, &q.token, scope, false)
}

/// RFC 8058 one-click unsubscribe: the token in the address is the only
/// credential (no session, no CSRF token: a mail client posts
/// `List-Unsubscribe=One-Click` by itself, and the body is not read).
#[handler]
pub async fn unsubscribe(ctx: PageCtx, Query(q): Query<UnsubscribeQuery>) -> PageResult {
    let scope = email::unsubscribe(ctx.app(), &q.token, &ctx.meta).await;
    unsubscribe_answer(&ctx, &q.token, scope, true)
}

fn unsubscribe_answer(ctx: &PageCtx, token: &str, scope: Result<Scope, Error>, done: bool) -> PageResult {
    let (status, v) = match scope {
        Ok(scope) => (
            StatusCode::OK,
            json!({ "valid": true, "done": done, "scope": scope.label_in(ctx.locale), "all": scope == Scope::All, "token": token }),
        ),
        Err(Error::NotFound) => (
            StatusCode::NOT_FOUND,
            json!({ "valid": false, "done": false, "scope": "", "all": false, "token": "" }),
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(ctx.render(
        status,
        "web/notifications/unsubscribe.html",
        &ctx.t("ntf-unsub-page-title"),
        v,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_centre_is_a_place_to_come_back_to() {
        assert_eq!(back("/notifications?unread=1"), "/notifications?unread=1");
        assert_eq!(back("https://evil.example/"), "/notifications");
        assert_eq!(back("/notifications//evil.example"), "/notifications");
        assert_eq!(back("/notifications/badge"), "/notifications");
        assert_eq!(back(""), "/notifications");
    }

    #[test]
    fn every_kind_is_set_from_the_boxes_and_strangers_are_kept() {
        let pairs = vec![
            ("csrf_token".to_string(), "x".to_string()),
            ("in_app".to_string(), "expense.added".to_string()),
            ("email".to_string(), "expense.added".to_string()),
            ("in_app".to_string(), "no.such".to_string()),
        ];
        let inputs = inputs_from(&pairs);
        assert_eq!(inputs.len(), notifications::KINDS.len() + 1);
        let added = inputs.iter().find(|i| i.event_type == "expense.added").unwrap();
        assert!(added.in_app && added.email);
        let changed = inputs.iter().find(|i| i.event_type == "expense.changed").unwrap();
        assert!(!changed.in_app && !changed.email);
        assert_eq!(inputs.last().unwrap().event_type, "no.such");
    }
}
