//! Real processes: two `hisaab-web` and one `hisaab-worker` on one database.
//! An expense written through web A reaches a stream opened on web B, over
//! each transport the deployment implies: Redis pub/sub, PostgreSQL
//! LISTEN/NOTIFY (PostgreSQL without Redis), the signals table (SQLite).

use hisaab_service::testkit::{self, PASSWORD, TestApp};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process stopped (by its pid) when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn binary(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_hisaab-web")).with_file_name(name);
    assert!(
        path.exists(),
        "{} is not built: `cargo build --workspace --bins` (bin/test does)",
        path.display()
    );
    path
}

/// The servers refuse HISAAB_* variables they do not know (the tests' own),
/// so each starts from an empty environment.
fn start(
    bin: &str,
    db_url: &str,
    redis: Option<&str>,
    data: &std::path::Path,
    extra: &[(&str, String)],
) -> Running {
    let mut cmd = Command::new(binary(bin));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HISAAB_ENV", "dev")
        .env("HISAAB_DATABASE_URL", db_url)
        .env("HISAAB_DATA_DIR", data)
        .env("HISAAB_DEV_INSECURE_COOKIES", "true")
        .env("HISAAB_AUTH_RATE_LIMIT_PER_MINUTE", "1000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = redis {
        cmd.env("HISAAB_REDIS_URL", url);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    Running(cmd.spawn().expect("start the process"))
}

async fn web(db_url: &str, redis: Option<&str>, data: &std::path::Path) -> (Running, SocketAddr) {
    let addr = free_addr();
    let child = start(
        "hisaab-web",
        db_url,
        redis,
        data,
        &[
            ("HISAAB_WEB_ADDR", addr.to_string()),
            ("HISAAB_PUBLIC_URL", format!("http://{addr}")),
            ("HISAAB_WEB_METRICS_ADDR", free_addr().to_string()),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while request(addr, "GET", "/health/ready", None, None).0 != 200 {
        assert!(
            Instant::now() < deadline,
            "hisaab-web on {addr} did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, addr)
}

/// A whole HTTP/1.1 exchange: (status, body). Status 0 when nothing answers.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> (u16, String) {
    let Ok(mut tcp) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    if tcp
        .write_all(head.as_bytes())
        .and_then(|()| tcp.write_all(body.as_bytes()))
        .is_err()
    {
        return (0, String::new());
    }
    let mut raw = String::new();
    let _ = tcp.read_to_string(&mut raw);
    let status = raw.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let (status, text) = request(addr, method, path, token, Some(&body));
    assert!((200..300).contains(&status), "{method} {path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
}

/// Opens `GET /api/v1/events` and returns the connection, read with a timeout.
fn open_stream(addr: SocketAddr, token: &str) -> TcpStream {
    let mut tcp = TcpStream::connect(addr).unwrap();
    let head = format!(
        "GET /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).unwrap();
    tcp.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    tcp
}

/// Reads from `stream` until `needle` arrives or `wait` passes.
fn wait_for(stream: &mut TcpStream, needle: &str, wait: Duration) -> Result<String, String> {
    let deadline = Instant::now() + wait;
    let mut seen = String::new();
    let mut buf = [0u8; 8192];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => return Err(format!("the stream closed: {seen}")),
            Ok(n) => {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                if seen.contains(needle) {
                    return Ok(seen);
                }
            }
            Err(_) => continue, // the read timeout: look again
        }
    }
    Err(format!("{needle:?} did not arrive within {wait:?}; got {seen:?}"))
}

async fn an_expense_through_a_reaches_a_stream_on_b(redis: Option<&str>) {
    let t = TestApp::new().await;
    t.user("asha@example.com").await;
    let db_url = t.database_url().to_string();
    let redis = redis.map(str::to_string);
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (_a, a) = web(&db_url, redis.as_deref(), dirs[0].path()).await;
    let (_b, b) = web(&db_url, redis.as_deref(), dirs[1].path()).await;
    let _worker = start(
        "hisaab-worker",
        &db_url,
        redis.as_deref(),
        dirs[2].path(),
        &[("HISAAB_WORKER_METRICS_ADDR", free_addr().to_string())],
    );
    // The blocking HTTP runs off the test's runtime.
    tokio::task::spawn_blocking(move || {
        let token = json(
            b,
            "POST",
            "/api/v1/auth/token",
            None,
            serde_json::json!({ "email": "asha@example.com", "password": PASSWORD }),
        )["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        let mut stream = open_stream(b, &token);
        wait_for(&mut stream, "retry:", Duration::from_secs(10)).expect("the stream opens");

        let bilal = json(
            a,
            "POST",
            "/api/v1/social/contacts",
            Some(&token),
            serde_json::json!({ "name": "Bilal" }),
        );
        let group = json(
            a,
            "POST",
            "/api/v1/social/expense-groups",
            Some(&token),
            serde_json::json!({ "name": "Trip", "currency": "USD", "contact_ids": [bilal["id"]] }),
        );
        let payer = group["members"][0]["id"].clone();
        let written = Instant::now();
        let expense = json(
            a,
            "POST",
            &format!(
                "/api/v1/social/expense-groups/{}/expenses",
                group["id"].as_str().unwrap()
            ),
            Some(&token),
            serde_json::json!({ "description": "Dinner", "date": "2026-11-20", "total": "30.00",
                "payers": [{ "member_id": payer, "amount": "30.00" }], "split": { "method": "equal" } }),
        );
        let seen = wait_for(&mut stream, "event: expense.added", Duration::from_secs(15)).unwrap();
        let id = expense["id"].as_str().unwrap();
        assert!(seen.contains(id), "the event names the expense {id}: {seen}");
        eprintln!(
            "expense.added reached web B {:?} after web A answered",
            written.elapsed()
        );
    })
    .await
    .unwrap();
}

/// Without Redis: LISTEN/NOTIFY in the PostgreSQL suite, the signals table
/// (the embedded default) in the SQLite one.
#[tokio::test]
async fn across_two_web_processes_without_redis() {
    an_expense_through_a_reaches_a_stream_on_b(None).await;
}

#[tokio::test]
async fn across_two_web_processes_over_redis() {
    an_expense_through_a_reaches_a_stream_on_b(Some(&testkit::redis_url())).await;
}
