//! `/settings/data`: one page, one part per job (export: `exports`, import:
//! `imports`, deleting the account: `data_deletion`), each part's module
//! building its own context. This puts them together, so a form re-rendered
//! with its errors still shows the other parts as they are.

use super::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::finance::AccountId;
use poem::handler;
use poem::http::StatusCode;
use poem::web::Query;
use serde::Deserialize;
use serde_json::Value;

/// The page's forms; default is every form empty.
#[derive(Default)]
pub(super) struct DataPage {
    /// The account the bank-statement form is for (its remembered mapping).
    pub account_id: Option<AccountId>,
    pub splitwise: FormState,
    /// The Hisaab export upload form.
    pub hisaab: FormState,
    /// `None`: the bank form as remembered for `account_id`.
    pub bank: Option<FormState>,
    pub deletion: FormState,
}

/// Renders the whole page with `status` (a refused form: 422 and its errors).
pub(super) async fn render(ctx: &PageCtx, user: &SignedIn, status: StatusCode, page: DataPage) -> PageResult {
    let mut v = super::imports::data_context(ctx, user, page.account_id, page.splitwise, page.bank).await?;
    v["hisaab_form"] = page.hisaab.to_value();
    merge(&mut v, super::exports::export_context(ctx, user).await?);
    merge(
        &mut v,
        super::data_deletion::deletion_context(ctx, user, &page.deletion).await?,
    );
    Ok(ctx.render(status, "web/settings/data.html", &ctx.t("settings-nav-data"), v))
}

fn merge(into: &mut Value, part: Value) {
    if let (Some(into), Value::Object(part)) = (into.as_object_mut(), part) {
        into.extend(part);
    }
}

#[derive(Deserialize, Default)]
pub struct DataQuery {
    account_id: Option<String>,
}

/// `GET /settings/data?account_id=`
#[handler]
pub async fn data_page(ctx: PageCtx, user: SignedIn, Query(q): Query<DataQuery>) -> PageResult {
    let page = DataPage {
        account_id: q.account_id.as_deref().and_then(|a| a.parse().ok()),
        ..DataPage::default()
    };
    render(&ctx, &user, StatusCode::OK, page).await
}
