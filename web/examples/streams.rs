//! The load client of `bin/bench.d/streams` (issue 12): holds many SSE
//! streams open on loopback, and measures how long events take to reach them.
//!
//! - `streams idle <addr> <streams>`: signs up `streams / 10` people (ten
//!   streams each, the most a person may hold), opens every stream, prints
//!   `ready`, then holds them for `HOLD_SECONDS` (default 30) while the script
//!   reads the server's RSS, CPU and the database's transaction counters.
//! - `streams lag <addr-a> <addr-b> <streams> <writes>`: people as above,
//!   their streams spread over both servers; then `writes` new contacts (a
//!   few per second, through either server) each wake the writer's ten
//!   streams. Prints the lag from the write's commit time (the event's
//!   `created_at`) to its arrival here: p50, p99, max, and how many arrived.
//!
//! Plain HTTP/1.1 over tokio sockets: one small task per stream, so the
//! client is not what limits the figures.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hisaab_service::clock::{Clock, SystemClock};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc};

const PASSWORD: &str = "tangerine-otter-87";
const STREAMS_PER_PERSON: usize = 10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["idle", addr, streams] => idle(addr.parse()?, streams.parse()?).await,
        ["lag", a, b, streams, writes] => {
            lag([a.parse()?, b.parse()?], streams.parse()?, writes.parse()?).await
        }
        _ => anyhow::bail!(
            "usage: streams idle <addr> <streams> | streams lag <addr-a> <addr-b> <streams> <writes>"
        ),
    }
}

