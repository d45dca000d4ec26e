//! A group's settings page (`/social/groups/{id}/settings`): rename,
//! "simplify debts", archive/restore, add a member (one of your contacts or
//! someone new), remove a settled member, the default split; for a person the
//! group is shared with, leaving it. Each form calls the same service
//! function as the API; a refusal re-renders the page with the message next
//! to its form (422 for input, 409 for "settle up first").

use super::{balance, field, id, person, t_args};
use crate::flash::Flash;
use crate::pages::{FormState, PageCtx, PageResult, SignedIn};
use hisaab_service::entity::social::{ExpenseGroupId, GroupMemberId};
use hisaab_service::social::{self, ContactFilter, DefaultShareInput, GroupPatch, GroupView, MemberInput};
use hisaab_service::{Actor, Error};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path};
use serde::Deserialize;
use serde_json::{Value, json};

/// The page's forms as they come back after a refusal (each its own state).
#[derive(Default)]
struct Forms {
    rename: Option<FormState>,
    member: Option<FormState>,
    split: Option<FormState>,
    /// A refusal about members (a balance not yet settled), shown in that section.
    members_problem: Option<String>,
}

fn percent_field(member: &str) -> String {
    format!("percent_{member}")
}

async fn settings_context(ctx: &PageCtx, actor: &Actor, g: &GroupView, forms: Forms) -> Result<Value, Error> {
    let app = &ctx.state.app;
    let owner = g.viewer().is_some_and(|m| m.is_you());
    let balances = social::group_balances(app, actor, g.id).await?;
    let balance_of = |m: GroupMemberId| {
        balances
            .members
            .iter()
            .find(|b| b.member_id == m)
            .map(|b| b.balance)
    };
    let members: Vec<Value> = g
        .members
        .iter()
        .map(|m| {
            let b = balance_of(m.id);
            json!({
                "id": m.id.to_string(), "name": person(ctx, &m.name), "is_you": m.is_you(), "viewer": m.viewer,
                "balance": b.map(balance), "settled": b.is_none_or(|b| b.is_zero()),
            })
        })
        .collect();
    let mut contacts = Vec::new();
    if owner {
        let all = social::list_contacts(
            app,
            actor,
            ContactFilter {
                limit: Some(200),
                ..Default::default()
            },
        )
        .await?;
        contacts = all
            .items
            .iter()
            .filter(|c| !g.members.iter().any(|m| m.contact_id == Some(c.id)))
            .map(|c| json!({ "value": c.id.to_string(), "label": c.name }))
            .collect();
    }
    let split_form = forms.split.unwrap_or_else(|| {
        let mut values: Vec<(String, String)> = Vec::new();
        for s in g.default_split.iter().flatten() {
            values.push((percent_field(&s.member_id.to_string()), s.percent.to_string()));
        }
        let refs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        FormState::with_values(&refs)
    });
    let rename_form = forms.rename.unwrap_or_else(|| {
        let mut f = FormState::with_values(&[("name", &g.name)]);
        if g.simplify {
            f = FormState::with_values(&[("name", &g.name), ("simplify", "on")]);
        }
        f
    });
    Ok(json!({
        "group": {
            "id": g.id.to_string(), "name": g.name, "currency": g.currency.code(), "archived": g.archived,
            "simplify": g.simplify, "owner": owner, "has_default_split": g.default_split.is_some(),
        },
        "members": members,
        "former": g.former.iter().map(|m| person(ctx, &m.name)).collect::<Vec<_>>(),
        "contacts": contacts,
        "default_split": g.default_split.iter().flatten().map(|s| json!({
            "name": person(ctx, &g.member_name(s.member_id)), "percent": s.percent.to_string(),
        })).collect::<Vec<_>>(),
        "rename_form": rename_form.to_value(),
        "member_form": forms.member.unwrap_or_default().to_value(),
        "split_form": split_form.to_value(),
        "members_problem": forms.members_problem,
    }))
}

async fn render(
    ctx: &PageCtx,
    actor: &Actor,
    group_id: ExpenseGroupId,
    status: StatusCode,
    forms: Forms,
) -> PageResult {
    let g = social::get_group(&ctx.state.app, actor, group_id).await?;
    let v = settings_context(ctx, actor, &g, forms).await?;
    let title = t_args(ctx, "soc-title-group-settings", &[("name", &g.name)]);
    Ok(ctx.render(status, "web/social/group_settings.html", &title, v))
}

fn settings_url(raw: &str) -> String {
    format!("/social/groups/{raw}/settings")
}

#[handler]
pub async fn group_settings_page(ctx: PageCtx, user: SignedIn, Path(raw): Path<String>) -> PageResult {
    render(&ctx, &user.actor, id(&raw)?, StatusCode::OK, Forms::default()).await
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    simplify: String,
}

/// Name and "simplify debts".
#[handler]
pub async fn rename_group(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<RenameForm>,
) -> PageResult {
    let group_id = id(&raw)?;
    let patch = GroupPatch {
        name: Some(f.name.clone()),
        simplify: Some(f.simplify == "on"),
        ..Default::default()
    };
    match social::update_group(&ctx.state.app, &user.actor, group_id, patch).await {
        Ok(_) => Ok(ctx.redirect_with_flash(&settings_url(&raw), Flash::GroupSaved)),
        Err(e) => {
            let mut form = FormState::with_values(&[("name", &f.name), ("simplify", &f.simplify)]);
            let status = form.absorb(e)?;
            let forms = Forms {
                rename: Some(form),
                ..Default::default()
            };
            render(&ctx, &user.actor, group_id, ctx.form_status(status), forms).await
        }
    }
}

