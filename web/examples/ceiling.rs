//! The throughput ceiling `bin/bench` reports beside our figures: a bare poem
//! handler doing one SeaORM query (a user by primary key) on the same database.
//! Run: `ceiling <database-url> <addr> <user-id>`.

use hisaab_service::entity::{UserId, user};
use poem::web::Data;
use poem::{EndpointExt, Route, Server, get, handler, listener::TcpListener};
use sea_orm::{Database, DatabaseConnection, EntityTrait};

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
    let mut options = sea_orm::ConnectOptions::new(url.clone());
    options.max_connections(20).sqlx_logging(false);
    let db = Database::connect(options).await?;
    let id: UserId = id.parse()?;
    let app = Route::new().at("/", get(one_query)).data(db).data(id);
    Server::new(TcpListener::bind(addr.as_str())).run(app).await?;
    Ok(())
}
