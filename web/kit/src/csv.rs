//! CSV downloads (`?format=csv` on the console's lists): written as the rows
//! arrive, a page of rows at a time, so a list of a million rows never sits
//! in memory; every cell is safe to open in a spreadsheet.
//!
//! Usage: build the rows with [`paged`] from a function that reads one page
//! (after a cursor) and turns its records into cells, then answer
//! [`download`]. Audit the export before answering: the rows are read after
//! the handler has returned.

use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use hisaab_service::Error;
use poem::http::header;
use poem::{Body, Response};
use std::future::Future;

pub use hisaab_service::csv::{cell, line};

/// The rows of a list read a page at a time: `page(cursor)` returns the
/// page's rows (as cells) and the cursor of the next page (`None` at the
/// end). The first call gets `None`.
pub fn paged<C, F, Fut>(mut page: F) -> BoxStream<'static, Result<Vec<String>, Error>>
where
    C: Send + 'static,
    F: FnMut(Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<Vec<String>>, Option<C>), Error>> + Send + 'static,
{
    enum State<C> {
        Next(Option<C>),
        Done,
    }
    stream::unfold(State::Next(None), move |state| {
        let fetched = match state {
            State::Next(cursor) => Some(page(cursor)),
            State::Done => None,
        };
        async move {
            match fetched?.await {
                Ok((rows, Some(next))) => Some((Ok(rows), State::Next(Some(next)))),
                Ok((rows, None)) => Some((Ok(rows), State::Done)),
                Err(e) => Some((Err(e), State::Done)),
            }
        }
    })
    .flat_map(|page| match page {
        Ok(rows) => stream::iter(rows.into_iter().map(Ok)).left_stream(),
        Err(e) => stream::iter([Err(e)]).right_stream(),
    })
    .boxed()
}

/// The answer: `text/csv` as an attachment named `filename`, the header
/// line, then the rows as they are read. A read that fails half way ends the
/// body early (the download is visibly incomplete) and is logged; it cannot
/// change a status already sent.
pub fn download(
    filename: &str,
    header_cells: &[&str],
    rows: impl Stream<Item = Result<Vec<String>, Error>> + Send + 'static,
) -> Response {
    let head = line(header_cells);
    let body = stream::once(async move { Ok::<_, std::io::Error>(head) }).chain(rows.map(|row| {
        row.map(line).map_err(|e| {
            tracing::error!(error = %e, "a CSV export failed half way");
            std::io::Error::other("export failed")
        })
    }));
    let safe_name: String = filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    Response::builder()
        .content_type("text/csv; charset=utf-8")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{safe_name}\""),
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_bytes_stream(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_prefixed() {
        for probe in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(probe).trim_start_matches('"').starts_with('\''), "{probe:?}");
        }
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("12.50"), "12.50");
    }

    #[test]
    fn cells_with_separators_are_quoted() {
        assert_eq!(
            line(["a,b", "say \"hi\"", "two\nlines", ""]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
    }

    #[tokio::test]
    async fn a_download_streams_every_page_after_the_header() {
        let rows = paged(|cursor: Option<u32>| async move {
            let at = cursor.unwrap_or(0);
            let rows = (at..(at + 2).min(5))
                .map(|i| vec![i.to_string(), format!("=cmd{i}")])
                .collect();
            let next = (at + 2 < 5).then_some(at + 2);
            Ok((rows, next))
        });
        let resp = download("users 2026.csv", &["n", "note"], rows);
        assert_eq!(resp.content_type(), Some("text/csv; charset=utf-8"));
        assert_eq!(
            resp.headers().get(header::CONTENT_DISPOSITION).unwrap(),
            "attachment; filename=\"users2026.csv\""
        );
        let text = resp.into_body().into_string().await.unwrap();
        assert_eq!(
            text,
            "n,note\r\n0,'=cmd0\r\n1,'=cmd1\r\n2,'=cmd2\r\n3,'=cmd3\r\n4,'=cmd4\r\n"
        );
    }
}
