//! Finished exports as objects in an S3-compatible bucket (`HISAAB_S3_*`,
//! ADR 0030), so every web instance can serve an export any worker built
//! without a shared data directory.
//!
//! The zip is built in a local file under `<data_dir>/exports` as with
//! [`LocalStore`], then sent with a multipart upload that reads it
//! [`PART_SIZE`] bytes at a time (memory stays one part, whatever the size of
//! the account); a failed upload is aborted, so the bucket keeps no parts and
//! no object, and the local file is deleted once the object is complete. A
//! download streams the object's body through; the purge deletes it.
//!
//! Requests are signed as SigV4 presigned URLs by `rusty-s3` (no I/O of its
//! own) and sent by one shared `reqwest` client, path-style
//! (`<endpoint>/<bucket>/<prefix><key>`).

use super::store::{ExportStore, LocalStore, Opened, blocking, check_key};
use crate::settings::S3Settings;
use futures_util::TryStreamExt;
use reqwest::{StatusCode, Url};
use rusty_s3::actions::CompleteMultipartUploadResponse;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use std::io;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::AsyncReadExt;

/// Bytes per part of an upload. S3 wants 5 MiB to 5 GiB for every part but
/// the last, and at most 10,000 parts: 8 MiB parts allow 78 GiB exports.
pub const PART_SIZE: usize = 8 * 1024 * 1024;
/// S3's limit on the parts of one upload.
const MAX_PARTS: u16 = 10_000;
/// How long a signed request stays valid. Each is sent as soon as it is
/// signed (a download's signature is checked when it starts, not while the
/// body streams), so this only has to cover clock skew.
const SIGNED_FOR: Duration = Duration::from_secs(15 * 60);

/// The client every store shares (one connection pool per process).
fn client() -> io::Result<reqwest::Client> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(c) = CLIENT.get() {
        return Ok(c.clone());
    }
    let built = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        // Between reads, not in all: a large download may take minutes.
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| io::Error::other(format!("cannot make the S3 client: {e}")))?;
    Ok(CLIENT.get_or_init(|| built).clone())
}

/// A bucket of finished exports.
#[derive(Clone)]
pub struct S3Store {
    /// Where the zip is written before it is uploaded.
    local: LocalStore,
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    part_size: usize,
}

