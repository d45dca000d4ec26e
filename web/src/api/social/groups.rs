//! `/social/expense-groups`: groups, members, balances, plans, activity.

use super::{SocialTags, instant};
use crate::api::body::JsonBody;
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::social::{
    self, ActivityView, DefaultShareInput, GroupInput, GroupPatch, GroupView, MemberInput, MemberView,
};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::{Deserialize, Serialize};

pub struct GroupsApi;

/// A new expense group: you plus the given contacts.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct CreateGroup {
    pub name: String,
    /// The currency balances are kept in.
    pub currency: String,
    /// Your contacts to add as members (you are always a member).
    pub contact_ids: Vec<String>,
    /// Settle with the fewest payments (default true).
    pub simplify: Option<bool>,
}

impl poem_openapi::types::Example for CreateGroup {
    fn example() -> Self {
        Self {
            name: "Goa trip".into(),
            currency: "INR".into(),
            contact_ids: vec!["01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e5f".into()],
            simplify: Some(true),
        }
    }
}

/// Group settings to change; fields left out stay as they are.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    pub name: Option<String>,
    pub simplify: Option<bool>,
    /// `false` restores an archived group.
    pub archived: Option<bool>,
    /// The split that pre-fills new expenses: current members and their
    /// percentages (greater than 0, at most 4 decimal places, adding up to
    /// exactly 100; members left out share nothing). `null` clears it.
    #[oai(nullable)]
    #[serde(default)]
    pub default_split: MaybeUndefined<Vec<DefaultShareBody>>,
}

/// One member's percentage of a group's default split.
#[derive(Object, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[oai(example)]
pub struct DefaultShareBody {
    pub member_id: String,
    /// A decimal string, `"60"` or `"33.3333"`.
    pub percent: String,
}

impl poem_openapi::types::Example for DefaultShareBody {
    fn example() -> Self {
        Self {
            member_id: "01935c4e-8b1a-7c3d-9e2f-0a1b2c3d4e5f".into(),
            percent: "60".into(),
        }
    }
}

/// Whom to add: one of your contacts (`contact_id`), or someone new by
/// `name` (a new contact is made). Exactly one of the two.
#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    pub contact_id: Option<String>,
    /// The name of a new contact to add.
    pub name: Option<String>,
}

/// A member of a group.
#[derive(Object, Serialize)]
pub struct Member {
    pub id: uuid::Uuid,
    /// `null` for you.
    pub contact_id: Option<uuid::Uuid>,
    pub name: String,
}

impl From<MemberView> for Member {
    fn from(m: MemberView) -> Self {
        Self {
            id: m.id.0,
            contact_id: m.contact_id.map(|c| c.0),
            name: m.name,
        }
    }
}

#[derive(Object, Serialize)]
pub struct Group {
    pub id: uuid::Uuid,
    pub name: String,
    pub currency: String,
    pub simplify: bool,
    pub archived: bool,
    /// Current members, you first.
    pub members: Vec<Member>,
    /// Members who left or were removed: named on past expenses and settlements, offered for nothing new.
    pub former_members: Vec<Member>,
    /// The split that pre-fills new expenses (percentages adding up to 100), or `null`.
    pub default_split: Option<Vec<DefaultShareBody>>,
    pub created_at: String,
}

impl From<GroupView> for Group {
    fn from(g: GroupView) -> Self {
        Self {
            id: g.id.0,
            name: g.name,
            currency: g.currency.code().into(),
            simplify: g.simplify,
            archived: g.archived,
            members: g.members.into_iter().map(Into::into).collect(),
            former_members: g.former.into_iter().map(Into::into).collect(),
            default_split: g.default_split.map(|split| {
                split
                    .into_iter()
                    .map(|s| DefaultShareBody {
                        member_id: s.member_id.to_string(),
                        percent: s.percent.to_string(),
                    })
                    .collect()
            }),
            created_at: instant(g.created_at),
        }
    }
}

#[derive(Object, Serialize)]
pub struct GroupList {
    pub items: Vec<Group>,
    pub next_cursor: Option<String>,
}

#[derive(Object, Serialize)]
pub struct MemberBalance {
    pub member_id: uuid::Uuid,
    pub name: String,
    /// Positive: owed money; negative: owes.
    pub balance: String,
}

#[derive(Object, Serialize)]
pub struct PairwiseDebt {
    pub from_member_id: uuid::Uuid,
    pub to_member_id: uuid::Uuid,
    pub amount: String,
}

