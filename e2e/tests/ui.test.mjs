// Every page a person can reach, at phone (360 px) and desktop (1280 px)
// widths, light and dark: a full-page screenshot of each into
// output/screenshots/ui-*.png for a person to look at, an axe-core check (no
// serious or critical violations), the CSP check, and no sideways scrolling of
// the page itself. Plus what a new user in India sees: the sign-up form
// suggests INR from the browser's language, amounts read "₹1,86,010.50", the
// settle-up lines are sentences ("You pay Bilal ₹4,600.00"), and someone
// whose accounts are all in INR while totals are in USD is offered INR.
//
// The data is made through the JSON API (quicker than forms, and the forms
// have their own journeys): an INR person with two accounts, transactions, a
// category, a rate, an asset, a liability, a loan, two contacts, an IOU, a
// contact group and a group trip.
//   Goa trip (INR, simplify on): Bilal paid 13,800.00 split equally by You, Bilal, Chen
//   → You pay Bilal ₹4,600.00; Chen pays Bilal ₹4,600.00.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  assertAccessible,
  config,
  createVerifiedPerson,
  expectPath,
  expectText,
  expectVisible,
  journey,
  screenshot,
} from '../lib/index.mjs';

const LONG = { timeout: 600_000 };
const MISSING_ID = '0190c9f0-7a2b-7c3d-8e4f-0123456789ab';

/** A small JSON API client for one person. */
async function apiFor(person) {
  const call = async (method, path, body, { token, key } = {}) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${config.baseURL}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const { access_token: token } = await call('POST', '/auth/token', { email: person.email, password: person.password });
  const key = () => crypto.randomUUID();
  return {
    post: (path, body) => call('POST', path, body, { token, key: key() }),
    get: (path) => call('GET', path, undefined, { token }),
  };
}

/** Seeds one of everything; returns the ids the pages need. */
async function seed(api) {
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  const savings = await api.post('/finance/accounts', { name: 'Savings', kind: 'savings', currency: 'INR', opening_balance: '166010.50', opening_date: monthStart });
  const current = await api.post('/finance/accounts', { name: 'Current account', kind: 'checking', currency: 'INR', opening_balance: '50000', opening_date: monthStart });
  const groceries = await api.post('/finance/categories', { name: 'Groceries', kind: 'expense' });
  const tx = await api.post('/finance/transactions', { account_id: current.id, kind: 'expense', amount: '2450.75', date: today, description: 'Weekly shop', payee: 'Big Bazaar', category_id: groceries.id });
  await api.post('/finance/transactions', { account_id: current.id, kind: 'income', amount: '125000', date: today, description: 'Salary' });
  await api.post('/finance/transfers', { from_account_id: current.id, to_account_id: savings.id, amount: '20000', date: today });
  await api.post('/finance/exchange-rates', { date: monthStart, from: 'USD', to: 'INR', rate: '83.25' });
  const asset = await api.post('/finance/assets', { kind: 'vehicle', name: 'Scooter', currency: 'INR', value: '65000', value_date: monthStart });
  const liability = await api.post('/finance/liabilities', { kind: 'mortgage', name: 'Home loan', currency: 'INR' });
  await api.post(`/finance/liabilities/${liability.id}/balances`, { date: monthStart, value: '1250000' });
  const loan = await api.post('/finance/loans', { direction: 'borrowed', counterparty: 'City Bank', currency: 'INR', principal: '500000', annual_rate: '9', term_months: 24, start_date: monthStart });
  const bilal = await api.post('/social/contacts', { name: 'Bilal' });
  const chen = await api.post('/social/contacts', { name: 'Chen', email: 'chen@example.com' });
  await api.post('/social/peer-debts', { contact_id: bilal.id, direction: 'lent', amount: '1500', currency: 'INR', date: today, reason: 'Concert tickets' });
  // Overdue (due yesterday) and Chen can be reminded: the overdue marks and "Send a reminder".
  const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  await api.post('/social/peer-debts', { contact_id: chen.id, direction: 'lent', amount: '250', currency: 'INR', date: daysAgo(7), due_date: daysAgo(1), reason: 'Movie night' });
  await api.post('/social/contact-groups', { name: 'Flatmates', contact_ids: [bilal.id, chen.id] });
  const group = await api.post('/social/expense-groups', { name: 'Goa trip', currency: 'INR', contact_ids: [bilal.id, chen.id], simplify: true });
  const member = (name) => group.members.find((m) => m.name === name).id;
  await api.post(`/social/expense-groups/${group.id}/expenses`, {
    description: 'Beach villa',
    date: today,
    total: '13800.00',
    payers: [{ member_id: member('Bilal'), amount: '13800.00' }],
    split: { method: 'equal', participants: ['You', 'Bilal', 'Chen'].map((n) => ({ member_id: member(n) })) },
  });
  return { account: savings.id, tx: tx.id, asset: asset.id, liability: liability.id, loan: loan.id, contact: bilal.id, overdue: chen.id, group: group.id };
}

