// The admin console, as staff use it: a superadmin made with the CLI
// (`hisaab-admin user create … --role superadmin`) signs in, enrols TOTP
// (the code computed here from the secret the page shows, RFC 6238), finds a
// person by email, opens their IOUs, downloads their transactions as CSV
// (formula-safe), resends their verification email with a reason, and
// retries a failed outbox event on /jobs. Then every console page at 360 and
// 1280 px: a screenshot into output/screenshots/admin-*.png and axe (no
// serious or critical violations).
//
// The failed event: with the worker running, nothing in the app fails on its
// own, so the test writes one by SQL (`sqlite3` on the file e2e/run made): a
// verification email to the person, dead-lettered as if delivery had failed
// `DEAD_AFTER_ATTEMPTS` times. The retry delivers it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import {
  assertAccessible,
  config,
  expectPath,
  expectText,
  expectVisible,
  journey,
  mailboxSnapshot,
  newPerson,
  screenshot,
  signUp,
  SUBJECTS,
  waitForMail,
} from '../lib/index.mjs';

const admin = (path) => `${config.adminURL}${path}`;

/** RFC 4648 base32 (any case, spaces ignored) to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: HMAC-SHA1 over the 30-second step, 6 digits (as the console enrols). */
function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** The CLI, without this suite's own HISAAB_E2E_* variables (the binaries refuse unknown settings). */
function adminCli(args) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HISAAB_E2E_')));
  return execFileSync(process.env.HISAAB_E2E_ADMIN_BIN, args, { env, encoding: 'utf8' });
}

function sql(statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', process.env.HISAAB_E2E_DATABASE, statement], { encoding: 'utf8' }).trim();
}