/// Net per member (summing to zero) and who owes whom.
#[derive(Object, Serialize)]
pub struct GroupBalances {
    pub currency: String,
    pub members: Vec<MemberBalance>,
    pub pairwise: Vec<PairwiseDebt>,
}

#[derive(Object, Serialize)]
pub struct PlanPayment {
    pub from_member_id: uuid::Uuid,
    pub to_member_id: uuid::Uuid,
    pub amount: String,
    /// The members whose balances this payment (with the others listing the same members) clears.
    pub clears_member_ids: Vec<uuid::Uuid>,
    /// Why this payment, in words; past five people they are counted, not named
    /// (`clears_member_ids` lists them).
    pub explanation: String,
}

/// Who should pay whom to settle every balance exactly.
#[derive(Object, Serialize)]
pub struct SettlePlan {
    pub currency: String,
    /// True when "simplify debts" is on (the fewest payments); false when payments follow pairwise debts.
    pub simplified: bool,
    pub payments: Vec<PlanPayment>,
}

#[derive(Object, Serialize)]
pub struct Activity {
    pub id: uuid::Uuid,
    /// `expense.added`, `expense.changed`, `expense.deleted`, `settlement.recorded`, …
    pub action: String,
    pub summary: String,
    pub actor_user_id: uuid::Uuid,
    pub subject_id: Option<uuid::Uuid>,
    /// For edits: `{"before": …, "after": …}`. `say` (lines written since
    /// 2026-12-07): the line as catalogue messages, `[{"id": "act-…", "args":
    /// {…}}]`, for a client that says it in its reader's language; an
    /// argument is text, a count, `{"amount", "currency"}`, `{"member_id"}`
    /// (a group member) or `{"fields"}` (IOU fields by name).
    pub details: serde_json::Value,
    pub created_at: String,
}

impl From<ActivityView> for Activity {
    fn from(a: ActivityView) -> Self {
        Self {
            id: a.id.0,
            action: a.action,
            summary: a.summary,
            actor_user_id: a.actor_user_id.0,
            subject_id: a.subject_id,
            details: a.details,
            created_at: instant(a.created_at),
        }
    }
}

#[derive(Object, Serialize)]
pub struct ActivityList {
    pub items: Vec<Activity>,
    pub next_cursor: Option<String>,
}

#[derive(ApiResponse)]
pub enum GroupCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<Group>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum MemberAdded {
    /// Added.
    #[oai(status = 201)]
    Created(Json<Member>),
}

#[derive(ApiResponse)]
pub enum MemberGone {
    /// Done: the member's past lines stay; they are in `former_members`.
    #[oai(status = 204)]
    Done,
}