const h1 = (page) => expectVisible(page.getByRole('heading', { level: 1 }));

/** Every page, signed out then signed in: [name, path or opener]. */
const signedOutPages = [
  ['landing', '/'],
  ['sign-in', '/login'],
  ['sign-up', '/signup'],
  ['sign-up-done', '/signup/done?email=new%40example.com'],
  ['reset-request', '/password-reset'],
  ['reset-sent', '/password-reset/sent?email=new%40example.com'],
  ['reset-confirm', '/password-reset/confirm?token=not-a-real-token'],
];
const signedInPages = (ids) => [
  ['home', '/app'],
  ['dashboard', '/app/finance'],
  ['accounts', '/app/finance/accounts'],
  ['account-new', '/app/finance/accounts/new'],
  ['account', `/app/finance/accounts/${ids.account}`],
  ['transactions', '/app/finance/transactions'],
  ['transaction', `/app/finance/transactions/${ids.tx}`],
  ['transfer', '/app/finance/transfers/new'],
  ['categories', '/app/finance/categories'],
  ['rates', '/app/finance/rates'],
  ['assets', '/app/finance/assets'],
  ['asset', `/app/finance/assets/${ids.asset}`],
  ['liabilities', '/app/finance/liabilities'],
  ['liability', `/app/finance/liabilities/${ids.liability}`],
  ['loans', '/app/finance/loans'],
  ['loan', `/app/finance/loans/${ids.loan}`],
  ['net-worth', '/app/finance/net-worth'],
  ['finance-settings', '/app/finance/settings'],
  ['balances', '/social'],
  ['contacts', '/social/contacts'],
  ['contact', `/social/contacts/${ids.contact}`],
  ['contact-overdue', `/social/contacts/${ids.overdue}`],
  ['contact-groups', '/social/contact-groups'],
  ['groups', '/social/groups'],
  ['group', `/social/groups/${ids.group}`],
  ['expense-form', `/social/groups/${ids.group}/expenses/new`],
  ['invitations', '/social/invitations'],
  ['security', '/settings/security'],
  ['notification-settings', '/settings/notifications'],
  ['notifications', '/notifications'],
  ['not-found', `/social/contacts/${MISSING_ID}`],
];

const VARIANTS = [
  { width: 360, colorScheme: 'light' },
  { width: 1280, colorScheme: 'light' },
  { width: 360, colorScheme: 'dark' },
  { width: 1280, colorScheme: 'dark' },
];

/** What makes a page look broken that axe does not see: the page scrolls sideways, or a table is cut off. */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      problems.push(`the page scrolls sideways (${doc.scrollWidth} px > ${window.innerWidth} px): ${wide.join(', ')}`);
    }
    // Text that spills out of its card (the net-worth card once did); not what
    // sits in a scrolling table or a closed <details>.
    for (const el of document.querySelectorAll('.card .money__amount, .card .money')) {
      const card = el.closest('.card');
      const box = el.getBoundingClientRect();
      if (box.width === 0 || el.closest('.table-wrap, details:not([open])')) continue;
      if (box.right > card.getBoundingClientRect().right + 1) {
        problems.push(`"${el.innerText.trim().slice(0, 40)}" overflows its card`);
      }
    }
    // A scrolling table whose last column cannot be seen without scrolling, in a form (the expense form's "paid").
    for (const wrap of document.querySelectorAll('form .table-wrap')) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const cells = [...wrap.querySelectorAll('tbody tr:first-child > *')].map((c) => Math.round(c.getBoundingClientRect().width));
        problems.push(`a table in a form is cut off (${wrap.scrollWidth} px in ${wrap.clientWidth} px; cells ${cells.join(', ')} px)`);
      }
    }
    return problems;
  });
}

