// Group expense list journey: a group with 60 expenses (added through the API)
// shows the newest 50, loads the rest when the "More expenses" row scrolls
// into view, and narrows to what the search box and the member filter ask
// for, with the address following the search. Amounts sit under their own
// column headers at 1280 and 360 px.
import assert from 'node:assert/strict';
import { config, createVerifiedPerson, expectVisible, journey, screenshot } from '../lib/index.mjs';

/** The expense rows on the group page (not the "More" row). */
function rows(page) {
  return page.locator('#expense-rows > tr:not(#expense-more)');
}

async function expectRows(page, n) {
  await page.waitForFunction(
    (want) => document.querySelectorAll('#expense-rows > tr:not(#expense-more)').length === want,
    n,
    { timeout: config.actionTimeout },
  );
  assert.equal(await rows(page).count(), n);
}

journey('the group expense list pages, searches and filters', (j) => {
  j.step('a person with a group of 60 expenses opens it', async () => {
    j.page = await j.browser.newPage({ width: 1280 });
    j.person = await createVerifiedPerson(j.page, 'explist');
    const api = j.page.request;
    const token = (await (await api.post('/api/v1/auth/token', { data: { email: j.person.email, password: j.person.password } })).json()).access_token;
    const headers = { authorization: `Bearer ${token}` };
    j.headers = headers;
    const post = async (path, data) => {
      const res = await api.post(`/api/v1/social${path}`, { headers, data });
      assert.ok(res.ok(), `${path}: ${res.status()} ${await res.text()}`);
      return res.json();
    };
    const meera = await post('/contacts', { name: 'Meera' });
    const kabir = await post('/contacts', { name: 'Kabir' });
    const group = await post('/expense-groups', { name: 'Flat', currency: 'USD', contact_ids: [meera.id, kabir.id] });
    j.group = group;
    const [you, m] = [group.members[0].id, group.members[1].id];
    for (let i = 0; i < 59; i += 1) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      await post(`/expense-groups/${group.id}/expenses`, {
        description: `Groceries ${i}`, date: `2026-10-${day}`, total: '30.00',
        payers: [{ member_id: you, amount: '30.00' }], split: { method: 'equal' },
      });
    }
    await post(`/expense-groups/${group.id}/expenses`, {
      description: 'Taxi home', date: '2026-11-02', total: '20.00',
      payers: [{ member_id: m, amount: '20.00' }], split: { method: 'equal', participants: [{ member_id: you }, { member_id: m }] },
    });
    await j.page.goto(`/social/groups/${group.id}`);
    await expectRows(j.page, 50);
    const first = rows(j.page).first();
    assert.match(await first.locator('td').nth(1).innerText(), /\$20\.00/);
    assert.match(await first.locator('td').nth(2).innerText(), /\$10\.00/);
    // The share is in the "Your share" column: level with its header.
    const header = j.page.getByRole('columnheader', { name: 'Your share' });
    // A live refresh (the worker's events for the writes above) may swap the
    // rows between finding a cell and measuring it: measure again until both stand.
    const boxes = async () => [await header.boundingBox(), await first.locator('td').nth(2).boundingBox()];
    let [h, c] = await boxes();
    for (let i = 0; i < 30 && (!h || !c); i += 1) {
      await j.page.waitForTimeout(100);
      [h, c] = await boxes();
    }
    assert.ok(Math.abs(h.x + h.width - (c.x + c.width)) < 2, `share cell ${JSON.stringify(c)} under header ${JSON.stringify(h)}`);
  });

  j.step('scrolling to the end loads the next page', async () => {
    // The worker's events for the 60 expenses written just above may still be
    // arriving; each live refresh redraws as many rows as the list shows, so
    // scrolling once to the "More" row is enough (a refresh that raced the
    // "More" request may bring the row back: then it is scrolled to again).
    const more = j.page.locator('#expense-more');
    for (let attempt = 0; attempt < 5 && (await more.count()) > 0; attempt += 1) {
      await more.scrollIntoViewIfNeeded().catch(() => {});
      await more.waitFor({ state: 'detached', timeout: config.actionTimeout }).catch(() => {});
    }
    await expectRows(j.page, 60);
    assert.equal(await more.count(), 0);
    // (A full-page screenshot stretches the viewport: it would reveal the "More" row itself.)
    await screenshot(j.page, 'group-expenses');
  });

  j.step('a change made elsewhere refreshes the page without folding the list', async () => {
    const res = await j.page.request.patch(`/api/v1/social/expense-groups/${j.group.id}`, {
      headers: j.headers, data: { name: 'Flat 4B' },
    });
    assert.ok(res.ok(), `rename: ${res.status()} ${await res.text()}`);
    await expectVisible(j.page.getByRole('heading', { level: 1, name: 'Flat 4B' }));
    await expectRows(j.page, 60);
  });

  j.step('the search box narrows the list and the address follows', async () => {
    await j.page.getByLabel('Search').fill('taxi');
    await expectRows(j.page, 1);
    assert.match(await rows(j.page).first().innerText(), /Taxi home/);
    await j.page.waitForURL(/q=taxi/, { timeout: config.actionTimeout });
    await j.page.getByLabel('Search').fill('');
    await expectRows(j.page, 50);
  });

  j.step('the member filter keeps what they paid or share', async () => {
    await j.page.getByLabel('Member').selectOption({ label: 'Kabir' });
    await j.page.waitForURL(new RegExp(`member_id=${j.group.members[2].id}`), { timeout: config.actionTimeout });
    await expectRows(j.page, 50);
    await j.page.locator('#expense-more').scrollIntoViewIfNeeded();
    await expectRows(j.page, 59);
  });

  j.step('on a phone the list reads and pages the same', async () => {
    const phone = await j.browser.newPage({ width: 360, storageState: await j.page.context().storageState() });
    await phone.goto(`/social/groups/${j.group.id}`);
    await expectRows(phone, 50);
    await expectVisible(phone.getByText('Your share').first());
    await phone.locator('#expense-more').scrollIntoViewIfNeeded();
    await expectRows(phone, 60);
    await screenshot(phone, 'group-expenses');
  });
});