#[OpenApi(prefix_path = "/social", tag = "SocialTags::ExpenseGroups")]
impl GroupsApi {
    /// Start an expense group
    #[oai(path = "/expense-groups", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateGroup>,
    ) -> Result<GroupCreated, ApiError> {
        let b = body.0;
        let g = social::create_group(
            &state.app,
            &auth.0,
            GroupInput {
                name: b.name,
                currency: b.currency,
                contact_ids: b.contact_ids,
                simplify: b.simplify,
            },
        )
        .await?;
        let location = format!("/api/v1/social/expense-groups/{}", g.id);
        Ok(GroupCreated::Created(Json(g.into()), location))
    }

    /// List expense groups
    #[oai(path = "/expense-groups", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        archived: Query<Option<bool>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<GroupList>, ApiError> {
        let page = social::list_groups(
            &state.app,
            &auth.0,
            archived.0.unwrap_or(false),
            cursor.0.as_deref(),
            limit.0,
        )
        .await?;
        Ok(Json(GroupList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }

    /// Get an expense group
    #[oai(path = "/expense-groups/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Group>, ApiError> {
        Ok(Json(
            social::get_group(&state.app, &auth.0, id.0.into()).await?.into(),
        ))
    }

    /// Change an expense group (name, simplify, archived, default split)
    #[oai(path = "/expense-groups/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateGroup>,
    ) -> Result<Json<Group>, ApiError> {
        let b = body.0;
        let g = social::update_group(
            &state.app,
            &auth.0,
            id.0.into(),
            GroupPatch {
                name: b.name,
                simplify: b.simplify,
                archived: b.archived,
                default_split: match b.default_split {
                    MaybeUndefined::Undefined => None,
                    MaybeUndefined::Null => Some(None),
                    MaybeUndefined::Value(v) => Some(Some(
                        v.into_iter()
                            .map(|s| DefaultShareInput {
                                member_id: s.member_id,
                                percent: s.percent,
                            })
                            .collect(),
                    )),
                },
            },
        )
        .await?;
        Ok(Json(g.into()))
    }

    /// Archive an expense group
    ///
    /// Its expenses and balances are kept; `PATCH {"archived": false}` restores it.
    #[oai(path = "/expense-groups/:id", method = "delete")]
    async fn archive(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Group>, ApiError> {
        Ok(Json(
            social::archive_group(&state.app, &auth.0, id.0.into())
                .await?
                .into(),
        ))
    }

    /// Add a member to a group
    ///
    /// One of your contacts, or someone new by name (a new contact is made in
    /// the same write). A contact who was removed earlier comes back as the
    /// same member, with their past expenses.
    #[oai(path = "/expense-groups/:id/members", method = "post")]
    async fn add_member(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<AddMember>,
    ) -> Result<MemberAdded, ApiError> {
        let b = body.0;
        let input = MemberInput {
            contact_id: b.contact_id,
            name: b.name,
        };
        let m = social::add_group_member(&state.app, &auth.0, id.0.into(), input).await?;
        Ok(MemberAdded::Created(Json(m.into())))
    }

    /// Remove a member from a group
    ///
    /// Only when their balance in the group is zero (their net and every
    /// debt with another member); otherwise a 409 that says to settle up
    /// first. Their past expenses and settlements stay. You cannot remove
    /// yourself (archive the group instead).
    #[oai(path = "/expense-groups/:id/members/:member_id", method = "delete")]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        member_id: Path<uuid::Uuid>,
    ) -> Result<MemberGone, ApiError> {
        social::remove_member(&state.app, &auth.0, id.0.into(), member_id.0.into()).await?;
        Ok(MemberGone::Done)
    }

    /// Leave a group shared with you
    ///
    /// For a person linked to a member of someone else's group. Only when
    /// your balance in the group is zero; otherwise a 409 that says to
    /// settle up first. Afterwards the group is no longer shared with you.
    #[oai(path = "/expense-groups/:id/leave", method = "post")]
    async fn leave(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<MemberGone, ApiError> {
        social::leave_group(&state.app, &auth.0, id.0.into()).await?;
        Ok(MemberGone::Done)
    }

    /// A group's balances
    ///
    /// Net per member (positive: owed money) and the pairwise "who owes whom".
    #[oai(path = "/expense-groups/:id/balances", method = "get")]
    async fn balances(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<JsonBody<GroupBalances>, ApiError> {
        let b = social::group_balances(&state.app, &auth.0, id.0.into()).await?;
        Ok(JsonBody(GroupBalances {
            currency: b.currency.code().into(),
            members: b
                .members
                .into_iter()
                .map(|m| MemberBalance {
                    member_id: m.member_id.0,
                    name: m.name,
                    balance: m.balance.to_string(),
                })
                .collect(),
            pairwise: b
                .pairwise
                .into_iter()
                .map(|p| PairwiseDebt {
                    from_member_id: p.from_member_id.0,
                    to_member_id: p.to_member_id.0,
                    amount: p.amount.to_string(),
                })
                .collect(),
        }))
    }

    /// A group's settle-up plan
    ///
    /// With "simplify debts" on, the fewest payments possible; off, one payment per pairwise debt.
    #[oai(path = "/expense-groups/:id/plan", method = "get")]
    async fn plan(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<JsonBody<SettlePlan>, ApiError> {
        let p = social::group_plan(&state.app, &auth.0, id.0.into()).await?;
        Ok(JsonBody(SettlePlan {
            currency: p.currency.code().into(),
            simplified: p.simplified,
            payments: p
                .payments
                .into_iter()
                .map(|p| PlanPayment {
                    from_member_id: p.from_member_id.0,
                    to_member_id: p.to_member_id.0,
                    amount: p.amount.to_string(),
                    clears_member_ids: p.clears.into_iter().map(|m| m.0).collect(),
                    explanation: p.explanation,
                })
                .collect(),
        }))
    }

    /// A group's activity
    ///
    /// Newest first: who added, changed, deleted or settled what (edits with before → after).
    #[oai(path = "/expense-groups/:id/activity", method = "get")]
    async fn activity(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))] limit: Query<Option<u64>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<ActivityList>, ApiError> {
        let page =
            social::group_activity(&state.app, &auth.0, id.0.into(), cursor.0.as_deref(), limit.0).await?;
        Ok(Json(ActivityList {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        }))
    }
}