journey('every page: screenshots, accessibility, amounts and sentences', (j) => {
  j.step('sign-up suggests INR for a browser in en-IN; the person keeps it', async () => {
    const page = await j.browser.newPage({ width: 1280, locale: 'en-IN' });
    await page.goto('/signup');
    const select = page.getByLabel('Your main currency');
    assert.equal(await select.inputValue(), 'INR');
    j.person = await createVerifiedPerson(page, 'ui', 'Rohan Mehta', null);
    j.state = await page.context().storageState();
    await page.context().close();
  });

  j.step('data for every page, through the API', async () => {
    j.ids = await seed(await apiFor(j.person));
  });

  j.step('amounts show the symbol and Indian grouping; settle-up lines are sentences', async () => {
    const page = await j.browser.newPage({ width: 1280, storageState: j.state });
    await page.goto('/app/finance/accounts');
    await expectText(page.locator('main'), '₹1,86,010.50'); // 1,66,010.50 + a transfer of 20,000.00
    await page.goto('/app/finance');
    await expectText(page.locator('.page-header'), 'Totals in INR');
    assert.equal(await page.getByRole('button', { name: /as your base currency/ }).count(), 0, 'no offer: the base is INR already');
    await page.goto(`/social/groups/${j.ids.group}`);
    const plan = page.getByRole('region', { name: 'Settle up' });
    await expectText(plan, 'You pay Bilal ₹4,600.00');
    await expectText(plan, 'Chen pays Bilal ₹4,600.00');
    await expectText(plan, 'One of 2 payments that together settle you, Bilal and Chen.');
    const text = await plan.innerText();
    assert.doesNotMatch(text, /You pays|With the other payments|INR/, text);
    await page.context().close();
  });

  for (const { width, colorScheme } of VARIANTS) {
    const variant = `${width} px${colorScheme === 'dark' ? ', dark' : ''}`;
    j.step(`every page at ${variant}`, async (j, t) => {
      const signedOut = await j.browser.newPage({ width, colorScheme });
      const signedIn = await j.browser.newPage({ width, colorScheme, storageState: j.state });
      const failures = [];
      const pages = [...signedOutPages.map((p) => [...p, signedOut]), ...signedInPages(j.ids).map((p) => [...p, signedIn])];
      for (const [name, path, page] of pages) {
        const res = await page.goto(path);
        const expected = name === 'not-found' ? 404 : 200;
        if (res.status() !== expected) failures.push(`${name}: ${path} answered ${res.status()}`);
        await h1(page);
        const file = await screenshot(page, `ui-${name}${colorScheme === 'dark' ? '-dark' : ''}`);
        t.diagnostic(`screenshot: ${file}`);
        try {
          await assertAccessible(page, `${name} at ${variant}`);
        } catch (e) {
          failures.push(e.message);
        }
        for (const p of await layoutProblems(page)) failures.push(`${name} at ${variant}: ${p}`);
        try {
          j.browser.assertNoPageProblems(`on ${name} at ${variant}`);
        } catch (e) {
          failures.push(e.message);
        }
      }
      await signedOut.context().close();
      await signedIn.context().close();
      // Every page is looked at before failing, so one run lists everything.
      assert.deepEqual(failures, [], failures.join('\n\n'));
    }, LONG);
  }
});

journey('a new user whose accounts are all in INR is offered INR as the base currency', (j) => {
  j.step('signs up in USD and adds an INR account', async () => {
    j.page = await j.browser.newPage({ width: 360 });
    j.person = await createVerifiedPerson(j.page, 'ui-base', 'Meera Iyer', 'USD');
    const api = await apiFor(j.person);
    await api.post('/finance/accounts', { name: 'Salary account', kind: 'checking', currency: 'INR', opening_balance: '86010.50' });
  });

  j.step('the dashboard says why the totals and the chart are empty and offers INR', async () => {
    await j.page.goto('/app/finance');
    await expectText(j.page.locator('.page-header'), 'Totals in USD');
    await expectText(j.page.locator('.fin-chart'), 'Nothing to chart in USD: there is no exchange rate for INR→USD yet');
    await j.page.getByRole('button', { name: 'Use INR as your base currency' }).click();
    await expectPath(j.page, '/app/finance');
    await expectText(j.page.locator('#toasts'), 'Base currency changed');
    await expectText(j.page.locator('.page-header'), 'Totals in INR');
    await expectText(j.page.locator('.fin-stats'), '₹86,010.50');
    await expectText(j.page.locator('.fin-chart'), 'Nothing to chart yet');
    assert.equal(await j.page.getByRole('button', { name: /as your base currency/ }).count(), 0);
  });
});
