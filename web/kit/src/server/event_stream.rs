//! Event streams served straight on the connection (ADR 0024).
//!
//! Hyper keeps an 8 KB read buffer and an 8 KB write buffer for every
//! HTTP/1 connection for as long as it is open, and its connection task is
//! a few KB more: for 10,000 idle event streams that was over 300 MB. A
//! connection whose first request asks for an event stream is served here
//! instead: the request still goes through the whole endpoint (middleware,
//! authentication, limits, headers); only the writing of its answer is
//! ours. An idle stream then costs its own small state and a 16-byte probe
//! that notices the client leaving. The answer ends the connection
//! (`Connection: close`), so nothing more is read from it.
//!
//! A stream asked for on a connection that already carried other requests
//! is served by hyper as before; it works the same and costs more.

use bytes::Bytes;
use futures_util::Stream;
use http::header::{CONNECTION, CONTENT_LENGTH, DATE, TRANSFER_ENCODING};
use http::{HeaderMap, StatusCode, Version};
use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Body, Endpoint, Request};
use std::io::Write as _;
use std::pin::{Pin, pin};
use std::task::Poll;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_util::sync::CancellationToken;

/// Serves the one request `head` on `io`, then closes the connection.
pub async fn serve<Io, E>(
    mut io: Io,
    head: http::request::Parts,
    addrs: (LocalAddr, RemoteAddr, Scheme),
    endpoint: &E,
    stop: &CancellationToken,
) where
    Io: AsyncRead + AsyncWrite + Unpin,
    E: Endpoint + ?Sized,
{
    let version = head.version;
    let (local, remote, scheme) = addrs;
    let request = Request::from_parts((head, local, remote, scheme).into(), Body::empty());
    let response = endpoint.get_response(request).await;
    let streaming = response.status() == StatusCode::OK
        && response
            .content_type()
            .is_some_and(|t| t.starts_with("text/event-stream"));
    let (parts, body) = response.into_parts();
    if streaming {
        let chunked = version == Version::HTTP_11;
        let framing = if chunked {
            Framing::Chunked
        } else {
            Framing::UntilClose
        };
        if io
            .write_all(&head_bytes(parts.status, version, &parts.headers, framing))
            .await
            .is_ok()
            && io.flush().await.is_ok()
        {
            let ended = send_stream(&mut io, body.into_bytes_stream(), chunked, stop).await;
            if ended == Ending::ServerDone && chunked {
                let _ = io.write_all(b"0\r\n\r\n").await;
            }
        }
    } else {
        // Refusals (401, 429, …) are a few hundred bytes.
        let body = body.into_bytes().await.unwrap_or_default();
        let head = head_bytes(parts.status, version, &parts.headers, Framing::Length(body.len()));
        let _ = io.write_all(&head).await;
        let _ = io.write_all(&body).await;
    }
    let _ = io.shutdown().await;
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ending {
    /// The stream ended, or the server is shutting down.
    ServerDone,
    /// The client left, or the connection failed.
    ClientGone,
}

enum Step {
    Send(Bytes),
    Ignore,
    End(Ending),
}

async fn send_stream<Io>(
    io: &mut Io,
    body: impl Stream<Item = std::io::Result<Bytes>> + Send,
    chunked: bool,
    stop: &CancellationToken,
) -> Ending
where
    Io: AsyncRead + AsyncWrite + Unpin,
{
    let mut body = pin!(body);
    // Whatever a client sends after its request is not read by anyone; the
    // probe only notices the end of the connection.
    let mut probe = [0u8; 16];
    loop {
        let next = std::future::poll_fn(|cx| {
            match body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => return Poll::Ready(Step::Send(chunk)),
                Poll::Ready(Some(Err(_)) | None) => return Poll::Ready(Step::End(Ending::ServerDone)),
                Poll::Pending => {}
            }
            let mut buf = ReadBuf::new(&mut probe);
            match Pin::new(&mut *io).poll_read(cx, &mut buf) {
                Poll::Ready(Ok(())) if !buf.filled().is_empty() => Poll::Ready(Step::Ignore),
                Poll::Ready(_) => Poll::Ready(Step::End(Ending::ClientGone)),
                Poll::Pending => Poll::Pending,
            }
        });
        let step = tokio::select! {
            step = next => step,
            () = stop.cancelled() => Step::End(Ending::ServerDone),
        };
        match step {
            Step::Send(chunk) if chunk.is_empty() => {}
            Step::Send(chunk) => {
                let sent = if chunked {
                    io.write_all(&chunk_bytes(&chunk)).await
                } else {
                    io.write_all(&chunk).await
                };
                if sent.is_err() || io.flush().await.is_err() {
                    return Ending::ClientGone;
                }
            }
            Step::Ignore => {}
            Step::End(ending) => return ending,
        }
    }
}

