//! The first request on a new connection, read before hyper is involved, so
//! that an event stream can be served without hyper's per-connection
//! buffers (see `event_stream`). Everything else goes on to hyper with the
//! bytes read so far put back in front (`Rewind`).

use http::request::Parts;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Longer heads are left to hyper, which answers them as it answers any.
pub const MAX_HEAD: usize = 16 * 1024;
/// A connection that sends no complete head in this long is closed, as a
/// proxy's header timeout would (hyper without a timer has none).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(60);
const FIRST_READ: usize = 2048;
const MAX_HEADERS: usize = 64;

/// What the first bytes of a connection turned out to be.
pub struct FirstRequest {
    /// Every byte read so far (the head, and whatever followed it).
    pub bytes: Vec<u8>,
    /// The head, when it is a request for one of the event-stream paths
    /// that this process serves itself: a complete `GET` without a body and
    /// with nothing sent after it.
    pub event_stream: Option<Parts>,
}

/// Reads until the first head is complete, turns out not to be an HTTP/1
/// request head we read ourselves, or exceeds [`MAX_HEAD`]. `None` when the
/// client closed or went quiet before sending anything useful.
pub async fn read<Io: AsyncRead + Unpin>(io: &mut Io, stream_paths: &[&str]) -> Option<FirstRequest> {
    tokio::time::timeout(HEAD_TIMEOUT, read_head(io, stream_paths))
        .await
        .ok()
        .flatten()
}

async fn read_head<Io: AsyncRead + Unpin>(io: &mut Io, stream_paths: &[&str]) -> Option<FirstRequest> {
    let mut bytes = Vec::with_capacity(FIRST_READ);
    loop {
        if bytes.len() == bytes.capacity() {
            bytes.reserve(FIRST_READ);
        }
        match io.read_buf(&mut bytes).await {
            Ok(0) | Err(_) if bytes.is_empty() => return None,
            Ok(0) | Err(_) => {
                return Some(FirstRequest {
                    bytes,
                    event_stream: None,
                });
            }
            Ok(_) => {}
        }
        match parse(&bytes, stream_paths) {
            Parsed::Partial if bytes.len() < MAX_HEAD => continue,
            Parsed::Partial | Parsed::Other => {
                return Some(FirstRequest {
                    bytes,
                    event_stream: None,
                });
            }
            Parsed::EventStream(parts) => {
                return Some(FirstRequest {
                    bytes,
                    event_stream: Some(*parts),
                });
            }
        }
    }
}

enum Parsed {
    Partial,
    /// Not one we serve ourselves (or not HTTP/1 at all): hyper decides.
    Other,
    EventStream(Box<Parts>),
}

fn parse(bytes: &[u8], stream_paths: &[&str]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let head_len = match request.parse(bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(_) => return Parsed::Other,
    };
    let (Some(method), Some(target), Some(minor)) = (request.method, request.path, request.version) else {
        return Parsed::Other;
    };
    let path = target.split('?').next().unwrap_or_default();
    // Pipelined bytes, a body, or an upgrade need hyper's full handling.
    let plain = head_len == bytes.len()
        && request.headers.iter().all(|h| {
            !(h.name.eq_ignore_ascii_case("transfer-encoding")
                || h.name.eq_ignore_ascii_case("upgrade")
                || (h.name.eq_ignore_ascii_case("content-length") && h.value != b"0"))
        });
    if method != "GET" || !plain || !stream_paths.contains(&path) {
        return Parsed::Other;
    }
    let mut builder = http::Request::builder()
        .method(http::Method::GET)
        .uri(target)
        .version(if minor == 0 {
            http::Version::HTTP_10
        } else {
            http::Version::HTTP_11
        });
    for h in request.headers.iter() {
        builder = builder.header(h.name, h.value);
    }
    // A header http rejects is hyper's to answer.
    match builder.body(()) {
        Ok(req) => Parsed::EventStream(Box::new(req.into_parts().0)),
        Err(_) => Parsed::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATHS: &[&str] = &["/events", "/api/v1/events"];

    fn parts(head: &str) -> Option<Parts> {
        match parse(head.as_bytes(), PATHS) {
            Parsed::EventStream(p) => Some(*p),
            _ => None,
        }
    }

    #[test]
    fn a_plain_get_of_a_stream_path_is_ours() {
        let p =
            parts("GET /api/v1/events?x=1 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer t\r\n\r\n").unwrap();
        assert_eq!(p.uri.path(), "/api/v1/events");
        assert_eq!(p.uri.query(), Some("x=1"));
        assert_eq!(p.headers["authorization"], "Bearer t");
        assert_eq!(p.version, http::Version::HTTP_11);
    }

    #[test]
    fn anything_else_goes_to_hyper() {
        for head in [
            "GET /groups HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /events HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n",
            "GET /events HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
            "GET /events HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n",
            "GET /events HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ] {
            assert!(parts(head).is_none(), "{head:?}");
        }
        assert!(matches!(
            parse(b"GET /events HTTP/1.1\r\nHo", PATHS),
            Parsed::Partial
        ));
    }

    #[tokio::test]
    async fn a_head_split_across_reads_is_put_together() {
        let (mut client, mut server) = tokio::io::duplex(64);
        let writer = tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            client.write_all(b"GET /events HTTP/1.1\r\n").await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
            client.write_all(b"Host: a\r\n\r\n").await.unwrap();
            client
        });
        let first = read(&mut server, PATHS).await.unwrap();
        assert!(first.event_stream.is_some());
        drop(writer.await.unwrap());
    }
}
