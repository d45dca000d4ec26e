// The scale-out journeys (issue 15), run by bin/scale-test with node's test
// runner against two hisaab-web processes behind HAProxy. No dependencies:
// node:http rather than fetch, because a journey picks its source address on
// loopback (127.0.0.x) and the sign-in limit counts per client address (the
// proxy appends it to X-Forwarded-For and the servers trust that entry).
//
// The proxy names the server that answered in `X-Hisaab-Backend` (set in the
// generated haproxy.cfg, test only), so every step knows which instance it hit
// and the cross-instance checks can insist on "the other one".
//
// Environment (set by bin/scale-test): SCALE_PROXY (http://127.0.0.1:port),
// SCALE_MAILBOX (the shared data dir's mailbox), SCALE_BACKENDS ("web1 web2").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const PROXY = new URL(process.env.SCALE_PROXY ?? 'http://127.0.0.1:8080');
const MAILBOX = process.env.SCALE_MAILBOX;
const BACKENDS = (process.env.SCALE_BACKENDS ?? 'web1 web2').split(' ');
const PASSWORD = 'tangerine-otter-87';
const RUN = Date.now().toString(36);
// Each journey signs up from its own loopback address, so the per-address
// sign-in limit (10 a minute) is only spent where a journey means to spend it.
let nextAddress = 10;
const freshAddress = () => `127.0.0.${nextAddress++}`;

/** Requests answered by each backend over the whole run (printed at the end). */
const served = Object.fromEntries(BACKENDS.map((b) => [b, 0]));

/**
 * One HTTP request through the proxy on a new connection.
 * opts: token (Bearer), json (body), form (urlencoded body), headers,
 * cookies (a Map kept up to date from Set-Cookie), from (source address),
 * key (Idempotency-Key).
 */
function request(method, urlPath, opts = {}) {
  const headers = { accept: 'application/json', ...opts.headers };
  let body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.form !== undefined) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.cookies?.size) headers.cookie = [...opts.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: PROXY.hostname,
        port: PROXY.port,
        method,
        path: urlPath,
        headers,
        localAddress: opts.from ?? '127.0.0.1',
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const server = res.headers['x-hisaab-backend'];
          if (server in served) served[server]++;
          if (opts.cookies) {
            for (const c of [res.headers['set-cookie'] ?? []].flat()) {
              const [pair] = c.split(';');
              const i = pair.indexOf('=');
              opts.cookies.set(pair.slice(0, i), pair.slice(i + 1));
            }
          }
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json, server });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: no answer in 30 s`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** `request`, asserting the status; answers the response. */
async function expect(status, method, urlPath, opts) {
  const r = await request(method, urlPath, opts);
  assert.equal(r.status, status, `${method} ${urlPath} via ${r.server}: ${r.text.slice(0, 400)}`);
  assert.ok(BACKENDS.includes(r.server), `${method} ${urlPath}: the proxy named no backend (${r.server})`);
  return r;
}

/** A read repeated (reads are safe to repeat) until a backend other than `not` answers it. */
async function readOn(notServer, method, urlPath, opts, status = 200) {
  for (let i = 0; i < 6; i++) {
    const r = await expect(status, method, urlPath, opts);
    if (r.server !== notServer) return r;
  }
  assert.fail(`${urlPath}: never answered by a backend other than ${notServer}`);
}

/** The same read until every backend has answered it; answers the responses by backend. */
async function readOnEach(method, urlPath, opts, status = 200) {
  const by = new Map();
  for (let i = 0; i < 8 && by.size < BACKENDS.length; i++) {
    const r = await expect(status, method, urlPath, opts);
    by.set(r.server, r);
  }
  assert.equal(by.size, BACKENDS.length, `${urlPath}: not every backend answered (${[...by.keys()]})`);
  return by;
}

/** The newest mail to `to` in the shared mailbox (the worker writes .eml files), quoted-printable undone. */
async function mailTo(to, { timeout = 20_000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    let files = [];
    try {
      files = await fs.readdir(MAILBOX);
    } catch {
      /* not created yet */
    }
    for (const f of files.filter((f) => f.endsWith('.eml')).sort().reverse()) {
      const raw = await fs.readFile(path.join(MAILBOX, f), 'utf8');
      if (raw.toLowerCase().includes(to.toLowerCase())) {
        return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} in ${MAILBOX} after ${timeout} ms`);
}

/** Signs up through the proxy from a fresh address; answers {email, from, token}. */
async function person(name) {
  const from = freshAddress();
  const email = `${name.toLowerCase()}-${RUN}@example.com`;
  const reg = await request('POST', '/api/v1/auth/register', { from, json: { email, password: PASSWORD, display_name: name } });
  assert.ok(reg.status >= 200 && reg.status < 300, `register: ${reg.status} ${reg.text}`);
  const t = await expect(200, 'POST', '/api/v1/auth/token', { from, json: { email, password: PASSWORD } });
  return { email, from, token: t.json.access_token };
}

