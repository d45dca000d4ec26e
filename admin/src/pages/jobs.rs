//! Background work: outbox events not yet dispatched (filter by state,
//! cursor pages, CSV) and the job queue's counts and latest failures; retry
//! one failed or dead-lettered event or job, or all of them (superadmins,
//! with a reason, audited by the service).

use super::when;
use crate::flash::Flash;
use hisaab_http::{FormState, PageCtx, PageResult, SignedIn, csv, flash};
use hisaab_service::admin_jobs::{self, EventState, EventView, FailedJob, JobRetry, QueueReport};
use hisaab_service::audit::StaffReason;
use hisaab_service::entity::OutboxId;
use hisaab_service::identity;
use hisaab_service::{Actor, App, Error, Result};
use poem::handler;
use poem::http::StatusCode;
use poem::web::{Form, Path, Query};
use serde::Deserialize;
use serde_json::{Value, json};

/// Events per page ("Load more" fetches the next).
pub const EVENTS_PER_PAGE: u64 = 50;
/// Events read per query while a CSV download is written.
const CSV_PAGE: u64 = 500;
const CSV_COLUMNS: [&str; 8] = [
    "id",
    "event_type",
    "state",
    "attempts",
    "created_at",
    "next_attempt_at",
    "dead_at",
    "last_error",
];

#[derive(Deserialize)]
pub struct JobsQuery {
    /// `pending`, `running`, `failed` or `dead`; anything else is all.
    #[serde(default)]
    state: String,
    #[serde(default)]
    cursor: String,
    /// `csv`: every matching event as a download instead of a page.
    #[serde(default)]
    format: String,
}

fn event_row(e: &EventView) -> Value {
    let retryable = matches!(e.state, EventState::Failed | EventState::Dead);
    json!({
        "id": e.id.to_string(),
        "event_type": e.event_type,
        "state": e.state.name(),
        "attempts": e.attempts,
        "created_at": when(e.created_at),
        "next_attempt_at": (!matches!(e.state, EventState::Dead)).then(|| when(e.available_at)),
        "dead_at": e.dead_at.map(when),
        "last_error": e.last_error.clone().unwrap_or_default(),
        "retryable": retryable,
    })
}

fn csv_cells(e: &EventView) -> Vec<String> {
    vec![
        e.id.to_string(),
        e.event_type.clone(),
        e.state.name().to_string(),
        e.attempts.to_string(),
        when(e.created_at),
        if matches!(e.state, EventState::Dead) {
            String::new()
        } else {
            when(e.available_at)
        },
        e.dead_at.map(when).unwrap_or_default(),
        e.last_error.clone().unwrap_or_default(),
    ]
}

fn failed_job_row(j: &FailedJob) -> Value {
    json!({
        "id": j.id,
        "queue": j.queue,
        "state": j.state,
        "attempts": j.attempts,
        "max_attempts": j.max_attempts,
        "last_error": j.last_error,
        "at": j.at.map(when),
    })
}

fn queue_context(q: &QueueReport) -> Value {
    json!({
        "backend": q.backend,
        "error": q.error,
        "queues": q.queues.iter().map(|c| json!({
            "queue": c.queue,
            "pending": c.pending,
            "running": c.running,
            "failed": c.failed,
            "dead": c.dead,
            "done": c.done,
        })).collect::<Vec<_>>(),
        "failed": q.failed.iter().map(failed_job_row).collect::<Vec<_>>(),
        "failed_total": q.total(|c| c.failed + c.dead),
    })
}

/// `?state=` as the service reads it; an unknown state is "all".
fn parse_state(text: &str) -> Option<EventState> {
    EventState::parse(text.trim())
}

fn state_query(state: Option<EventState>) -> String {
    state.map(|s| format!("state={}", s.name())).unwrap_or_default()
}

/// Cursors are ids: anything else is dropped (a first page).
fn clean_cursor(text: &str) -> Option<String> {
    text.trim().parse::<OutboxId>().ok().map(|id| id.to_string())
}

