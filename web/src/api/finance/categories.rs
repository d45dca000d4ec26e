//! Categories: `/finance/categories`.

use super::FinanceTags;
use crate::api::json::ApiJson;
use crate::api::security::BearerAuth;
use crate::problem::ApiError;
use crate::state::AppState;
use hisaab_service::finance::CategoryId;
use hisaab_service::finance::categories::{self, CategoryChanges, CategoryView, NewCategory};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

/// An income or expense category (two levels: a category may have a parent).
#[derive(Object)]
struct Category {
    id: uuid::Uuid,
    name: String,
    /// `income` or `expense`.
    kind: String,
    parent_id: Option<uuid::Uuid>,
    /// `#rrggbb`.
    color: Option<String>,
    icon: Option<String>,
    archived: bool,
}

impl From<CategoryView> for Category {
    fn from(c: CategoryView) -> Self {
        Self {
            id: c.id.0,
            name: c.name,
            kind: c.kind.as_str().into(),
            parent_id: c.parent_id.map(|p| p.0),
            color: c.color,
            icon: c.icon,
            archived: c.archived,
        }
    }
}

#[derive(Object)]
struct CategoryList {
    items: Vec<Category>,
    /// Categories are few: always `null`.
    next_cursor: Option<String>,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateCategory {
    name: String,
    /// `income` or `expense`.
    #[oai(validator(pattern = r"^\s*(income|expense)\s*$"))]
    kind: String,
    /// A top-level category of the same kind.
    parent_id: Option<uuid::Uuid>,
    color: Option<String>,
    icon: Option<String>,
}

#[derive(Object, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateCategory {
    name: Option<String>,
    /// `null` clears it.
    #[oai(nullable)]
    #[serde(default)]
    color: MaybeUndefined<String>,
    /// `null` clears it.
    #[oai(nullable)]
    #[serde(default)]
    icon: MaybeUndefined<String>,
    /// Archived categories stay on old records but are not offered for new ones.
    archived: Option<bool>,
}

#[derive(ApiResponse)]
enum Created {
    #[oai(status = 201)]
    Created(Json<Category>, #[oai(header = "Location")] String),
}

pub struct CategoriesApi;

#[OpenApi(prefix_path = "/finance", tag = "FinanceTags::Categories")]
impl CategoriesApi {
    /// List categories
    ///
    /// A default set is created the first time a person lists their categories.
    #[oai(path = "/categories", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        include_archived: Query<Option<bool>>,
    ) -> Result<Json<CategoryList>, ApiError> {
        let items =
            categories::list_categories(&state.app, &auth.0, include_archived.0.unwrap_or(false)).await?;
        Ok(Json(CategoryList {
            items: items.into_iter().map(Category::from).collect(),
            next_cursor: None,
        }))
    }

    /// Create a category
    #[oai(path = "/categories", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        body: ApiJson<CreateCategory>,
    ) -> Result<Created, ApiError> {
        let b = body.0;
        let input = NewCategory {
            name: b.name,
            kind: b.kind,
            parent_id: b.parent_id.map(CategoryId),
            color: b.color,
            icon: b.icon,
        };
        let c = categories::create_category(&state.app, &auth.0, input).await?;
        let loc = super::location(&format!("/categories/{}", c.id));
        Ok(Created::Created(Json(c.into()), loc))
    }

    /// Get a category
    #[oai(path = "/categories/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<Json<Category>, ApiError> {
        Ok(Json(
            categories::get_category(&state.app, &auth.0, CategoryId(id.0))
                .await?
                .into(),
        ))
    }

    /// Rename, recolor, archive or restore a category
    #[oai(path = "/categories/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
        body: ApiJson<UpdateCategory>,
    ) -> Result<Json<Category>, ApiError> {
        let b = body.0;
        let changes = CategoryChanges {
            name: b.name,
            color: b.color.into(),
            icon: b.icon.into(),
            archived: b.archived,
        };
        Ok(Json(
            categories::update_category(&state.app, &auth.0, CategoryId(id.0), changes)
                .await?
                .into(),
        ))
    }
}