async fn set_archived(ctx: &PageCtx, user: &SignedIn, raw: &str, archived: bool) -> PageResult {
    let patch = GroupPatch {
        archived: Some(archived),
        ..Default::default()
    };
    social::update_group(&ctx.state.app, &user.actor, id(raw)?, patch).await?;
    let flash = if archived {
        Flash::GroupArchived
    } else {
        Flash::GroupRestored
    };
    Ok(ctx.redirect_with_flash(&settings_url(raw), flash))
}

#[handler]
pub async fn archive_group_form(ctx: PageCtx, Path(raw): Path<String>, user: SignedIn) -> PageResult {
    set_archived(&ctx, &user, &raw, true).await
}

#[handler]
pub async fn restore_group_form(ctx: PageCtx, Path(raw): Path<String>, user: SignedIn) -> PageResult {
    set_archived(&ctx, &user, &raw, false).await
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    contact_id: String,
    #[serde(default)]
    new_name: String,
}

/// One of your contacts, or someone new by name.
#[handler]
pub async fn add_member_form(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(f): Form<MemberForm>,
) -> PageResult {
    let group_id = id(&raw)?;
    let input = MemberInput {
        contact_id: Some(f.contact_id.clone()),
        name: Some(f.new_name.clone()),
    };
    match social::add_group_member(&ctx.state.app, &user.actor, group_id, input).await {
        Ok(_) => Ok(ctx.redirect_with_flash(&settings_url(&raw), Flash::MemberAdded)),
        Err(e) => {
            let mut form =
                FormState::with_values(&[("contact_id", &f.contact_id), ("new_name", &f.new_name)]);
            let status = form.absorb_as(e, |field| {
                if field == "name" {
                    "new_name".into()
                } else {
                    field.into()
                }
            })?;
            let forms = Forms {
                member: Some(form),
                ..Default::default()
            };
            render(&ctx, &user.actor, group_id, ctx.form_status(status), forms).await
        }
    }
}

/// "Remove": refused with 409 and the way out while they have a balance.
#[handler]
pub async fn remove_member_form(
    ctx: PageCtx,
    Path((raw, member)): Path<(String, String)>,
    user: SignedIn,
) -> PageResult {
    let group_id = id(&raw)?;
    match social::remove_member(&ctx.state.app, &user.actor, group_id, id(&member)?).await {
        Ok(()) => Ok(ctx.redirect_with_flash(&settings_url(&raw), Flash::MemberRemoved)),
        Err(Error::Conflict(message)) => {
            let forms = Forms {
                members_problem: Some(message),
                ..Default::default()
            };
            render(
                &ctx,
                &user.actor,
                group_id,
                ctx.form_status(StatusCode::CONFLICT),
                forms,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A person the group is shared with leaves it (once settled).
#[handler]
pub async fn leave_group_form(ctx: PageCtx, Path(raw): Path<String>, user: SignedIn) -> PageResult {
    let group_id = id(&raw)?;
    match social::leave_group(&ctx.state.app, &user.actor, group_id).await {
        Ok(()) => Ok(ctx.redirect_with_flash("/social/groups", Flash::LeftGroup)),
        Err(Error::Conflict(message)) => {
            let forms = Forms {
                members_problem: Some(message),
                ..Default::default()
            };
            render(
                &ctx,
                &user.actor,
                group_id,
                ctx.form_status(StatusCode::CONFLICT),
                forms,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The default split: a percentage per member (blank: not in it); the
/// "clear" button removes it.
#[handler]
pub async fn save_default_split(
    ctx: PageCtx,
    Path(raw): Path<String>,
    user: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let app = &ctx.state.app;
    let group_id = id(&raw)?;
    let g = social::get_group(app, &user.actor, group_id).await?;
    let split = if field(&pairs, "clear").is_empty() {
        let shares: Vec<DefaultShareInput> = g
            .members
            .iter()
            .filter_map(|m| {
                let value = field(&pairs, &percent_field(&m.id.to_string())).trim();
                (!value.is_empty()).then(|| DefaultShareInput {
                    member_id: m.id.to_string(),
                    percent: value.into(),
                })
            })
            .collect();
        Some(shares)
    } else {
        None
    };
    let order: Vec<String> = split.iter().flatten().map(|s| s.member_id.clone()).collect();
    let patch = GroupPatch {
        default_split: Some(split),
        ..Default::default()
    };
    match social::update_group(app, &user.actor, group_id, patch).await {
        Ok(_) => Ok(ctx.redirect_with_flash(&settings_url(&raw), Flash::GroupSaved)),
        Err(e) => {
            let values: Vec<(&str, &str)> = pairs
                .iter()
                .filter(|(k, _)| k.starts_with("percent_"))
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let mut form = FormState::with_values(&values);
            // `default_split[1].percent` → the input of the second member given.
            let status = form.absorb_as(e, |f| {
                let index = f
                    .strip_prefix("default_split[")
                    .and_then(|rest| rest.split(']').next())
                    .and_then(|n| n.parse::<usize>().ok());
                match index.and_then(|i| order.get(i)) {
                    Some(member) => percent_field(member),
                    None => f.to_string(),
                }
            })?;
            let forms = Forms {
                split: Some(form),
                ..Default::default()
            };
            render(&ctx, &user.actor, group_id, ctx.form_status(status), forms).await
        }
    }
}