impl std::fmt::Debug for S3Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Store")
            .field("bucket", &self.bucket.base_url().as_str())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl S3Store {
    /// The bucket of `settings`, building zips in `local` first.
    pub fn new(settings: &S3Settings, local: LocalStore) -> io::Result<Self> {
        let bad = |e: String| io::Error::new(io::ErrorKind::InvalidInput, e);
        let endpoint: Url = settings
            .endpoint
            .parse()
            .map_err(|e| bad(format!("HISAAB_S3_ENDPOINT is not a URL: {e}")))?;
        let bucket = Bucket::new(
            endpoint,
            UrlStyle::Path,
            settings.bucket.clone(),
            settings.region.clone(),
        )
        .map_err(|e| bad(format!("HISAAB_S3_ENDPOINT/HISAAB_S3_BUCKET: {e}")))?;
        Ok(Self {
            local,
            bucket,
            credentials: Credentials::new(
                settings.access_key_id.clone(),
                settings.secret_access_key.expose(),
            ),
            prefix: settings.prefix.clone(),
            part_size: PART_SIZE,
        })
    }

    /// Uploads in parts of `bytes` instead of [`PART_SIZE`]. A server
    /// refuses parts under 5 MiB (but the last) when the upload completes:
    /// the tests use that to fail an upload after its parts were sent.
    pub fn with_part_size(mut self, bytes: usize) -> Self {
        self.part_size = bytes.max(1);
        self
    }

    /// The object name of `key`.
    pub fn object(&self, key: &str) -> io::Result<String> {
        check_key(key)?;
        Ok(format!("{}{key}", self.prefix))
    }

    /// Whether the object of `key` exists (for checks and tests).
    pub async fn exists(&self, key: &str) -> io::Result<bool> {
        let object = self.object(key)?;
        let url = self
            .bucket
            .head_object(Some(&self.credentials), &object)
            .sign(SIGNED_FOR);
        match send(client()?.head(url), "HeadObject").await {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn start_upload(&self, object: &str) -> io::Result<String> {
        // Signed here, not by `create_multipart_upload`: rusty-s3 sends
        // `?uploads=1`, which S3 takes but moto's router does not; the bare
        // `?uploads` (what the AWS SDKs send) suits both. Same signer.
        let url = rusty_s3::signing::sign(
            &jiff::Timestamp::now(),
            rusty_s3::Method::Post,
            self.bucket.object_url(object),
            self.credentials.key(),
            self.credentials.secret(),
            self.credentials.token(),
            self.bucket.region(),
            SIGNED_FOR.as_secs(),
            std::iter::once(("uploads", "")),
            std::iter::empty(),
        );
        let text = body_text(send(empty(client()?.post(url)), "CreateMultipartUpload").await?).await?;
        let parsed = rusty_s3::actions::CreateMultipartUpload::parse_response(&text)
            .map_err(|e| io::Error::other(format!("CreateMultipartUpload answered {e}: {text}")))?;
        Ok(parsed.upload_id().to_string())
    }

    /// Sends the file in parts and completes the upload.
    async fn upload(&self, object: &str, upload_id: &str, mut file: tokio::fs::File) -> io::Result<()> {
        let client = client()?;
        let mut etags = Vec::new();
        loop {
            let mut part = Vec::with_capacity(self.part_size);
            (&mut file)
                .take(self.part_size as u64)
                .read_to_end(&mut part)
                .await?;
            // An empty file is still one (empty) part; an empty read after
            // a full part is the end.
            if part.is_empty() && !etags.is_empty() {
                break;
            }
            let last = part.len() < self.part_size;
            let number = u16::try_from(etags.len() + 1)
                .ok()
                .filter(|n| *n <= MAX_PARTS)
                .ok_or_else(|| io::Error::other("the export is too large for one upload"))?;
            let url = self
                .bucket
                .upload_part(Some(&self.credentials), object, number, upload_id)
                .sign(SIGNED_FOR);
            let resp = send(client.put(url).body(part), "UploadPart").await?;
            let etag = resp
                .headers()
                .get(reqwest::header::ETAG)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| io::Error::other("UploadPart answered without an ETag"))?
                .to_string();
            etags.push(etag);
            if last {
                break;
            }
        }
        let complete = self.bucket.complete_multipart_upload(
            Some(&self.credentials),
            object,
            upload_id,
            etags.iter().map(String::as_str),
        );
        let url = complete.sign(SIGNED_FOR);
        let resp = send(client.post(url).body(complete.body()), "CompleteMultipartUpload").await?;
        // S3 may answer 200 and still fail: the body then holds an `Error`.
        let text = body_text(resp).await?;
        CompleteMultipartUploadResponse::parse(&text)
            .map_err(|e| io::Error::other(format!("CompleteMultipartUpload failed ({e}): {text}")))?;
        Ok(())
    }

    /// Drops the parts of a failed upload (they would be stored, and billed,
    /// until then). Best effort: the bucket's lifecycle rule is the net.
    async fn abort(&self, object: &str, upload_id: &str) {
        let url = self
            .bucket
            .abort_multipart_upload(Some(&self.credentials), object, upload_id)
            .sign(SIGNED_FOR);
        let result = match client() {
            Ok(c) => send(empty(c.delete(url)), "AbortMultipartUpload").await.map(drop),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, object, "could not abort a failed export upload");
        }
    }
}

#[async_trait::async_trait]
impl ExportStore for S3Store {
    fn create(&self, key: &str) -> io::Result<std::fs::File> {
        self.local.create(key)
    }

    fn scratch(&self, key: &str) -> io::Result<std::path::PathBuf> {
        self.local.scratch(key)
    }

    async fn finish(&self, key: &str) -> io::Result<()> {
        let object = self.object(key)?;
        let file = tokio::fs::File::open(self.local.path(key)?).await?;
        let upload_id = self.start_upload(&object).await?;
        if let Err(e) = self.upload(&object, &upload_id, file).await {
            self.abort(&object, &upload_id).await;
            return Err(e);
        }
        let local = self.local.clone();
        let key = key.to_string();
        blocking(move || local.remove_local(&key)).await
    }

    async fn open(&self, key: &str) -> io::Result<Opened> {
        let object = self.object(key)?;
        let url = self
            .bucket
            .get_object(Some(&self.credentials), &object)
            .sign(SIGNED_FOR);
        let resp = match send(client()?.get(url), "GetObject").await {
            // Built before the bucket was configured: still on local disk
            // until the purge removes it there.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return self.local.open(key).await,
            other => other?,
        };
        let size = resp
            .content_length()
            .ok_or_else(|| io::Error::other("GetObject answered without a length"))?;
        let stream = resp.bytes_stream().map_err(io::Error::other);
        Ok(Opened {
            body: Box::pin(tokio_util::io::StreamReader::new(stream)),
            size,
        })
    }

