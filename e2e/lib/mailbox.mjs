// Reading the mail hisaab-worker delivers as `.eml` files (no SMTP configured):
// a small RFC 5322 / MIME reader (multipart, quoted-printable, base64,
// RFC 2047 encoded words), and polling the mailbox for a person's newest mail.
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from './env.mjs';

// ---------------------------------------------------------------- parsing

/** Splits raw bytes into the header block and the body (at the first empty line). */
function splitHead(buf) {
  const text = buf.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, m.index), body: buf.subarray(m.index + m[0].length) };
}

/** Header lines, unfolded, as a Map of lower-case name to every value (in order). */
function parseHeaders(head) {
  const headers = new Map();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(value);
  }
  return headers;
}

/** `text/html; charset="utf-8"` → { type: 'text/html', params: { charset: 'utf-8' } }. */
function parseContentType(value = 'text/plain; charset=us-ascii') {
  const [type, ...rest] = value.split(';');
  const params = {};
  for (const part of rest) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim().toLowerCase();
    let val = part.slice(i + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    params[key] = val;
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeCharset(bytes, charset = 'utf-8') {
  const label = charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Quoted-printable (RFC 2045 §6.7) to bytes: soft line breaks and =XX escapes. */
export function decodeQuotedPrintable(input) {
  const text = input.replace(/=\r?\n/g, '');
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

function decodeTransfer(body, encoding = '7bit') {
  switch (encoding.toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body.toString('latin1'));
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    default:
      return body;
  }
}

/** RFC 2047 encoded words (`=?utf-8?q?…?=`, `=?utf-8?b?…?=`) in a header value. */
export function decodeHeaderValue(value = '') {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1') // whitespace between encoded words is dropped
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, data) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ''));
    });
}

/** One MIME entity, recursively: leaves collected into `parts`. */
function parseEntity(buf, parts) {
  const { head, body } = splitHead(buf);
  const headers = parseHeaders(head);
  const ct = parseContentType(headers.get('content-type')?.[0]);
  if (ct.type.startsWith('multipart/') && ct.params.boundary) {
    const raw = body.toString('latin1');
    const delimiter = `--${ct.params.boundary}`;
    const chunks = raw.split(new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // chunks[0] is the preamble; the chunk starting with "--" is the epilogue.
    for (const chunk of chunks.slice(1)) {
      if (chunk.startsWith('--')) break;
      parseEntity(Buffer.from(chunk.replace(/^[ \t]*\r?\n/, ''), 'latin1'), parts);
    }
  } else {
    const bytes = decodeTransfer(body, headers.get('content-transfer-encoding')?.[0]);
    parts.push({ type: ct.type, charset: ct.params.charset, text: decodeCharset(bytes, ct.params.charset) });
  }
  return headers;
}

function addresses(value = '') {
  return [...decodeHeaderValue(value).matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0].toLowerCase());
}

function decodeEntities(s) {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Parses one `.eml` message.
 * @returns {{from: string[], to: string[], subject: string, date: Date|null,
 *   headers: Map<string,string[]>, text: string, html: string, links: string[],
 *   parts: {type: string, charset?: string, text: string}[]}}
 */
export function parseEml(raw) {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  const parts = [];
  const headers = parseEntity(buf, parts);
  const text = parts.filter((p) => p.type === 'text/plain').map((p) => p.text).join('\n');
  const html = parts.filter((p) => p.type === 'text/html').map((p) => p.text).join('\n');
  const dateValue = headers.get('date')?.[0];
  const date = dateValue ? new Date(dateValue) : null;
  const links = new Set();
  for (const m of html.matchAll(/href\s*=\s*("([^"]*)"|'([^']*)')/gi)) links.add(decodeEntities(m[2] ?? m[3]));
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) links.add(m[0]);
  return {
    headers,
    from: addresses(headers.get('from')?.[0]),
    to: [...(headers.get('to') ?? []), ...(headers.get('cc') ?? [])].flatMap((v) => addresses(v)),
    subject: decodeHeaderValue(headers.get('subject')?.[0] ?? ''),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    text,
    html,
    links: [...links],
    parts,
  };
}

// ---------------------------------------------------------------- the mailbox

/** A mail slower than this is worth a note in the output (the worker should take about a second). */
export const SLOW_MAIL_MS = 3_000;

/** How long each mail waited for in this process took: `{to, subject, waitedMs}`. */
export const mailLatencies = [];

/** Every message in the mailbox, oldest first (by file time, then Date header). */
export async function readMailbox(dir = config.mailboxDir) {
  let names;
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  const mails = [];
  for (const name of names) {
    if (!name.endsWith('.eml') || name.startsWith('.')) continue; // `.x.tmp` is a delivery in progress
    const file = path.join(dir, name);
    try {
      const [stat, raw] = await Promise.all([fs.stat(file), fs.readFile(file)]);
      mails.push({ file, mtimeMs: stat.mtimeMs, ...parseEml(raw) });
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  mails.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0));
  return mails;
}

/** The files in the mailbox now: pass as `exclude` to wait only for mail that comes after. */
export async function mailboxSnapshot(dir = config.mailboxDir) {
  return new Set((await readMailbox(dir)).map((m) => m.file));
}

function matches(mail, { to, subject, exclude, since }) {
  if (to && !mail.to.includes(to.toLowerCase())) return false;
  if (exclude && exclude.has(mail.file)) return false;
  if (since && mail.mtimeMs < since) return false;
  if (subject instanceof RegExp ? !subject.test(mail.subject) : subject && !mail.subject.includes(subject)) return false;
  return true;
}

/**
 * Waits for the newest mail to `to` matching the filters, polling the mailbox.
 * @param {string} to recipient address
 * @param {{subject?: string|RegExp, exclude?: Set<string>, since?: number, timeout?: number, dir?: string}} [opts]
 *   `exclude`: files from `mailboxSnapshot()` taken before the action that sends the mail.
 */
export async function waitForMail(to, opts = {}) {
  const { timeout = config.mailTimeout, dir = config.mailboxDir } = opts;
  const started = Date.now();
  const deadline = started + timeout;
  for (;;) {
    const mails = (await readMailbox(dir)).filter((m) => matches(m, { ...opts, to }));
    if (mails.length) {
      const mail = mails[mails.length - 1];
      mail.waitedMs = Date.now() - started;
      mailLatencies.push({ to, subject: mail.subject, waitedMs: mail.waitedMs });
      if (mail.waitedMs > SLOW_MAIL_MS) {
        console.log(`note: mail "${mail.subject}" to ${to} took ${mail.waitedMs} ms to reach the mailbox`);
      }
      return mail;
    }
    if (Date.now() > deadline) {
      const seen = (await readMailbox(dir)).map((m) => `  ${path.basename(m.file)} to=${m.to.join(',')} subject=${JSON.stringify(m.subject)}`);
      throw new Error(
        `no mail to ${to}${opts.subject ? ` with subject ${opts.subject}` : ''} in ${dir} after ${timeout} ms ` +
          `(is hisaab-worker running? see its log). Mailbox holds ${seen.length}:\n${seen.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The first link in `mail` whose URL matches `pattern` (default: one carrying `token=`). */
export function findLink(mail, pattern = /[?&]token=/) {
  const link = mail.links.find((l) => (pattern instanceof RegExp ? pattern.test(l) : l.includes(pattern)));
  if (!link) {
    throw new Error(`no link matching ${pattern} in mail ${JSON.stringify(mail.subject)}; links: ${mail.links.join(' ')}`);
  }
  return link;
}
