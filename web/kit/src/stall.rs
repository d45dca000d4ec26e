//! A write deadline on every connection: a client that stops reading is
//! disconnected. Hyper writes a response only as fast as the socket takes
//! it, so a stalled client costs bounded memory already; what it would keep
//! forever is its connection (and, for an event stream, one of its person's
//! ten stream slots). When a write has waited [`STALL_LIMIT`] for the socket
//! to take anything, the write fails, hyper drops the connection, and the
//! client reconnects (an event stream resumes from `Last-Event-ID`).
//!
//! Applied at the listener, beneath hyper, because that is the only place
//! that sees a write waiting: the response body is simply not polled.

use poem::http::uri::Scheme;
use poem::listener::{Acceptor, Listener};
use poem::web::{LocalAddr, RemoteAddr};
use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// How long a write may wait for a client to read before it is dropped.
pub const STALL_LIMIT: Duration = Duration::from_secs(30);

/// A listener whose connections fail a write stalled for `limit`.
pub struct WriteDeadline<L> {
    inner: L,
    limit: Duration,
}

impl<L> WriteDeadline<L> {
    pub fn new(inner: L, limit: Duration) -> Self {
        Self { inner, limit }
    }
}

impl<L: Listener> Listener for WriteDeadline<L> {
    type Acceptor = DeadlineAcceptor<L::Acceptor>;

    async fn into_acceptor(self) -> io::Result<Self::Acceptor> {
        Ok(DeadlineAcceptor {
            inner: self.inner.into_acceptor().await?,
            limit: self.limit,
        })
    }
}

pub struct DeadlineAcceptor<A> {
    inner: A,
    limit: Duration,
}

impl<A: Acceptor> Acceptor for DeadlineAcceptor<A> {
    type Io = DeadlineIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        Ok((DeadlineIo::new(io, self.limit), local, remote, scheme))
    }
}

/// The connection: reads pass through; a write that stays pending past the
/// limit fails with `TimedOut`.
pub struct DeadlineIo<T> {
    inner: T,
    limit: Duration,
    /// Armed when a write first waits; cleared by any write that proceeds.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> DeadlineIo<T> {
    pub fn new(inner: T, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            stalled: None,
        }
    }

    /// `Ready(Err)` once a pending write has waited the limit, else `Pending`.
    fn wait(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => {
                tracing::debug!("dropping a connection whose client stopped reading");
                Poll::Ready(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client stopped reading",
                ))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn guard<R>(&mut self, cx: &mut Context<'_>, polled: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        match polled {
            Poll::Ready(r) => {
                self.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => self.wait(cx).map(Err),
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for DeadlineIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for DeadlineIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.guard(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.guard(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::listener::TcpListener;
    use poem::{Body, Route, Server, get, handler};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Endless data, as fast as the socket takes it.
    #[handler]
    fn firehose() -> Body {
        let chunk = bytes_of(64 * 1024);
        Body::from_bytes_stream(futures_util::stream::repeat_with(move || {
            Ok::<_, io::Error>(chunk.clone())
        }))
    }

    fn bytes_of(n: usize) -> Vec<u8> {
        vec![b'x'; n]
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_is_disconnected() {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = probe.local_addr().unwrap();
        drop(probe);
        let listener = WriteDeadline::new(TcpListener::bind(addr), Duration::from_millis(300));
        let server = tokio::spawn(Server::new(listener).run(Route::new().at("/", get(firehose))));
        let mut tcp = loop {
            match tokio::net::TcpStream::connect(addr).await {
                Ok(tcp) => break tcp,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        };
        tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        // Not reading: the server's writes stall, then fail.
        tokio::time::sleep(Duration::from_secs(2)).await;
        // Reading now drains what was buffered and then meets the end; an
        // endless response would keep this read going until the timeout.
        let mut buf = vec![0; 1 << 20];
        let drained = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                match tcp.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(drained.is_ok(), "the stalled connection was closed by the server");
        server.abort();
    }
}
