//! Hourly API throttles per user (finance and social APIs): 200/hour for
//! users, 1000/hour for premium, shared through Redis when configured.

use crate::error::Result;
use crate::ratelimit::Decision;
use crate::{Actor, App};

pub async fn api_hit(app: &App, actor: &Actor) -> Result<Decision> {
    let limit = if actor.is_premium() {
        app.settings.api_throttle_premium_per_hour
    } else {
        app.settings.api_throttle_user_per_hour
    };
    Ok(app
        .limiter
        .hit(&format!("api:{}", actor.user_id), limit, 3600, app.now())
        .await?)
}