/// What `admin/jobs/list.html` shows.
async fn list_context(
    app: &App,
    actor: &Actor,
    state: Option<EventState>,
    cursor: Option<&str>,
) -> Result<Value> {
    let page = admin_jobs::admin_list_outbox(app, actor, state, cursor, EVENTS_PER_PAGE).await?;
    let counts = admin_jobs::admin_outbox_counts(app, actor).await?;
    let queue = admin_jobs::admin_queue_report(app, actor).await?;
    let query = state_query(state);
    Ok(json!({
        "state": state.map(EventState::name).unwrap_or(""),
        "states": EventState::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "state_query": query,
        "counts": {
            "pending": counts.pending,
            "running": counts.running,
            "failed": counts.failed,
            "dead": counts.dead,
            "lag_seconds": counts.lag_seconds.round() as u64,
        },
        "events": page.events.iter().map(event_row).collect::<Vec<_>>(),
        "next_cursor": page.next_cursor,
        "csv_href": if query.is_empty() { "/jobs?format=csv".to_string() } else { format!("/jobs?format=csv&{query}") },
        "queue": queue_context(&queue),
        // Support staff see the lists without the buttons they may not use.
        "can_retry": actor.is_superadmin(),
        "retry_form": FormState::default().to_value(),
        "retry_target": "",
    }))
}

/// `GET /jobs?format=csv&state=`: every matching event, streamed a page at
/// a time, formula-safe; the download is audited first.
async fn jobs_csv(ctx: &PageCtx, staff: &SignedIn, state: Option<EventState>) -> PageResult {
    let app = ctx.app().clone();
    identity::admin_record_export(
        &app,
        &staff.actor,
        "outbox",
        json!({ "state": state.map(EventState::name) }),
    )
    .await?;
    let actor = staff.actor.clone();
    let rows = csv::paged(move |cursor: Option<String>| {
        let (app, actor) = (app.clone(), actor.clone());
        async move {
            let page =
                admin_jobs::admin_list_outbox(&app, &actor, state, cursor.as_deref(), CSV_PAGE).await?;
            Ok((page.events.iter().map(csv_cells).collect(), page.next_cursor))
        }
    });
    Ok(csv::download("outbox.csv", &CSV_COLUMNS, rows))
}

/// `GET /jobs?state=&cursor=`: the whole page, or only the event rows for
/// the filter and "Load more" (targeted htmx requests).
#[handler]
pub async fn jobs_list(ctx: PageCtx, staff: SignedIn, Query(query): Query<JobsQuery>) -> PageResult {
    let state = parse_state(&query.state);
    if query.format == "csv" {
        return jobs_csv(&ctx, &staff, state).await;
    }
    let cursor = clean_cursor(&query.cursor);
    let context = list_context(ctx.app(), &staff.actor, state, cursor.as_deref()).await?;
    Ok(ctx.page_or_partial(
        StatusCode::OK,
        "admin/jobs/list.html",
        "admin/jobs/rows_partial.html",
        "Jobs",
        context,
    ))
}

#[derive(Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    reason: String,
    /// The filter the page was showing, to come back to.
    #[serde(default)]
    state: String,
}

/// Which events or jobs a retry is about.
#[derive(Clone)]
enum Target {
    One(OutboxId),
    AllFailed,
    Job(String),
    AllJobs,
}

impl Target {
    /// Which form on the page re-renders with the refusal.
    fn form_id(&self) -> String {
        match self {
            Target::One(id) => id.to_string(),
            Target::AllFailed => "all".into(),
            Target::Job(id) => format!("job-{id}"),
            Target::AllJobs => "all-jobs".into(),
        }
    }
}

