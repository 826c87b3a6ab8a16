//! The server's addresses: the page and its two assets, the JSON the page reads and sends,
//! the progress stream of a run, and a run's files.

use super::jobs::Job;
use super::workbench::{self, FieldProblem, Request};
use super::{App, levers, stem};
use crate::report::lang::Lang;
use crate::scenario::Source;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The largest request body: a page's variants are a few kilobytes.
const MAX_BODY: usize = 256 * 1024;

pub(super) fn router(app: App) -> Router {
    Router::new()
        .route("/", get(|| async { Html(INDEX) }))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript", SCRIPT) }),
        )
        .route("/app.css", get(|| async { asset("text/css", STYLE) }))
        .route("/api/phrases", get(phrases))
        .route("/api/scenarios", get(scenarios))
        .route("/api/scenarios/{id}", get(scenario))
        .route("/api/check", post(check))
        .route("/api/runs", post(submit))
        .route("/api/runs/{id}", get(status))
        .route("/api/runs/{id}/events", get(events))
        .route("/api/runs/{id}/cancel", post(cancel))
        .route("/runs/{id}/files/{name}", get(file))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "no such page".into()) })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(Arc::new(app))
}

type Shared = State<Arc<App>>;

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// A refusal the page shows: `{"message": …}` with a 4xx (or 5xx) status.
fn refuse(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// The page's phrases in both languages, and the language it opens in.
async fn phrases(State(app): Shared) -> Response {
    let table = |lang: Lang| {
        crate::report::lang::serve_phrases()
            .iter()
            .map(|(k, en, nl)| {
                let text = if lang == Lang::Nl { *nl } else { *en };
                (k.to_string(), serde_json::Value::from(text))
            })
            .collect::<serde_json::Map<String, serde_json::Value>>()
    };
    Json(json!({
        "lang": crate::commands::cli::value_name(&app.lang),
        "en": table(Lang::En),
        "nl": table(Lang::Nl),
        "version": crate::VERSION,
    }))
    .into_response()
}

/// The scenarios offered: number, file and name, or why one cannot be opened.
async fn scenarios(State(app): Shared) -> Response {
    let list: Vec<_> = app
        .scenarios
        .iter()
        .enumerate()
        .map(|(id, file)| {
            let problem = Source::read(file).and_then(|src| src.load()).err();
            json!({
                "id": id,
                "file": file.display().to_string(),
                "name": stem(file),
                "problem": problem.map(|e| e.to_string()),
            })
        })
        .collect();
    Json(list).into_response()
}

/// One scenario: its region, segments, providers and financing, its levers and the
/// variants it starts with.
async fn scenario(State(app): Shared, Path(id): Path<usize>) -> Response {
    let Some(file) = app.scenarios.get(id) else {
        return refuse(StatusCode::NOT_FOUND, format!("no scenario {id}"));
    };
    let loaded = Source::read(file).and_then(|s| Ok((s.load()?, s.parse()?, s)));
    let (model, parsed, source) = match loaded {
        Ok(x) => x,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    };
    let municipalities: Vec<_> = model
        .munis
        .iter()
        .map(|m| json!({ "name": m.name, "youth_0_17": m.youth_0_17 }))
        .collect();
    let schemes: Vec<_> = levers::SCHEMES
        .iter()
        .map(|(name, params)| json!({ "name": name, "params": params }))
        .collect();
    Json(json!({
        "id": id,
        "file": file.display().to_string(),
        "name": model.name,
        "start": model.month_label(0),
        "horizon_months": model.horizon,
        "replications": model.replications,
        "seed": model.seed,
        "municipalities": municipalities,
        "overview": crate::results::overview(&model),
        "groups": levers::levers(&source, &parsed),
        "schemes": schemes,
        "columns": workbench::initial_columns(&source, &parsed),
    }))
    .into_response()
}

/// A request built into a scenario file and checked: the problems (none when it runs),
/// the file's text and the name to save it under.
fn prepare(app: &App, request: &Request) -> Result<(String, String), Response> {
    let Some(file) = app.scenarios.get(request.scenario) else {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            format!("no scenario {}", request.scenario),
        ));
    };
    let base =
        Source::read(file).map_err(|e| refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let problems = |p: Vec<FieldProblem>| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "message": first(&p), "problems": p })),
        )
            .into_response()
    };
    let text = workbench::build(&base, request).map_err(problems)?;
    let name = stem(file);
    let found = workbench::check(file, &text, &request.columns);
    if found.is_empty() {
        Ok((text, name))
    } else {
        Err(problems(found))
    }
}

fn first(problems: &[FieldProblem]) -> String {
    problems
        .first()
        .map_or_else(String::new, |p| p.message.clone())
}