/** A JSON API client for one person (see ui.test.mjs). */
async function apiFor(person) {
  const call = async (method, path, body, token) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
    const res = await fetch(`${config.baseURL}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const { access_token: token } = await call('POST', '/auth/token', { email: person.email, password: person.password });
  return { post: (path, body) => call('POST', path, body, token) };
}

const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const PROBE = '=HYPERLINK("http://evil.example")';

/** Every console page a signed-in superadmin can open: [name, path]. */
const consolePages = (id) => [
  ['dashboard', '/'],
  ['users', '/users'],
  ['user', `/users/${id}`],
  ...['accounts', 'transactions', 'categories', 'assets', 'liabilities', 'loans', 'contacts', 'debts', 'groups', 'expenses', 'settlements', 'notifications', 'sessions', 'audit'].map((tab) => [
    `user-${tab}`,
    `/users/${id}/${tab}`,
  ]),
  ['bulk-lock', '/users/bulk/lock?q=admin-target'],
  ['audit', '/audit'],
  ['jobs', '/jobs'],
];

journey('the console: enrol TOTP, find a person, read their records, resend, retry', (j) => {
  j.step('a person signs up (not verified yet) and keeps records, through the API', async () => {
    const page = await j.browser.newPage({ width: 1280 });
    j.person = newPerson('admin-target', 'Meera Iyer', 'INR');
    await signUp(page, j.person);
    await page.context().close();
    const api = await apiFor(j.person);
    const today = daysAgo(0);
    const wallet = await api.post('/finance/accounts', { name: 'Wallet', kind: 'cash', currency: 'INR', opening_balance: '5000', opening_date: daysAgo(30) });
    await api.post('/finance/transactions', { account_id: wallet.id, kind: 'expense', amount: '1250.50', date: today, description: 'Groceries', payee: 'Corner shop' });
    await api.post('/finance/transactions', { account_id: wallet.id, kind: 'expense', amount: '10', date: today, description: PROBE });
    await api.post('/finance/categories', { name: 'Books', kind: 'expense' });
    await api.post('/finance/assets', { kind: 'vehicle', name: 'Scooter', currency: 'INR', value: '65000', value_date: daysAgo(5) });
    await api.post('/finance/liabilities', { kind: 'mortgage', name: 'Home loan', currency: 'INR' });
    const loan = await api.post('/finance/loans', { direction: 'borrowed', counterparty: 'City Bank', currency: 'INR', principal: '100000', annual_rate: '9', term_months: 12, start_date: daysAgo(60) });
    await api.post(`/finance/loans/${loan.id}/payments`, { amount: '25000', date: daysAgo(30) });
    const bilal = await api.post('/social/contacts', { name: 'Bilal' });
    await api.post('/social/peer-debts', { contact_id: bilal.id, direction: 'lent', amount: '1500', currency: 'INR', date: daysAgo(10), due_date: daysAgo(2), reason: 'Concert tickets' });
    const group = await api.post('/social/expense-groups', { name: 'Goa trip', currency: 'INR', contact_ids: [bilal.id] });
    const member = (name) => group.members.find((m) => m.name === name).id;
    await api.post(`/social/expense-groups/${group.id}/expenses`, {
      description: 'Beach villa',
      date: today,
      total: '9000.00',
      payers: [{ member_id: member('You'), amount: '9000.00' }],
      split: { method: 'equal', participants: ['You', 'Bilal'].map((n) => ({ member_id: member(n) })) },
    });
    await api.post('/social/settlements', { group_id: group.id, from_member_id: member('Bilal'), to_member_id: member('You'), amount: '1000', currency: 'INR', date: today });
  });

  j.step('a superadmin is created with the CLI', async () => {
    j.staff = newPerson('admin-ops', 'Ops');
    const out = adminCli(['user', 'create', '--email', j.staff.email, '--password', j.staff.password, '--role', 'superadmin', '--verified']);
    assert.match(out, /superadmin|created/i, out);
  });

  j.step('signs in and enrols TOTP with a code computed from the secret shown', async () => {
    const page = await j.browser.newPage({ width: 1280, baseURL: config.adminURL });
    j.page = page;
    await page.goto(admin('/login'));
    await page.getByLabel('Email address').fill(j.staff.email);
    await page.getByLabel('Password').fill(j.staff.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await expectPath(page, '/login/enrol');
    const secret = (await page.locator('#totp-secret').innerText()).trim();
    await page.getByLabel('Code from your authenticator app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on and sign in' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Two-factor sign-in is on');
    await page.getByRole('link', { name: /continue/i }).click();
    await expectPath(page, '/users');
  });

  j.step('finds the person by email', async () => {
    const page = j.page;
    await page.getByLabel('Search users').fill(j.person.email);
    const link = page.getByRole('link', { name: j.person.name });
    await expectVisible(link);
    await link.click();
    await expectText(page.getByRole('heading', { level: 1 }), j.person.name);
    // The id from the page: after an htmx search the address bar may still show the list.
    j.userId = (await page.locator('.dl dd.mono').first().innerText()).trim();
    assert.match(j.userId, /^[0-9a-f-]{36}$/);
  });

  j.step('opens their IOUs: the overdue one is flagged', async () => {
    const page = j.page;
    await page.getByRole('navigation', { name: 'Records of this user' }).getByRole('link', { name: 'IOUs' }).click();
    await expectPath(page, `/users/${j.userId}/debts`);
    const row = page.getByRole('row', { name: /Bilal/ });
    await expectText(row, `Overdue since ${daysAgo(2)}`);
    await expectText(row, '₹1,500.00');
    assert.equal(await page.locator('a[aria-current="page"]', { hasText: 'IOUs' }).count(), 1);
  });

  j.step('downloads their transactions as CSV: exact amounts, the formula made harmless', async () => {
    const page = j.page;
    await page.getByRole('link', { name: 'Transactions' }).click();
    await expectPath(page, `/users/${j.userId}/transactions`);
    await expectText(page.locator('main'), 'Groceries');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const text = await fs.readFile(await download.path(), 'utf8');
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'date,description,payee,account,category,kind,amount,currency,id');
    assert.equal(lines.length, 3, text);
    assert.ok(lines.some((l) => l.includes('Groceries,Corner shop,Wallet,,expense,1250.50,INR,')), text);
    assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example"")"`)), `the probe is prefixed: ${text}`);
  });

  j.step('resends the verification email, with a reason', async () => {
    const page = j.page;
    await page.getByRole('link', { name: 'Overview' }).click();
    await expectPath(page, `/users/${j.userId}`);
    const before = await mailboxSnapshot();
    await page.locator('#reason-resend-verification').fill('Ticket 4711: the first mail never arrived');
    await page.getByRole('button', { name: 'Resend' }).click();
    await expectText(page.locator('#toasts'), 'A new verification link is on its way to them.');
    await waitForMail(j.person.email, { subject: SUBJECTS.verify, exclude: before });
  });

  j.step('retries a failed outbox event on /jobs', async () => {
    const page = j.page;
    // A verification email to the person, dead-lettered as if delivery had
    // failed 15 times. (Delivered events keep no payload, so it is written
    // whole; SQLite keeps a UUID as 16 bytes, shown as the page shows it.)
    const payload = JSON.stringify({
      type: 'email.requested',
      data: { to: j.person.email, template: 'verify_email', context: { display_name: j.person.name, link: `${config.baseURL}/verify-email?token=e2e-retried` } },
    }).replaceAll("'", "''");
    const now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    const hex = sql(
      `INSERT INTO outbox (id, tenant_id, event_type, payload, created_at, available_at, attempts, lease_owner, lease_until, dispatched_at, last_error, dead_at) ` +
        `VALUES (randomblob(16), NULL, 'email.requested', '${payload}', ${now}, ${now}, 15, NULL, NULL, NULL, 'smtp: connection refused (made by the e2e test)', ${now}); ` +
        `SELECT lower(hex(id)) FROM outbox WHERE rowid = last_insert_rowid();`,
    );
    assert.match(hex, /^[0-9a-f]{32}$/, hex);
    j.eventId = hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    await page.goto(admin('/jobs'));
    const row = page.getByRole('row', { name: new RegExp(j.eventId) });
    await expectText(row, 'Dead-lettered');
    await expectText(row, 'connection refused');
    const before = await mailboxSnapshot();
    await row.getByText('Retry…').click();
    await row.getByLabel('Reason').fill('SMTP is back: resend');
    await row.getByRole('button', { name: 'Retry now' }).click();
    await expectText(page.locator('#toasts'), 'Event queued again');
    await waitForMail(j.person.email, { subject: SUBJECTS.verify, exclude: before });
    j.state = await page.context().storageState();
  });

  for (const width of [360, 1280]) {
    j.step(`every console page at ${width} px: screenshot and axe`, async (j, t) => {
      const signedOut = await j.browser.newPage({ width, baseURL: config.adminURL });
      await signedOut.goto(admin('/login'));
      await expectVisible(signedOut.getByRole('heading', { level: 1 }));
      t.diagnostic(`screenshot: ${await screenshot(signedOut, 'admin-login')}`);
      const failures = [];
      try {
        await assertAccessible(signedOut, `admin-login at ${width}px`);
      } catch (e) {
        failures.push(e.message);
      }
      const page = await j.browser.newPage({ width, baseURL: config.adminURL, storageState: j.state });
      for (const [name, path] of consolePages(j.userId)) {
        const res = await page.goto(admin(path));
        if (res.status() !== 200) failures.push(`${name}: ${path} answered ${res.status()}`);
        await expectVisible(page.getByRole('heading', { level: 1 }));
        t.diagnostic(`screenshot: ${await screenshot(page, `admin-${name}`)}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        if (wide) failures.push(`${name} at ${width}px scrolls sideways`);
        try {
          await assertAccessible(page, `admin-${name} at ${width}px`);
        } catch (e) {
          failures.push(e.message);
        }
      }
      await signedOut.context().close();
      await page.context().close();
      assert.deepEqual(failures, []);
    });
  }
});
