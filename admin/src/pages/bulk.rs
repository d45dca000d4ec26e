//! Bulk actions on the user list's current filter (superadmins): lock, or
//! sign out everywhere. `GET /users/bulk/{action}?<filter>` shows how many
//! users it will reach and asks why; the POST carries the filter and that
//! count back, and the service applies it only when the filter still
//! matches exactly that many (at most `BULK_LIMIT`).

use super::users::filter_query;
use crate::flash::Flash;
use hisaab_http::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::audit::StaffReason;
use hisaab_service::identity::{self, BULK_LIMIT, BulkAction, RawUserFilter, UserFilter};
use hisaab_service::templating::group_digits;
use hisaab_service::{Error, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

fn parse_action(raw: &str) -> Result<BulkAction> {
    BulkAction::parse(raw).ok_or(Error::NotFound)
}

/// The words the page uses for each action.
fn wording(action: BulkAction) -> (&'static str, &'static str) {
    match action {
        BulkAction::Lock => ("Lock users", "lock"),
        BulkAction::RevokeSessions => ("Sign users out everywhere", "sign out"),
    }
}

/// The confirmation page's context for `filter` (counted now).
async fn confirm_context(
    ctx: &PageCtx,
    staff: &SignedIn,
    action: BulkAction,
    filter: &UserFilter,
) -> Result<(String, Value)> {
    let count = identity::admin_bulk_count(ctx.app(), &staff.actor, filter).await?;
    let (title, verb) = wording(action);
    let query = filter_query(filter);
    let list_href = if query.is_empty() {
        "/users".to_string()
    } else {
        format!("/users?{query}")
    };
    Ok((
        title.to_string(),
        json!({
            "action": action.name(),
            "verb": verb,
            "count": count,
            "count_text": group_digits(&count.to_string()),
            "limit_text": group_digits(&BULK_LIMIT.to_string()),
            "over_limit": count > BULK_LIMIT,
            // The filter goes back with the form, field by field.
            "filter_fields": filter.query_pairs().into_iter().map(|(k, v)| json!({ "name": k, "value": v })).collect::<Vec<_>>(),
            "filter_summary": filter.to_json(),
            "list_href": list_href,
            "form": FormState::default().to_value(),
        }),
    ))
}

/// `GET /users/bulk/{lock|revoke-sessions}?<filter>`: the count and a reason field.
#[handler]
pub async fn bulk_confirm(
    ctx: PageCtx,
    staff: SignedIn,
    Path(action): Path<String>,
    Query(raw): Query<RawUserFilter>,
) -> PageResult {
    let action = parse_action(&action)?;
    let filter = UserFilter::parse(&raw)?;
    let (title, context) = confirm_context(&ctx, &staff, action, &filter).await?;
    Ok(ctx.render(StatusCode::OK, "admin/users/bulk.html", &title, context))
}

#[derive(Deserialize)]
pub struct BulkForm {
    #[serde(flatten)]
    filter: RawUserFilter,
    /// The count the staff member saw and confirmed.
    #[serde(default)]
    count: String,
    #[serde(default)]
    reason: String,
}

/// `POST /users/bulk/{action}`: applies to exactly the confirmed users, one
/// audit entry each plus one for the bulk action; back to the filtered list.
#[handler]
pub async fn bulk_apply(
    ctx: PageCtx,
    staff: SignedIn,
    Path(action): Path<String>,
    Form(form): Form<BulkForm>,
) -> PageResult {
    let action = parse_action(&action)?;
    let filter = UserFilter::parse(&form.filter)?;
    let outcome = async {
        // Support staff are refused before being asked why.
        if !staff.actor.is_superadmin() {
            return Err(Error::Forbidden("Only a superadmin can run bulk actions.".into()));
        }
        let expected: u64 = form.count.trim().parse().map_err(|_| {
            Error::invalid("count", "Open the confirmation page again: the count is missing.")
        })?;
        let reason = StaffReason::parse(&form.reason)?;
        identity::admin_bulk_apply(ctx.app(), &staff.actor, action, &filter, expected, &reason).await
    }
    .await;
    let mut state = FormState::with_values(&[("reason", form.reason.as_str())]);
    let status = match outcome {
        Ok(_) => {
            let done = match action {
                BulkAction::Lock => Flash::BulkLocked,
                BulkAction::RevokeSessions => Flash::BulkSignedOut,
            };
            let query = filter_query(&filter);
            let to = if query.is_empty() {
                "/users".to_string()
            } else {
                format!("/users?{query}")
            };
            return Ok(ctx.redirect_with_flash(&to, done));
        }
        // Support staff: the error page says only superadmins may.
        Err(e @ Error::Forbidden(_)) => return Err(e.into()),
        Err(e) => state.absorb(e)?,
    };
    let (title, mut context) = confirm_context(&ctx, &staff, action, &filter).await?;
    context["form"] = state.to_value();
    Ok(ctx.render(ctx.form_status(status), "admin/users/bulk.html", &title, context))
}