/// A JSON body, or a 4xx that says what is wrong with it.
fn body(request: Result<Json<Request>, JsonRejection>) -> Result<Request, Response> {
    request
        .map(|Json(r)| r)
        .map_err(|e| refuse(e.status(), e.body_text()))
}

async fn check(State(app): Shared, request: Result<Json<Request>, JsonRejection>) -> Response {
    let request = match body(request) {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    match prepare(&app, &request) {
        Ok((text, name)) => Json(json!({
            "problems": [],
            "text": text,
            "file_name": format!("{name}-web.ron"),
        }))
        .into_response(),
        Err(response) => response,
    }
}

async fn submit(State(app): Shared, request: Result<Json<Request>, JsonRejection>) -> Response {
    let request = match body(request) {
        Ok(r) => r,
        Err(refused) => return refused,
    };
    let lang = match request.lang.as_deref() {
        None => app.lang,
        Some(l) => match <Lang as clap::ValueEnum>::from_str(l, true) {
            Ok(lang) => lang,
            Err(_) => {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("unknown language `{l}`: nl or en"),
                );
            }
        },
    };
    let (text, name) = match prepare(&app, &request) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let columns = request.columns.len();
    let app2 = app.clone();
    let submitted =
        tokio::task::spawn_blocking(move || app2.jobs.submit(&name, text, columns, lang)).await;
    match submitted {
        Ok(Ok(job)) => (StatusCode::ACCEPTED, Json(job.status())).into_response(),
        Ok(Err(crate::error::Error::Usage(m))) => refuse(StatusCode::SERVICE_UNAVAILABLE, m),
        Ok(Err(e)) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn job(app: &App, id: u64) -> Result<Arc<Job>, Response> {
    app.jobs
        .get(id)
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, format!("no run {id}")))
}

async fn status(State(app): Shared, Path(id): Path<u64>) -> Response {
    match job(&app, id) {
        Ok(j) => Json(j.status()).into_response(),
        Err(r) => r,
    }
}

async fn cancel(State(app): Shared, Path(id): Path<u64>) -> Response {
    match job(&app, id) {
        Ok(j) => {
            j.cancel();
            Json(j.status()).into_response()
        }
        Err(r) => r,
    }
}

/// Cancels its run when dropped before the run ended: the page that watched it is gone.
struct CancelOnClose(Arc<Job>);

impl Drop for CancelOnClose {
    fn drop(&mut self) {
        if !self.0.is_final() {
            self.0.cancel();
        }
    }
}

/// The run's progress, five times a second, until it has ended. Closing the stream (the
/// tab) before then cancels the run.
async fn events(State(app): Shared, Path(id): Path<u64>) -> Response {
    let job = match job(&app, id) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let guard = CancelOnClose(job);
    let stream =
        futures_util::stream::unfold((guard, false, true), |(guard, ended, first)| async move {
            if ended {
                return None;
            }
            if !first {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let ended = guard.0.is_final();
            let event = Event::default()
                .event("progress")
                .json_data(guard.0.status())
                .unwrap_or_else(|_| Event::default().event("progress"));
            Some((Ok::<Event, Infallible>(event), (guard, ended, false)))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Deserialize)]
struct Download {
    #[serde(default)]
    download: bool,
}

/// One file of a run: the scenario file it ran (`scenario.ron`) or a file its results
/// folder holds, by name only.
async fn file(
    State(app): Shared,
    Path((id, name)): Path<(u64, String)>,
    Query(q): Query<Download>,
) -> Response {
    let job = match job(&app, id) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let (path, download_name) = if name == "scenario.ron" {
        let n = job.file.file_name().map_or_else(
            || "scenario.ron".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        (job.file.clone(), n)
    } else if job.files().contains(&name) {
        (job.dir.join(&name), name.clone())
    } else {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("run {id} has no file `{name}`"),
        );
    };
    let bytes =
        match tokio::task::spawn_blocking(move || std::fs::read(&path).map_err(|e| (path, e)))
            .await
            .unwrap_or_else(|e| Err((std::path::PathBuf::new(), std::io::Error::other(e))))
        {
            Ok(b) => b,
            Err((path, e)) => {
                return refuse(StatusCode::NOT_FOUND, format!("{}: {e}", path.display()));
            }
        };
    let kind = match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/plain; charset=utf-8",
    };
    let mut headers = vec![(header::CONTENT_TYPE, kind.to_string())];
    if q.download || name.ends_with(".xlsx") || name == "scenario.ron" {
        headers.push((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{download_name}\""),
        ));
    }
    let mut response = bytes.into_response();
    for (k, v) in headers {
        if let Ok(v) = v.parse() {
            response.headers_mut().insert(k, v);
        }
    }
    response
}
