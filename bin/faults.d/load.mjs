// The clients of bin/faults: concurrent API writes, each retried with the
// same Idempotency-Key (and the same body) until it gets an answer, plus
// reads. Seeded, bounded by a count or a deadline; prints one JSON summary.
//
//   node load.mjs '<json config>'
//
// config: base (http://host:port/api/v1), token, account, seed, prefix,
//   concurrency, and either n (write exactly n transactions) or seconds (a
//   mix of writes and reads until the deadline). markAt/markFile: after that
//   many answered writes, create markFile (bin/faults waits for it to strike).
//   giveUpSeconds bounds how long one write is retried (default 90).
//   retry: false sends each write once (a client that gives up on an error).
import { writeFileSync } from 'node:fs';

const cfg = JSON.parse(process.argv[2]);
const giveUpMs = (cfg.giveUpSeconds ?? 90) * 1000;

// mulberry32: a small seeded generator, so a run can be repeated exactly.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// The run's own choices (read or write, backoff jitter) vary with timing;
// each write's amount and kind come from the seed and its index alone.
const random = rng(cfg.seed);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const stats = {
  tried: 0, // HTTP attempts, retries included
  answered: 0, // writes that got a 2xx in the end
  reads: 0, // reads that got a 2xx
  statuses: {}, // status (or "network") -> count, every attempt
  unclean: 0, // answers that are neither 2xx nor 503 problem+json (and not 429)
  uncleanSamples: [],
  net: 0, // attempts that got no HTTP answer (connection refused/reset)
  gaveUp: 0, // writes never answered within giveUpSeconds
  sumCents: 0, // income minus expense over the answered writes
  keys: [], // keys of the answered writes
};

function note(status, contentType, body) {
  stats.tried += 1;
  stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
  if (status === 'network') {
    stats.net += 1;
    return;
  }
  const clean =
    (status >= 200 && status < 300) ||
    status === 429 ||
    (status === 503 && (contentType ?? '').startsWith('application/problem+json'));
  if (!clean) {
    stats.unclean += 1;
    if (stats.uncleanSamples.length < 5) stats.uncleanSamples.push(`${status} ${contentType} ${body.slice(0, 200)}`);
  }
}

async function call(method, path, body, key) {
  const headers = { authorization: `Bearer ${cfg.token}` };
  if (body) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  try {
    const res = await fetch(cfg.base + path, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15000),
    });
    const text = await res.text();
    note(res.status, res.headers.get('content-type'), text);
    return res.status;
  } catch {
    note('network', '', '');
    return 'network';
  }
}

// One write: retried with the same key and body until a 2xx or a refusal.
async function write(i) {
  const key = `${cfg.prefix}-${i}`;
  const own = rng(cfg.seed * 100003 + i);
  const cents = 1 + Math.floor(own() * 99999);
  const income = own() < 0.3;
  const body = {
    account_id: cfg.account,
    kind: income ? 'income' : 'expense',
    amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    date: '2026-11-20',
    description: key,
  };
  const started = Date.now();
  let backoff = 25;
  for (;;) {
    const status = await call('POST', '/finance/transactions', body, key);
    if (typeof status === 'number' && status >= 200 && status < 300) {
      stats.answered += 1;
      stats.sumCents += income ? cents : -cents;
      stats.keys.push(key);
      if (cfg.markAt && stats.answered === cfg.markAt) writeFileSync(cfg.markFile, `${Date.now()}\n`);
      return;
    }
    const retriable = status === 'network' || status === 429 || status >= 500;
    if (!retriable || cfg.retry === false || Date.now() - started > giveUpMs) {
      if (retriable) stats.gaveUp += 1;
      return;
    }
    await sleep(backoff + Math.floor(random() * backoff));
    backoff = Math.min(backoff * 2, 500);
  }
}

async function read() {
  const status = await call('GET', '/finance/transactions?limit=20', null, null);
  if (typeof status === 'number' && status >= 200 && status < 300) stats.reads += 1;
  else await sleep(50);
}

const started = Date.now();
let next = 0;
async function client() {
  if (cfg.n !== undefined) {
    while (next < cfg.n) await write(next++);
    return;
  }
  const deadline = started + cfg.seconds * 1000;
  while (Date.now() < deadline) {
    if (random() < 0.5) await write(next++);
    else await read();
  }
}
await Promise.all(Array.from({ length: cfg.concurrency }, client));
stats.seconds = (Date.now() - started) / 1000;
stats.writes = next;
if (cfg.out) writeFileSync(cfg.out, JSON.stringify(stats));
const { keys, ...summary } = stats;
console.log(JSON.stringify(summary));
