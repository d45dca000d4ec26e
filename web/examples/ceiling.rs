//! The throughput ceiling `bin/bench` reports beside our figures: a bare poem
//! handler doing one SeaORM query (a user by primary key) on the same database.
//! Run: `ceiling <database-url> <addr> <user-id>`. Its pool is opened by the
//! app's own `db::connect`, so both pay the same per-query pool costs.

use hisaab_service::entity::{UserId, user};
use poem::web::Data;
use poem::{EndpointExt, Route, Server, get, handler, listener::TcpListener};
use sea_orm::{DatabaseConnection, EntityTrait};

#[handler]
async fn one_query(db: Data<&DatabaseConnection>, id: Data<&UserId>) -> String {
    let found = user::Entity::find_by_id(**id).one(*db).await.ok().flatten();
    found.map(|u| u.email).unwrap_or_default()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, addr, id] = args.as_slice() else {
        anyhow::bail!("usage: ceiling <database-url> <addr> <user-id>");
    };
    let db = hisaab_service::db::connect(url, 20).await?;
    let id: UserId = id.parse()?;
    let app = Route::new().at("/", get(one_query)).data(db).data(id);
    Server::new(TcpListener::bind(addr.as_str())).run(app).await?;
    Ok(())
}