// Users made by the journeys, shared between tests (they run in order).
const people = {};

test('the proxy alternates requests between the two instances (roundrobin, no stickiness)', async () => {
  const order = [];
  for (let i = 0; i < 8; i++) order.push((await expect(200, 'GET', '/health/ready')).server);
  for (const b of BACKENDS) assert.equal(order.filter((s) => s === b).length, 4, `answers by backend: ${order}`);
  for (let i = 1; i < order.length; i++) assert.notEqual(order[i], order[i - 1], `not alternating: ${order}`);
});

test('sign-up, email verification and token sessions work on both instances', async () => {
  const from = freshAddress();
  const email = `asha-${RUN}@example.com`;
  const reg = await request('POST', '/api/v1/auth/register', {
    from,
    json: { email, password: PASSWORD, display_name: 'Asha' },
  });
  assert.ok(reg.status >= 200 && reg.status < 300, `register: ${reg.status} ${reg.text}`);
  // The worker sends the mail; the verification lands on whichever instance.
  const mail = await mailTo(email);
  const token = /verify-email\?token=([A-Za-z0-9_.~%-]+)/.exec(mail)?.[1];
  assert.ok(token, 'the mail carries a verification link');
  await expect(200, 'POST', '/api/v1/auth/verify-email', { from, json: { token: decodeURIComponent(token) } });

  const t = await expect(200, 'POST', '/api/v1/auth/token', { from, json: { email, password: PASSWORD } });
  // The refresh token the signing instance issued is redeemed next, so on the
  // other instance (roundrobin; a refresh is single use, so it is not retried).
  const refreshed = await expect(200, 'POST', '/api/v1/auth/refresh', { from, json: { refresh_token: t.json.refresh_token } });
  assert.notEqual(refreshed.server, t.server, 'the refresh went to the other instance');
  const access = refreshed.json.access_token;
  for (const [, r] of await readOnEach('GET', '/api/v1/me', { token: t.json.access_token })) {
    assert.equal(r.json.email, email);
  }
  for (const [, r] of await readOnEach('GET', '/api/v1/me', { token: access })) {
    assert.equal(r.json.email_verified ?? true, true, `verified, on ${r.server}: ${r.text}`);
  }
  people.asha = { email, from, token: access };
});