#[derive(Clone, Copy)]
enum Framing {
    Chunked,
    Length(usize),
    UntilClose,
}

/// The response head. The status line answers in the request's version
/// (an HTTP/1.0 client gets no chunked encoding); framing and `Connection`
/// are ours to set, whatever the endpoint put there.
fn head_bytes(status: StatusCode, version: Version, headers: &HeaderMap, framing: Framing) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let version = if version == Version::HTTP_10 {
        "HTTP/1.0"
    } else {
        "HTTP/1.1"
    };
    let _ = write!(
        out,
        "{version} {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in headers {
        if name == CONTENT_LENGTH || name == TRANSFER_ENCODING || name == CONNECTION {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !headers.contains_key(DATE) {
        #[expect(
            clippy::disallowed_methods,
            reason = "the HTTP Date is the wall clock's, as hyper writes it on every other response; the app's Clock is for records"
        )]
        let _ = write!(
            out,
            "date: {}\r\n",
            httpdate::fmt_http_date(std::time::SystemTime::now())
        );
    }
    match framing {
        Framing::Chunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
        Framing::Length(n) => {
            let _ = write!(out, "content-length: {n}\r\n");
        }
        Framing::UntilClose => {}
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out
}

fn chunk_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    let _ = write!(out, "{:X}\r\n", data.len());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use poem::{EndpointExt, Route, get, handler};
    use tokio::io::AsyncReadExt;

    #[handler]
    fn events() -> poem::Response {
        let body = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"data: 1\n\n"))])
            .chain(futures_util::stream::pending());
        poem::Response::builder()
            .content_type("text/event-stream")
            .header("x-from-middleware", "kept")
            .body(Body::from_bytes_stream(body))
    }

    #[handler]
    fn refused() -> poem::Response {
        poem::Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .body("no")
    }

    fn head(path: &str, version: Version) -> http::request::Parts {
        http::Request::builder()
            .uri(path)
            .version(version)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    fn addrs() -> (LocalAddr, RemoteAddr, Scheme) {
        (LocalAddr::default(), RemoteAddr::default(), Scheme::HTTP)
    }

    #[tokio::test]
    async fn a_stream_is_written_chunked_and_ends_when_the_client_leaves() {
        let ep = Route::new().at("/events", get(events)).boxed();
        let (mut client, server) = tokio::io::duplex(4096);
        let stop = CancellationToken::new();
        let task = tokio::spawn(async move {
            serve(server, head("/events", Version::HTTP_11), addrs(), &ep, &stop).await
        });
        let mut got = Vec::new();
        while !got.ends_with(b"data: 1\n\n\r\n") {
            let mut buf = [0u8; 256];
            let n = client.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&got));
            got.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8(got).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("x-from-middleware: kept\r\n"));
        assert!(
            text.contains("transfer-encoding: chunked\r\nconnection: close\r\n\r\n9\r\ndata: 1\n\n\r\n"),
            "{text}"
        );
        drop(client);
        tokio::time::timeout(std::time::Duration::from_secs(5), task)
            .await
            .expect("the stream ends")
            .unwrap();
    }

    #[tokio::test]
    async fn a_stream_ends_cleanly_when_the_server_stops() {
        let ep = Route::new().at("/events", get(events)).boxed();
        let (mut client, server) = tokio::io::duplex(4096);
        let stop = CancellationToken::new();
        let stopper = stop.clone();
        let task = tokio::spawn(async move {
            serve(server, head("/events", Version::HTTP_11), addrs(), &ep, &stop).await
        });
        let mut buf = [0u8; 512];
        let _ = client.read(&mut buf).await.unwrap();
        stopper.cancel();
        task.await.unwrap();
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).await.unwrap();
        assert!(String::from_utf8_lossy(&rest).ends_with("0\r\n\r\n"));
    }

    #[tokio::test]
    async fn a_refusal_is_a_whole_response_and_http_1_0_gets_no_chunks() {
        let ep = Route::new().at("/events", get(refused)).boxed();
        let (mut client, server) = tokio::io::duplex(4096);
        let stop = CancellationToken::new();
        serve(server, head("/events", Version::HTTP_10), addrs(), &ep, &stop).await;
        let mut text = String::new();
        client.read_to_string(&mut text).await.unwrap();
        assert!(text.starts_with("HTTP/1.0 401 Unauthorized\r\n"), "{text}");
        assert!(
            text.ends_with("content-length: 2\r\nconnection: close\r\n\r\nno"),
            "{text}"
        );
        assert!(!text.contains("chunked"));
    }
}