    async fn remove(&self, key: &str) -> io::Result<()> {
        let object = self.object(key)?;
        let local = self.local.clone();
        let owned = key.to_string();
        blocking(move || local.remove_local(&owned)).await?;
        let url = self
            .bucket
            .delete_object(Some(&self.credentials), &object)
            .sign(SIGNED_FOR);
        match send(empty(client()?.delete(url)), "DeleteObject").await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// `request` with an empty body and `Content-Length: 0` said (hyper leaves
/// the header out for an empty body; S3 answers 411 to a POST or PUT
/// without it).
pub fn empty(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header(reqwest::header::CONTENT_LENGTH, "0")
        .body(Vec::new())
}

/// Sends `request`; a status other than 2xx is an error (`NotFound` for a
/// 404) with the start of the server's answer. Errors never carry the URL:
/// a presigned one is a credential for as long as it is valid.
async fn send(request: reqwest::RequestBuilder, what: &str) -> io::Result<reqwest::Response> {
    let resp = request
        .send()
        .await
        .map_err(|e| io::Error::other(format!("{what}: {}", e.without_url())))?;
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let text = resp.text().await.unwrap_or_default();
    let text: String = text.chars().take(300).collect();
    let kind = if status == StatusCode::NOT_FOUND {
        io::ErrorKind::NotFound
    } else {
        io::ErrorKind::Other
    };
    Err(io::Error::new(kind, format!("{what}: {status} {text}")))
}

async fn body_text(resp: reqwest::Response) -> io::Result<String> {
    resp.text()
        .await
        .map_err(|e| io::Error::other(e.without_url().to_string()))
}

#[cfg(test)]
mod tests {
    use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
    use std::time::Duration;

    /// The bucket tests' S3 server (moto) does not check signatures, so the
    /// signing path is held to AWS's published SigV4 example for a presigned
    /// GET ("Authenticating Requests: Using Query Parameters", S3 API
    /// reference): same key, time, expiry and expected signature.
    #[test]
    fn presigned_requests_match_the_aws_sigv4_example() {
        let bucket = Bucket::new(
            "https://s3.amazonaws.com".parse().unwrap(),
            UrlStyle::VirtualHost,
            "examplebucket",
            "us-east-1",
        )
        .unwrap();
        let credentials =
            Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        let at: jiff::Timestamp = "2013-05-24T00:00:00Z".parse().unwrap();
        let url = bucket
            .get_object(Some(&credentials), "test.txt")
            .sign_with_time(Duration::from_secs(86_400), &at);
        let signature = url
            .query_pairs()
            .find(|(k, _)| k == "X-Amz-Signature")
            .map(|(_, v)| v.into_owned());
        assert_eq!(
            signature.as_deref(),
            Some("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        );
    }

    /// That example is virtual-hosted; ours are path-style, with a port, and
    /// parts carry query parameters. These signatures were computed by an
    /// independent implementation, botocore's `S3SigV4QueryAuth` (the AWS
    /// SDK for Python), for the same keys, time and requests.
    #[test]
    fn path_style_requests_are_signed_as_botocore_signs_them() {
        let bucket = Bucket::new(
            "http://127.0.0.1:9000".parse().unwrap(),
            UrlStyle::Path,
            "hisaab",
            "us-east-1",
        )
        .unwrap();
        let credentials =
            Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        let at: jiff::Timestamp = "2013-05-24T00:00:00Z".parse().unwrap();
        let signature = |url: reqwest::Url| {
            url.query_pairs()
                .find(|(k, _)| k == "X-Amz-Signature")
                .map(|(_, v)| v.into_owned())
                .unwrap()
        };
        let object = "exports/0a-1/2b-3.zip";
        let get = bucket
            .get_object(Some(&credentials), object)
            .sign_with_time(Duration::from_secs(900), &at);
        assert_eq!(
            get.as_str().split('?').next(),
            Some("http://127.0.0.1:9000/hisaab/exports/0a-1/2b-3.zip")
        );
        assert_eq!(
            signature(get),
            "92a4dfbd346cb1a2017864eaf149126217701c682c1b7079ff79668f6d4628fe"
        );
        let part = bucket
            .upload_part(Some(&credentials), object, 2, "abc/def")
            .sign_with_time(Duration::from_secs(900), &at);
        assert_eq!(
            signature(part),
            "46c1115aa513f5fe2a38302c2ea95c5e9e70a3f14e1193b414ad72eb824c0a0e"
        );
    }
}
