//! An answer's body made of parts that are sent as they are: a page's kept
//! body (ADR 0032) goes out between the layout's head and tail without being
//! copied into one string per answer.

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use hyper::body::{Frame, SizeHint};
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// `parts` as one body whose exact length is known up front: hyper writes
/// `Content-Length` and hands the parts to one `writev`.
pub fn body(parts: impl IntoIterator<Item = Bytes>) -> poem::Body {
    let parts: VecDeque<Bytes> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    poem::Body::from(BoxBody::new(Spliced(parts)))
}

struct Spliced(VecDeque<Bytes>);

impl hyper::body::Body for Spliced {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(self.0.pop_front().map(|p| Ok(Frame::data(p))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.iter().map(|p| p.len() as u64).sum())
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use http_body_util::BodyExt;
    use http_body_util::combinators::BoxBody;
    use hyper::body::Body as _;

    #[tokio::test]
    async fn a_spliced_answer_says_its_length_and_sends_its_parts_in_order() {
        let kept = Bytes::from_static(b"<main>kept</main>");
        let body: BoxBody<Bytes, std::io::Error> =
            super::body([Bytes::from("<html>"), kept, Bytes::new(), Bytes::from("</html>")]).into();
        assert_eq!(
            body.size_hint().exact(),
            Some(30),
            "hyper writes Content-Length from it"
        );
        let all = body.collect().await.unwrap().to_bytes();
        assert_eq!(&all[..], b"<html><main>kept</main></html>");
    }
}