async fn idle(addr: SocketAddr, streams: usize) -> anyhow::Result<()> {
    let tokens = people(addr, streams.div_ceil(STREAMS_PER_PERSON)).await?;
    let (tx, _rx) = mpsc::unbounded_channel();
    let started = Instant::now();
    let open = open_streams(&[addr], &tokens, streams, tx).await?;
    println!(
        "opened {open} streams in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("ready");
    let hold: u64 = std::env::var("HOLD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    tokio::time::sleep(Duration::from_secs(hold)).await;
    Ok(())
}

async fn lag(addrs: [SocketAddr; 2], streams: usize, writes: usize) -> anyhow::Result<()> {
    let tokens = people(addrs[0], streams.div_ceil(STREAMS_PER_PERSON)).await?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let open = open_streams(&addrs, &tokens, streams, tx).await?;
    println!("opened {open} streams over two servers");
    // Let every subscription settle before the first write.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let expected = writes * STREAMS_PER_PERSON;
    let writer = tokio::spawn({
        let tokens = tokens.clone();
        async move {
            for i in 0..writes {
                let token = &tokens[i % tokens.len()];
                let body = format!(r#"{{"name":"Bench contact {i}"}}"#);
                let _ = request(
                    addrs[i % 2],
                    "POST",
                    "/api/v1/social/contacts",
                    Some(token),
                    Some(&body),
                )
                .await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    let mut lags = Vec::with_capacity(expected);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30 + writes as u64 / 10);
    while lags.len() < expected {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(lag)) => lags.push(lag),
            _ => break,
        }
    }
    writer.await?;
    lags.sort_unstable();
    let at = |q: f64| {
        lags.get(((lags.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
    };
    let ms = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0));
    println!(
        "events received {}/{expected}; lag commit→client p50 {} p99 {} max {}",
        lags.len(),
        ms(at(0.50)),
        ms(at(0.99)),
        ms(lags.last().copied())
    );
    Ok(())
}

/// Signs up `count` people (four at a time: argon2 bounds it) and answers their access tokens.
async fn people(addr: SocketAddr, count: usize) -> anyhow::Result<Vec<String>> {
    let run = SystemClock.now().unix_timestamp();
    let gate = Arc::new(Semaphore::new(4));
    let mut tasks = Vec::new();
    for i in 0..count {
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let email = format!("stream-{run}-{i}@example.com");
            let signup =
                format!(r#"{{"email":"{email}","password":"{PASSWORD}","display_name":"Stream {i}"}}"#);
            request(addr, "POST", "/api/v1/auth/register", None, Some(&signup)).await?;
            let creds = format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#);
            let (status, body) = request(addr, "POST", "/api/v1/auth/token", None, Some(&creds)).await?;
            let json: serde_json::Value = serde_json::from_str(&body)?;
            json["access_token"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| anyhow::anyhow!("no token ({status}): {body}"))
        }));
    }
    let mut tokens = Vec::with_capacity(count);
    for t in tasks {
        tokens.push(t.await??);
    }
    Ok(tokens)
}

/// Opens `streams` streams, ten per token, round-robin over `addrs`; each
/// sends the lag of every event it receives into `lags`. Answers how many opened.
async fn open_streams(
    addrs: &[SocketAddr],
    tokens: &[String],
    streams: usize,
    lags: mpsc::UnboundedSender<Duration>,
) -> anyhow::Result<usize> {
    let gate = Arc::new(Semaphore::new(200));
    let (opened_tx, mut opened_rx) = mpsc::unbounded_channel::<bool>();
    for i in 0..streams {
        let addr = addrs[i % addrs.len()];
        let token = tokens[i / STREAMS_PER_PERSON].clone();
        let (gate, opened, lags) = (gate.clone(), opened_tx.clone(), lags.clone());
        tokio::spawn(async move {
            let permit = gate.acquire_owned().await;
            match subscribe(addr, &token).await {
                Ok(reader) => {
                    drop(permit);
                    let _ = opened.send(true);
                    read_events(reader, lags).await;
                }
                Err(e) => {
                    eprintln!("stream {i}: {e:#}");
                    let _ = opened.send(false);
                }
            }
        });
    }
    drop(opened_tx);
    let mut open = 0;
    for _ in 0..streams {
        if opened_rx.recv().await == Some(true) {
            open += 1;
        }
    }
    Ok(open)
}

/// Connects and reads up to the stream's `retry:` hint.
async fn subscribe(addr: SocketAddr, token: &str) -> anyhow::Result<BufReader<TcpStream>> {
    let mut tcp = TcpStream::connect(addr).await?;
    let head = format!(
        "GET /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await?;
    let mut reader = BufReader::new(tcp);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            anyhow::bail!("closed before the stream began");
        }
        if line.starts_with("HTTP/1.1 ") && !line.starts_with("HTTP/1.1 200") {
            anyhow::bail!("refused: {}", line.trim_end());
        }
        if line.starts_with("retry:") {
            return Ok(reader);
        }
    }
}

/// Each `data:` line's `created_at` against the time it arrived.
async fn read_events(mut reader: BufReader<TcpStream>, lags: mpsc::UnboundedSender<Duration>) {
    let mut line = String::new();
    while reader.read_line(&mut line).await.unwrap_or(0) > 0 {
        if let Some(data) = line.strip_prefix("data:") {
            let at = SystemClock.now();
            let created = serde_json::from_str::<serde_json::Value>(data.trim())
                .ok()
                .and_then(|v| {
                    v["created_at"]
                        .as_str()
                        .and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
                });
            if let Some(created) = created {
                let _ = lags.send((at - created).try_into().unwrap_or_default());
            }
        }
        line.clear();
    }
}

/// One request on its own connection: (status, body).
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> anyhow::Result<(u16, String)> {
    let mut tcp = TcpStream::connect(addr).await?;
    let body = body.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    head.push_str(body);
    tcp.write_all(head.as_bytes()).await?;
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await?;
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    // The JSON itself, whether the body came whole or chunked.
    let body = match (answer.find('{'), answer.rfind('}')) {
        (Some(from), Some(to)) if from < to => answer[from..=to].to_string(),
        _ => String::new(),
    };
    Ok((status, body))
}
