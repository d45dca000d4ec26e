//! Payments on the group and contact pages: the list (with who paid whom),
//! "Delete" (confirmed first) and "Undo" for deleted ones. Both forms send the
//! payment's ETag as `if_match`, so a payment changed meanwhile (in another
//! tab, by the other person) is a 412, not a silent second change.

use super::{date, id, money};
use crate::pages::{PageCtx, PageResult, SignedIn};
use hisaab_service::social::{self, SettlementFilter, SettlementView};
use hisaab_service::{Actor, App, Error};
use poem::handler;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

fn row(s: &SettlementView) -> Value {
    json!({
        "id": s.id.to_string(), "etag": s.etag(), "from": s.from_name, "to": s.to_name,
        "amount": money(s.amount), "date": date(s.date), "method": social::method_name(s.method),
        "group_name": s.group_name, "iou": s.peer_debt_id.is_some(), "notes": s.notes,
    })
}

/// The live payments (newest 50) and the deleted ones (newest 20) that
/// `filter` selects, for `web/social/settlements_partial.html`.
pub async fn settlement_rows(app: &App, actor: &Actor, filter: SettlementFilter) -> Result<Value, Error> {
    let live = social::list_settlements(
        app,
        actor,
        SettlementFilter {
            limit: Some(50),
            ..filter.clone()
        },
    )
    .await?;
    let deleted = social::list_settlements(
        app,
        actor,
        SettlementFilter {
            deleted: true,
            limit: Some(20),
            ..filter
        },
    )
    .await?;
    Ok(json!({
        "live": live.items.iter().map(row).collect::<Vec<_>>(),
        "deleted": deleted.items.iter().map(row).collect::<Vec<_>>(),
    }))
}

/// Where a payment is shown: its group's page, or its IOU contact's page.
fn page_of(s: &SettlementView) -> String {
    match (s.group_id, s.contact_id) {
        (Some(g), _) => format!("/social/groups/{g}"),
        (None, Some(c)) if s.yours => format!("/social/contacts/{c}"),
        // A payment of an IOU shared with you: where shared IOUs are listed.
        _ => "/social/invitations".into(),
    }
}

/// The delete and undo forms: the ETag the page was rendered with.
#[derive(Deserialize)]
pub struct SettlementChangeForm {
    #[serde(default)]
    if_match: String,
}

fn if_match(f: &SettlementChangeForm) -> Option<&str> {
    Some(f.if_match.as_str()).filter(|t| !t.trim().is_empty())
}

#[handler]
pub async fn delete_settlement(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<SettlementChangeForm>,
) -> PageResult {
    let s = social::delete_settlement(&ctx.state.app, &user.actor, id(&raw)?, if_match(&f), None).await?;
    Ok(ctx.redirect(&page_of(&s)))
}

#[handler]
pub async fn restore_settlement(
    ctx: PageCtx,
    user: SignedIn,
    Path(raw): Path<String>,
    Form(f): Form<SettlementChangeForm>,
) -> PageResult {
    let s = social::restore_settlement(&ctx.state.app, &user.actor, id(&raw)?, if_match(&f), None).await?;
    Ok(ctx.redirect(&page_of(&s)))
}