test('an API sign-out on one instance is honoured by the other within seconds', async () => {
  const p = await person('Kiran');
  const t = await expect(200, 'POST', '/api/v1/auth/token', { from: p.from, json: { email: p.email, password: PASSWORD } });
  await readOnEach('GET', '/api/v1/me', { token: t.json.access_token });
  // Each instance keeps the revoked sign-ins in memory and reloads them at most
  // once a second (ADR 0018): the other instance must refuse the token soon after.
  const out = await expect(204, 'POST', '/api/v1/auth/logout', { json: { refresh_token: t.json.refresh_token } });
  const deadline = Date.now() + 5_000;
  const refusedBy = new Set();
  while (refusedBy.size < BACKENDS.length && Date.now() < deadline) {
    const r = await request('GET', '/api/v1/me', { token: t.json.access_token });
    if (r.status === 401) refusedBy.add(r.server);
    else await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(refusedBy.size, BACKENDS.length, `signed out on ${out.server}; refused by ${[...refusedBy]} within 5 s`);
});

test('a cookie session made on one instance works on the other', async () => {
  const cookies = new Map();
  const from = freshAddress();
  const login = await expect(200, 'GET', '/login', { cookies, from, headers: { accept: 'text/html' } });
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(login.text)?.[1];
  assert.ok(csrf, 'the login page carries a CSRF token');
  const signedIn = await request('POST', '/login', {
    cookies,
    from,
    headers: { accept: 'text/html', origin: PROXY.origin },
    form: { csrf_token: csrf, email: people.asha.email, password: PASSWORD, next: '' },
  });
  assert.equal(signedIn.status, 303, `sign in via ${signedIn.server}: ${signedIn.text.slice(0, 300)}`);
  assert.ok([...cookies.keys()].some((k) => k.endsWith('hisaab_session')), `a session cookie: ${[...cookies.keys()]}`);
  const pages = await readOnEach('GET', '/app', { cookies, headers: { accept: 'text/html' } });
  for (const [server, r] of pages) assert.match(r.text, /Asha/, `the app page on ${server} knows the person`);
  // Signing out on one instance ends the session on both.
  const page = pages.get(BACKENDS[0]);
  const csrf2 = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? csrf;
  const out = await request('POST', '/logout', {
    cookies,
    headers: { accept: 'text/html', origin: PROXY.origin },
    form: { csrf_token: csrf2 },
  });
  assert.ok(out.status === 303 || out.status === 200, `sign out: ${out.status}`);
  const after = await readOn(out.server, 'GET', '/app', { cookies, headers: { accept: 'text/html' } }, 303);
  assert.match(after.headers.location ?? '', /login/, 'signed out on the other instance too');
});

test('finance journey; the dashboard is right on the instance that did not take the write', async () => {
  const { token } = people.asha;
  const acct = (name, opening) =>
    expect(201, 'POST', '/api/v1/finance/accounts', {
      token,
      json: { name, kind: 'savings', currency: 'USD', opening_balance: opening },
    });
  const checking = (await acct('Checking', '500')).json.id;
  const savings = (await acct('Savings', '0')).json.id;
  await expect(201, 'POST', '/api/v1/finance/transactions', {
    token,
    json: { account_id: checking, kind: 'expense', amount: '12.34', date: '2026-11-20', description: 'Lunch' },
  });
  const tr = await expect(201, 'POST', '/api/v1/finance/transfers', {
    token,
    key: `tr-${RUN}`,
    json: { from_account_id: checking, to_account_id: savings, amount: '100', date: '2026-11-21' },
  });
  // The same Idempotency-Key replayed through the other instance: the same answer, no second transfer.
  const replay = await readOn(tr.server, 'POST', '/api/v1/finance/transfers', {
    token,
    key: `tr-${RUN}`,
    json: { from_account_id: checking, to_account_id: savings, amount: '100', date: '2026-11-21' },
  }, 201);
  assert.deepEqual(replay.json, tr.json, 'an idempotent replay on the other instance');

  // Both instances compute and cache the dashboard.
  for (const [, r] of await readOnEach('GET', '/api/v1/finance/dashboard', { token })) {
    assert.equal(r.json.total_balance, '487.66', `${r.server}: ${r.text.slice(0, 300)}`);
  }
  // A write lands on one; the other, which holds a cached view, answers next.
  const w = await expect(201, 'POST', '/api/v1/finance/transactions', {
    token,
    json: { account_id: savings, kind: 'income', amount: '10.00', date: '2026-11-22', description: 'Refund' },
  });
  const other = await readOn(w.server, 'GET', '/api/v1/finance/dashboard', { token });
  assert.equal(other.json.total_balance, '497.66', `dashboard on ${other.server} after a write on ${w.server}`);
  const list = await expect(200, 'GET', '/api/v1/finance/transactions?limit=50', { token });
  assert.equal(list.json.items.length, 4, 'expense, both legs of one transfer, income');
});

test('social journey: contacts, IOU, group, expense, balances, plan, settlement across instances', async () => {
  const { token } = people.asha;
  const meera = (await expect(201, 'POST', '/api/v1/social/contacts', { token, json: { name: 'Meera' } })).json.id;
  const bilal = (await expect(201, 'POST', '/api/v1/social/contacts', { token, json: { name: 'Bilal' } })).json.id;
  await readOnEach('GET', '/api/v1/social/contacts', { token });

  const iou = await expect(201, 'POST', '/api/v1/social/peer-debts', {
    token,
    json: { contact_id: meera, direction: 'lent', amount: '10.00', currency: 'USD', date: '2026-11-01' },
  });
  await expect(201, 'POST', `/api/v1/social/peer-debts/${iou.json.id}/settlements`, {
    token,
    json: { amount: '4.00', date: '2026-11-02' },
  });
  const bal = await readOn(iou.server, 'GET', `/api/v1/social/contacts/${meera}/balance`, { token });
  assert.match(bal.text, /6\.00/, `Meera owes 6.00 after a partial settlement: ${bal.text.slice(0, 300)}`);

  const g = await expect(201, 'POST', '/api/v1/social/expense-groups', {
    token,
    json: { name: 'Trip', currency: 'USD', contact_ids: [meera, bilal], simplify: true },
  });
  const gid = g.json.id;
  const member = (i) => g.json.members[i].id;
  await expect(201, 'POST', `/api/v1/social/expense-groups/${gid}/expenses`, {
    token,
    json: {
      description: 'Dinner', date: '2026-11-20', total: '30.00',
      payers: [{ member_id: member(0), amount: '30.00' }],
      split: { method: 'equal', participants: [0, 1, 2].map((i) => ({ member_id: member(i) })) },
    },
  });
  // Both instances cache the balances; a settlement lands on one; the other answers right.
  for (const [, r] of await readOnEach('GET', `/api/v1/social/expense-groups/${gid}/balances`, { token })) {
    assert.equal(r.json.members[0].balance, '20.00', `${r.server}: ${r.text.slice(0, 300)}`);
  }
  const plan = await expect(200, 'GET', `/api/v1/social/expense-groups/${gid}/plan`, { token });
  assert.ok(JSON.stringify(plan.json).includes('10.00'), `the plan pays 10.00 each: ${plan.text.slice(0, 300)}`);
  const s = await expect(201, 'POST', '/api/v1/social/settlements', {
    token,
    key: `pay-${RUN}`,
    json: {
      group_id: gid, from_member_id: member(1), to_member_id: member(0),
      amount: '10.00', currency: 'USD', date: '2026-11-21', method: 'upi',
    },
  });
  const after = await readOn(s.server, 'GET', `/api/v1/social/expense-groups/${gid}/balances`, { token });
  assert.equal(after.json.members[0].balance, '10.00', `balances on ${after.server} after a settlement on ${s.server}`);
  const plan2 = await readOn(s.server, 'GET', `/api/v1/social/expense-groups/${gid}/plan`, { token });
  assert.notDeepEqual(plan2.json, plan.json, 'the plan changed after the settlement');
});

test('the API throttle is one count over both instances', async () => {
  const { token } = people.asha;
  const seen = [];
  for (let i = 0; i < 6; i++) {
    const r = await expect(200, 'GET', '/api/v1/finance/accounts', { token });
    seen.push([r.server, Number(r.headers['ratelimit-remaining'])]);
  }
  assert.equal(new Set(seen.map(([s]) => s)).size, 2, `both instances answered: ${JSON.stringify(seen)}`);
  for (let i = 1; i < seen.length; i++) {
    assert.equal(seen[i][1], seen[i - 1][1] - 1, `remaining falls by one per request whichever instance: ${JSON.stringify(seen)}`);
  }
});

test('the 11th sign-in in a minute from one address is refused whichever instance gets it', async () => {
  const p = await person('Ravi'); // from its own address: one sign-up and one sign-in spent there
  // The limit is a fixed one-minute window: start early in one so all attempts share it.
  const into = new Date().getSeconds();
  if (into > 40) await new Promise((r) => setTimeout(r, (61 - into) * 1000));
  const from = freshAddress();
  const answers = [];
  for (let i = 0; i < 12; i++) {
    const r = await request('POST', '/api/v1/auth/token', { from, json: { email: p.email, password: PASSWORD } });
    answers.push([r.status, r.server]);
  }
  const ok = answers.slice(0, 10);
  assert.ok(ok.every(([s]) => s === 200), `the first ten are allowed: ${JSON.stringify(answers)}`);
  assert.equal(new Set(ok.map(([, b]) => b)).size, 2, 'both instances counted the first ten');
  const refused = answers.slice(10);
  assert.ok(refused.every(([s]) => s === 429), `the 11th and 12th are refused: ${JSON.stringify(answers)}`);
  assert.equal(new Set(refused.map(([, b]) => b)).size, 2, `refused by both instances: ${JSON.stringify(refused)}`);
  // Another address is not affected.
  await expect(200, 'POST', '/api/v1/auth/token', { from: freshAddress(), json: { email: p.email, password: PASSWORD } });
});

test('an event stream on one instance receives an event caused by a write through the other', async () => {
  const { token } = people.asha;
  const events = [];
  let streamServer;
  let buffer = '';
  const req = http.request({
    host: PROXY.hostname,
    port: PROXY.port,
    path: '/api/v1/events',
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    agent: false,
  });
  const opened = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      streamServer = res.headers['x-hisaab-backend'];
      if (res.statusCode !== 200) reject(new Error(`stream: ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data) events.push(JSON.parse(data));
        }
      });
      resolve();
    });
    req.on('error', reject);
  });
  req.end();
  try {
    await opened;
    assert.ok(BACKENDS.includes(streamServer), `the stream came through a named backend (${streamServer})`);
    await new Promise((r) => setTimeout(r, 500)); // the subscription settles
    // Writes until one lands on the other instance (a write on the same one may come first).
    let write;
    for (let i = 0; i < 4; i++) {
      const r = await expect(201, 'POST', '/api/v1/social/contacts', { token, json: { name: `Streamed ${i}` } });
      if (r.server !== streamServer) {
        write = r;
        break;
      }
    }
    assert.ok(write, 'a write reached the other instance');
    const deadline = Date.now() + 15_000;
    const wanted = () => events.some((e) => JSON.stringify(e).includes(write.json.id));
    while (!wanted() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(wanted(), `the stream on ${streamServer} got the event of the write on ${write.server}: ${JSON.stringify(events).slice(0, 500)}`);
  } finally {
    req.destroy();
  }
});

test('both instances served the run', () => {
  console.log(`requests answered per backend: ${JSON.stringify(served)}`);
  for (const b of BACKENDS) assert.ok(served[b] >= 20, `${b} answered ${served[b]} requests`);
});
