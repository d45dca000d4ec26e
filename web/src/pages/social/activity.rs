//! Activity lines as a reader reads them: what the service stored as
//! catalogue messages (`Said`), said in the reader's language, amounts in
//! the reader's form, a group's members named as the reader knows them.

use super::person;
use crate::pages::PageCtx;
use hisaab_service::entity::social::GroupMemberId;
use hisaab_service::i18n;
use hisaab_service::money::display::format_amount_in;
use hisaab_service::social::{ActivityArg, ActivityView, GroupView, Said};

/// The line in the reader's language; a line written before the service
/// kept `said` (or naming a message this catalogue lacks) keeps its English
/// summary. `group` names the members of a group's line.
pub fn activity_text(ctx: &PageCtx, a: &ActivityView, group: Option<&GroupView>) -> String {
    if a.said.is_empty() || a.said.iter().any(|s| !i18n::has_message(i18n::Locale::En, &s.id)) {
        return a.summary.clone();
    }
    a.said
        .iter()
        .map(|s| said(ctx, s, group))
        .collect::<Vec<_>>()
        .join("; ")
}

fn said(ctx: &PageCtx, s: &Said, group: Option<&GroupView>) -> String {
    let mut args = i18n::Args::new();
    for (name, arg) in &s.args {
        // Whether the argument is the reader: the message picks "You paid …"
        // over "… paid you" by `{name}_is_you`.
        let (text, is_you) = match arg {
            ActivityArg::Money { amount, currency } => {
                (format_amount_in(amount, currency, true, ctx.locale), false)
            }
            ActivityArg::Member { member_id } => {
                let member = group.and_then(|g| g.member_or_former(GroupMemberId(*member_id)));
                match member {
                    Some(m) if m.viewer => (ctx.t("soc-list-you"), true),
                    Some(m) => (person(ctx, &m.name), false),
                    None => (ctx.t("soc-former-member"), false),
                }
            }
            ActivityArg::Fields { fields } => (
                fields
                    .iter()
                    .map(|f| field_label(ctx, f))
                    .collect::<Vec<_>>()
                    .join(", "),
                false,
            ),
            ActivityArg::Count(n) => {
                args.set(name.clone(), i18n::number(*n));
                continue;
            }
            // The service's word for an IOU's owner, as `person` reads it.
            ActivityArg::Text(text) => (person(ctx, text), text == "You"),
        };
        args.set(name.clone(), text);
        args.set(format!("{name}_is_you"), if is_you { "true" } else { "false" });
    }
    i18n::tr_args(ctx.locale, &s.id, Some(&args))
}

/// An IOU field by its wire name (`due_date`), as its form labels it.
fn field_label(ctx: &PageCtx, field: &str) -> String {
    let id = format!("soc-label-{}", field.replace('_', "-"));
    if i18n::has_message(i18n::Locale::En, &id) {
        ctx.t(&id)
    } else {
        field.replace('_', " ")
    }
}