/// Parses the reason first, so a missing one changes nothing.
async fn retry(app: &App, actor: &Actor, target: Target, reason_text: &str) -> Result<Flash> {
    let reason = StaffReason::parse(reason_text)?;
    match target {
        Target::One(id) => {
            admin_jobs::admin_retry_outbox_event(app, actor, id, &reason).await?;
            Ok(Flash::OutboxRetried)
        }
        Target::AllFailed => {
            admin_jobs::admin_retry_failed_outbox(app, actor, &reason).await?;
            Ok(Flash::OutboxRetriedAll)
        }
        Target::Job(id) => {
            admin_jobs::admin_retry_job(app, actor, &JobRetry::One(id), &reason).await?;
            Ok(Flash::JobRetried)
        }
        Target::AllJobs => {
            admin_jobs::admin_retry_job(app, actor, &JobRetry::AllFailed, &reason).await?;
            Ok(Flash::JobsRetriedAll)
        }
    }
}

/// Runs a retry, then back to the list with a toast. A refusal re-renders
/// the page: 403 for support staff, 422 with the reason's field message.
async fn act(ctx: PageCtx, staff: SignedIn, target: Target, f: RetryForm) -> PageResult {
    let app = ctx.app();
    let state = parse_state(&f.state);
    let back = match state_query(state) {
        q if q.is_empty() => "/jobs".to_string(),
        q => format!("/jobs?{q}"),
    };
    let mut form = FormState::with_values(&[("reason", &f.reason)]);
    let (status, message) = match retry(app, &staff.actor, target.clone(), &f.reason).await {
        Ok(done) => return Ok(ctx.redirect_with_flash(&back, done)),
        Err(Error::Forbidden(message)) => (StatusCode::FORBIDDEN, Some(message)),
        Err(e @ (Error::Invalid { .. } | Error::Conflict(_))) => (form.absorb(e)?, None),
        Err(e) => return Err(e.into()),
    };
    let mut context = list_context(app, &staff.actor, state, None).await?;
    context["retry_form"] = form.to_value();
    context["retry_target"] = json!(target.form_id());
    if let Some(message) = message {
        context["flash"] = flash::error(&message);
    }
    Ok(ctx.render(ctx.form_status(status), "admin/jobs/list.html", "Jobs", context))
}

/// `POST /jobs/outbox/{id}/retry`
#[handler]
pub async fn retry_event(
    ctx: PageCtx,
    staff: SignedIn,
    Path(raw_id): Path<String>,
    Form(f): Form<RetryForm>,
) -> PageResult {
    let id: OutboxId = hisaab_http::path_id(&raw_id)?;
    act(ctx, staff, Target::One(id), f).await
}

/// `POST /jobs/outbox/retry-failed`
#[handler]
pub async fn retry_all_failed(ctx: PageCtx, staff: SignedIn, Form(f): Form<RetryForm>) -> PageResult {
    act(ctx, staff, Target::AllFailed, f).await
}

/// `POST /jobs/queue/{id}/retry`: one failed or given-up queue job. Job ids
/// are apalis's (ULIDs); anything longer than one is refused unread.
#[handler]
pub async fn retry_job(
    ctx: PageCtx,
    staff: SignedIn,
    Path(raw_id): Path<String>,
    Form(f): Form<RetryForm>,
) -> PageResult {
    let id = raw_id.trim();
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::NotFound.into());
    }
    act(ctx, staff, Target::Job(id.to_string()), f).await
}

/// `POST /jobs/queue/retry-failed`
#[handler]
pub async fn retry_all_failed_jobs(ctx: PageCtx, staff: SignedIn, Form(f): Form<RetryForm>) -> PageResult {
    act(ctx, staff, Target::AllJobs, f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_states_and_cursors_mean_everything_from_the_start() {
        assert_eq!(parse_state("dead"), Some(EventState::Dead));
        assert_eq!(parse_state("everything"), None);
        assert_eq!(clean_cursor("'; drop table outbox"), None);
        assert!(clean_cursor("0190c9f0-7a2b-7c3d-8e4f-0123456789ab").is_some());
    }
}
