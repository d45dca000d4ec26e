//! A person's personal finance as staff read it: accounts with balances,
//! transactions (filtered), categories, assets and liabilities, loans.

use super::{after, bad_cursor, owner};
use crate::error::Result;
use crate::finance::accounts::{self, AccountFilter, AccountView};
use crate::finance::categories::CategoryView;
use crate::finance::holdings::{self, HoldingView, Side};
use crate::finance::loans::{self, LoanView};
use crate::finance::transactions::{TransactionFilter, TransactionView, latest_transactions};
use crate::finance::{AccountId, CategoryId, Flow, LoanId};
use crate::pagination::{self, Cursor, Page};
use crate::{Actor, App, db};
use hisaab_entity::UserId;
use hisaab_entity::finance::{account, category, loan};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Accounts oldest first, archived ones included, with balances.
pub async fn accounts(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<AccountView>> {
    let owner = owner(app, staff, user).await?;
    let filter = AccountFilter {
        include_archived: true,
        cursor: cursor.map(str::to_string),
        limit: Some(limit),
    };
    accounts::list_accounts(app, &owner, filter).await
}

/// Transactions newest first, narrowed by `filter` (its cursor and limit
/// page them), as the person's own register lists them.
pub async fn transactions(
    app: &App,
    staff: &Actor,
    user: UserId,
    filter: TransactionFilter,
) -> Result<Page<TransactionView>> {
    let owner = owner(app, staff, user).await?;
    let (items, next_cursor) = latest_transactions(app, &owner, filter).await?;
    Ok(Page { items, next_cursor })
}

#[derive(Clone, Debug)]
pub struct AccountName {
    pub id: AccountId,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct CategoryName {
    pub id: CategoryId,
    pub name: String,
    pub kind: Flow,
}

/// The names of a person's accounts and categories: the transaction tab's
/// filter choices and its account and category columns (two statements
/// however many records; a person has tens of each, not thousands).
#[derive(Clone, Debug, Default)]
pub struct RecordNames {
    pub accounts: Vec<AccountName>,
    pub categories: Vec<CategoryName>,
}

impl RecordNames {
    pub fn account(&self, id: AccountId) -> &str {
        self.accounts
            .iter()
            .find(|a| a.id == id)
            .map_or("", |a| a.name.as_str())
    }

    pub fn category(&self, id: Option<CategoryId>) -> &str {
        id.and_then(|id| self.categories.iter().find(|c| c.id == id))
            .map_or("", |c| c.name.as_str())
    }
}

pub async fn record_names(app: &App, staff: &Actor, user: UserId) -> Result<RecordNames> {
    let owner = owner(app, staff, user).await?;
    let accounts = account::Entity::find()
        .select_only()
        .columns([account::Column::Id, account::Column::Name])
        .filter(account::Column::TenantId.eq(owner.tenant_id))
        .order_by_asc(account::Column::Name)
        .into_tuple::<(AccountId, String)>()
        .all(&app.db)
        .await?
        .into_iter()
        .map(|(id, name)| AccountName { id, name })
        .collect();
    let categories = category::Entity::find()
        .select_only()
        .columns([
            category::Column::Id,
            category::Column::Name,
            category::Column::Kind,
        ])
        .filter(category::Column::TenantId.eq(owner.tenant_id))
        .order_by_asc(category::Column::Name)
        .into_tuple::<(CategoryId, String, crate::finance::FlowKind)>()
        .all(&app.db)
        .await?
        .into_iter()
        .map(|(id, name, kind)| CategoryName {
            id,
            name,
            kind: kind.into(),
        })
        .collect();
    Ok(RecordNames { accounts, categories })
}

/// Categories oldest first, archived ones included. Read directly: the web
/// app's list creates the default categories on first use, and a staff
/// read must not write to the person's records.
pub async fn categories(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<CategoryView>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.categories");
    let mut query = category::Entity::find()
        .filter(category::Column::TenantId.eq(owner.tenant_id))
        .order_by_asc(category::Column::Id);
    if let Some(c) = after(cursor, &tag)? {
        let id: CategoryId = c.id.parse().map_err(|_| bad_cursor())?;
        query = query.filter(category::Column::Id.gt(id));
    }
    let rows: Vec<category::Model> = db::all_limited(&app.db, query, limit + 1).await?;
    let rows: Vec<CategoryView> = rows.into_iter().map(CategoryView::from).collect();
    Ok(Page::from_rows(rows, limit, &tag, |c| Cursor {
        key: String::new(),
        id: c.id.to_string(),
    }))
}

/// Assets or liabilities oldest first, archived ones included, with their
/// latest values.
pub async fn holdings(
    app: &App,
    staff: &Actor,
    user: UserId,
    side: Side,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<HoldingView>> {
    let owner = owner(app, staff, user).await?;
    holdings::list_holdings(app, &owner, side, true, cursor.map(str::to_string), Some(limit)).await
}

/// Loans newest first, with what is paid and outstanding (the page's
/// payments in one statement).
pub async fn loans(
    app: &App,
    staff: &Actor,
    user: UserId,
    cursor: Option<&str>,
    limit: u64,
) -> Result<Page<LoanView>> {
    let owner = owner(app, staff, user).await?;
    let limit = pagination::limit(Some(limit))?;
    let tag = pagination::filter_tag("admin.loans");
    let mut query = loan::Entity::find()
        .filter(loan::Column::TenantId.eq(owner.tenant_id))
        .order_by_desc(loan::Column::Id);
    if let Some(c) = after(cursor, &tag)? {
        let id: LoanId = c.id.parse().map_err(|_| bad_cursor())?;
        query = query.filter(loan::Column::Id.lt(id));
    }
    let rows: Vec<loan::Model> = db::all_limited(&app.db, query, limit + 1).await?;
    let page = Page::from_rows(rows, limit, &tag, |l| Cursor {
        key: String::new(),
        id: l.id.to_string(),
    });
    let ids: Vec<LoanId> = page.items.iter().map(|l| l.id).collect();
    let payments = loans::payments_of(&app.db, &owner, &ids).await?;
    let items = page
        .items
        .into_iter()
        .map(|m| loans::build(m, &payments))
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}
