//! Rendering and delivering email: SMTP when configured, otherwise `.eml`
//! files in the mailbox folder (the embedded default, and what tests read).

use crate::i18n::Locale;
use crate::outbox::OutgoingEmail;
use crate::settings::Settings;
use crate::templating::Templates;
use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::Value;
use std::path::PathBuf;

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `templates/email/<template>/{subject.txt, body.txt, body.html}`.
pub fn render(templates: &Templates, email: &OutgoingEmail) -> anyhow::Result<Rendered> {
    if !email
        .template
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        anyhow::bail!("bad email template name {:?}", email.template);
    }
    let mut context = match &email.context {
        Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    context.insert("app_name".into(), Value::String("Hisaab".into()));
    // The recipient's language: the `locale` the sender put in the context
    // (the person's setting when the email was queued), else English.
    let locale = context
        .get("locale")
        .and_then(Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    context.insert("locale".into(), Value::String(locale.tag().into()));
    context.insert("lang".into(), Value::String(locale.tag().into()));
    context.insert("dir".into(), Value::String(locale.direction().as_str().into()));
    let render = |file: &str| templates.render(&format!("email/{}/{file}", email.template), &context);
    Ok(Rendered {
        subject: render("subject.txt")?.trim().to_string(),
        text: render("body.txt")?,
        html: render("body.html")?,
    })
}

/// RFC 8058 one-click unsubscribe: an email whose context has
/// `list_unsubscribe` (an http(s) URL that unsubscribes on `POST`) carries
/// `List-Unsubscribe: <url>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
pub fn unsubscribe_headers(email: &OutgoingEmail) -> Vec<HeaderValue> {
    let Some(url) = email
        .context
        .get("list_unsubscribe")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .filter(|u| u.bytes().all(|b| b.is_ascii_graphic()))
    else {
        return Vec::new();
    };
    vec![
        HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ),
        HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ),
    ]
}

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// The delivery key as it appears in file names and Message-IDs.
fn safe_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.smtp_url {
            Some(url) => Ok(Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .context("HISAAB_SMTP_URL is not a valid SMTP URL")?
                    .build(),
            )),
            None => Ok(Self::Files(settings.mailbox_dir())),
        }
    }

    /// Delivers one message. `key` names the `.eml` file, so delivering the
    /// same outbox event twice writes one file, once.
    pub async fn send(
        &self,
        from: &str,
        email: &OutgoingEmail,
        rendered: Rendered,
        key: &str,
    ) -> anyhow::Result<()> {
        let from = from
            .parse::<Mailbox>()
            .context("HISAAB_MAIL_FROM is not a valid mailbox")?;
        let safe_key = safe_key(key);
        // Delivering the same email again (a worker killed after the SMTP
        // relay took it but before the job was marked done) sends the same
        // Message-ID, so mail systems that deduplicate see one message.
        let message_id = format!("<{safe_key}@{}>", from.email.domain());
        let mut builder = Message::builder()
            .message_id(Some(message_id))
            .from(from)
            .to(email
                .to
                .parse::<Mailbox>()
                .context("recipient is not a valid mailbox")?)
            .subject(rendered.subject);
        for header in unsubscribe_headers(email) {
            builder = builder.raw_header(header);
        }
        let message = builder.multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))?;
        match self {
            Self::Smtp(transport) => {
                transport.send(message).await?;
            }
            Self::Files(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{safe_key}.eml"));
                // The rename below is atomic: a file under the key is a
                // delivery that finished (a worker killed after writing it,
                // before its job was marked done, runs the job again).
                if tokio::fs::try_exists(&path).await? {
                    return Ok(());
                }
                let tmp = dir.join(format!(".{safe_key}.tmp"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }
}
