// Social journey: two people sign up, one invites the other, they share a
// group, each adds an expense with a different split, the settle-up plan
// shows, the suggested payments are recorded (one is deleted and undone),
// and both see every balance at zero.
//
// Asha (A) keeps the group "Goa trip" (USD) with two contacts: Bilal (B, who
// accepts her invitation and has his own account) and Chandra (no account).
//   Dinner 90.00, paid by Asha, split equally:      Asha 30.00, Bilal 30.00, Chandra 30.00
//   Taxi   50.00, paid by Bilal, exact amounts:     Asha 20.00, Bilal 10.00, Chandra 20.00
//   Balances: Asha +90 −30 −20 = +40.00; Bilal −30 +50 −10 = +10.00; Chandra −50.00
//   Simplified plan: Chandra pays Asha 40.00 and Chandra pays Bilal 10.00.
//
// Everyone reads the group from their own side: on Asha's screens she is
// "You"; on Bilal's (the group is shared with him) he is "You" and Asha is
// her display name.
import assert from 'node:assert/strict';
import {
  createVerifiedPerson,
  expectPath,
  expectText,
  expectVisible,
  findLink,
  journey,
  mailboxSnapshot,
  newPerson,
  screenshot,
  signUp,
  verifyFromMail,
  waitForMail,
  config,
} from '../lib/index.mjs';

const GROUP = 'Goa trip';
const BILAL = 'Bilal Khan';
const CHANDRA = 'Chandra Rao';
const ASHA = 'Asha Verma';

/** The group page's balances as [[name, words and amount]] in member order. */
async function balances(page) {
  const summary = page.getByRole('region', { name: 'Balances' });
  await expectVisible(summary.locator('dt'));
  return summary.locator('dl').evaluate((dl) => {
    const squash = (s) => s.replace(/\s+/g, ' ').trim();
    return [...dl.querySelectorAll('dt')].map((dt) => [squash(dt.innerText), squash(dt.nextElementSibling.innerText)]);
  });
}

/** The suggested payments on the group page, as text ("X pays Y $40.00"). */
async function plan(page) {
  const items = page.getByRole('region', { name: 'Settle up' }).locator('.actions-list__title');
  return (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The expenses table on the group page: [[description and sub-line, total, your share]]. */
async function expenses(page) {
  const rows = page.getByRole('region', { name: 'Expenses' }).locator('tbody tr');
  await expectVisible(rows);
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.innerText.replace(/\s+/g, ' ').trim())),
  );
}

/** The live preview of each person's share on the expense form, as "Name amount" lines (runs in the page). */
const readPreview = () =>
  [...document.querySelectorAll('#split-preview dt')].map((dt) => `${dt.innerText.trim()} ${dt.nextElementSibling.innerText.trim()}`);

/** Waits until the preview (it follows the form as it is typed) lists exactly `expected`. */
async function expectPreview(page, expected) {
  try {
    await page.waitForFunction(
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll('#split-preview dt')].map((dt) => `${dt.innerText.trim()} ${dt.nextElementSibling.innerText.trim()}`),
        ) === want,
      JSON.stringify(expected),
      { timeout: config.actionTimeout },
    );
  } catch {
    assert.deepEqual(await page.evaluate(readPreview), expected, 'the split preview');
  }
}

journey('social: invite, share a group, split two ways, settle up to zero', (j) => {
  const bilal = newPerson('social-b', BILAL);

  j.step('Asha signs up and adds Bilal (with his email) and Chandra as contacts', async () => {
    j.asha = await j.browser.newPage({ width: 1280 });
    const page = j.asha;
    j.ashaPerson = await createVerifiedPerson(page, 'social-a', 'Asha Verma');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Social' }).click();
    await expectPath(page, '/social/groups');
    // A group needs people: "No contacts yet: add some first".
    await page.getByRole('region', { name: 'Start a group' }).getByRole('link', { name: 'add some' }).click();
    await expectPath(page, '/social/contacts');

    const addContact = async (name, email) => {
      const form = page.getByRole('region', { name: 'Add a contact' });
      await form.getByLabel('Name', { exact: true }).fill(name);
      if (email) await form.getByLabel('Email').fill(email);
      await form.getByRole('button', { name: 'Add contact' }).click();
      await expectPath(page, /^\/social\/contacts\/[0-9a-f-]{36}$/);
      await expectText(page.getByRole('heading', { level: 1 }), name);
      return new URL(page.url()).pathname;
    };
    j.bilalContact = await addContact(BILAL, bilal.email);
    await expectText(page.getByRole('region', { name: 'Sharing' }), `Invite ${BILAL} to see what you share.`);
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await expectPath(page, '/social/contacts');
    await addContact(CHANDRA, '');
    await expectText(page.getByRole('region', { name: 'Sharing' }), `Add an email address to invite ${CHANDRA}.`);
  });

  j.step('Asha invites Bilal, and the invitation reaches his mailbox', async () => {
    const page = j.asha;
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await expectPath(page, '/social/contacts');
    const contacts = page.locator('#contact-rows tbody tr');
    await expectVisible(contacts);
    assert.deepEqual(
      (await contacts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
      [`BK ${BILAL} ${bilal.email} settled up`, `CR ${CHANDRA} settled up`],
    );
    await page.locator('#contact-rows').getByRole('link', { name: BILAL }).click();
    await expectPath(page, j.bilalContact);
    const before = await mailboxSnapshot();
    await page.getByRole('region', { name: 'Sharing' }).getByRole('button', { name: 'Invite by email' }).click();
    await expectText(page.getByRole('region', { name: 'Sharing' }), `Invitation sent to ${bilal.email}.`);
    assert.equal(new URL(page.url()).pathname, j.bilalContact);

    const mail = await waitForMail(bilal.email, { subject: 'Asha Verma wants to share expenses with you', exclude: before });
    assert.match(mail.text, new RegExp(`Hi ${BILAL},`));
    j.invitationLink = findLink(mail, /\/social\/invitations\?invitation=[0-9a-f-]{36}$/);
    assert.equal(new URL(j.invitationLink).origin, config.baseURL);
  });

  j.step('Bilal opens the link signed out, signs up and confirms his address', async () => {
    j.bilal = await j.browser.newPage({ width: 360 });
    const page = j.bilal;
    await page.goto(j.invitationLink);
    // Not signed in yet: the sign-in page, whose `next` is the whole
    // invitation address (prefix and query kept).
    await expectPath(page, '/login');
    const invitation = new URL(j.invitationLink);
    assert.equal(new URL(page.url()).searchParams.get('next'), `${invitation.pathname}${invitation.search}`);

    const before = await mailboxSnapshot();
    await signUp(page, bilal);
    await verifyFromMail(page, bilal.email, { exclude: before });
  });

  j.step('Bilal accepts the invitation from the link', async () => {
    const page = j.bilal;
    await page.goto(j.invitationLink);
    await expectPath(page, '/social/invitations');
    const received = page.getByRole('region', { name: 'Received' });
    const invitation = received.getByRole('listitem').filter({ hasText: 'Asha Verma invited you' });
    await expectVisible(invitation);
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await expectText(received.getByRole('listitem').filter({ hasText: 'Asha Verma invited you' }), 'you are sharing');
    assert.equal(await received.getByRole('button', { name: 'Accept' }).count(), 0);

    // Asha sees it on Bilal's contact page.
    await j.asha.reload();
    await expectText(j.asha.getByRole('region', { name: 'Sharing' }), `${BILAL} accepted your invitation`);
  });

  j.step('Asha starts a group with Bilal and Chandra', async () => {
    const page = j.asha;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Social' }).click();
    await expectPath(page, '/social/groups');
    const form = page.getByRole('region', { name: 'Start a group' });
    await form.getByLabel('Group name').fill(GROUP);
    assert.equal(await form.getByLabel('Currency').inputValue(), 'USD', 'the base currency is offered');
    await form.getByLabel(BILAL).check();
    await form.getByLabel(CHANDRA).check();
    await form.getByRole('button', { name: 'Start group' }).click();
    await expectPath(page, /^\/social\/groups\/[0-9a-f-]{36}$/);
    j.group = new URL(page.url()).pathname;
    await expectText(page.getByRole('heading', { level: 1 }), GROUP);
    await expectText(page.locator('.page-header__lede'), `You, ${BILAL}, ${CHANDRA} · USD`);
    await expectText(page.getByRole('region', { name: 'Settle up' }), 'Everyone is settled up.');
  });

  j.step('Asha adds a dinner she paid, split equally', async () => {
    const page = j.asha;
    await page.getByRole('link', { name: 'Add an expense' }).first().click();
    await expectPath(page, `${j.group}/expenses/new`);
    await expectText(page.getByRole('heading', { level: 1 }), 'Add an expense');
    assert.equal(await page.getByLabel('Split').inputValue(), 'equal', 'equally by default');
    assert.equal((await page.getByLabel('Paid by', { exact: true }).locator('option:checked').innerText()).trim(), 'You');
    await page.getByLabel('Total', { exact: true }).fill('90.00');
    await page.getByLabel('Description', { exact: true }).fill('Dinner');
    await expectPreview(page, ['You $30.00', `${BILAL} $30.00`, `${CHANDRA} $30.00`]);
    await page.getByRole('button', { name: 'Add expense' }).click();
    await expectPath(page, j.group);
    const [dinner, ...others] = await expenses(page);
    assert.equal(others.length, 0);
    assert.match(dinner[0], /^Dinner \d{1,2} [A-Z][a-z]{2} \d{4} · paid by You · equal$/);
    assert.deepEqual(dinner.slice(1), ['$90.00', '$30.00'], 'total and your share');
    assert.deepEqual(await balances(page), [
      ['You', 'are owed $60.00'],
      [BILAL, 'owes $30.00'],
      [CHANDRA, 'owes $30.00'],
    ]);
  });

  j.step('Bilal opens the shared group and adds a taxi he paid, in exact amounts', async () => {
    const page = j.bilal;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Social' }).click();
    await expectPath(page, '/social/groups');
    await page.getByRole('link', { name: GROUP }).click();
    await expectPath(page, j.group);
    await expectText(page.getByRole('heading', { level: 1 }), GROUP);
    await expectText(page.getByRole('region', { name: 'Expenses' }), 'Dinner');

    await page.getByRole('link', { name: 'Add an expense' }).first().click();
    await expectPath(page, `${j.group}/expenses/new`);
    await page.getByLabel('Total', { exact: true }).fill('50.00');
    await page.getByLabel('Description', { exact: true }).fill('Taxi');
    // He paid: the form starts with him ("You") as the payer.
    assert.equal((await page.getByLabel('Paid by', { exact: true }).locator('option:checked').innerText()).trim(), 'You');
    await page.getByLabel('Split').selectOption({ label: 'Exact amounts' });
    await page.getByLabel(`Value for ${ASHA}`).fill('20.00');
    await page.getByLabel('Value for You').fill('10.00');
    await page.getByLabel(`Value for ${CHANDRA}`).fill('20.00');
    await expectPreview(page, [`${ASHA} $20.00`, 'You $10.00', `${CHANDRA} $20.00`]);
    await page.getByRole('button', { name: 'Add expense' }).click();
    await expectPath(page, j.group);
    const taxi = page.getByRole('region', { name: 'Expenses' }).locator('tbody tr').filter({ hasText: 'Taxi' });
    await expectText(taxi, /^Taxi \d{1,2} [A-Z][a-z]{2} \d{4} · paid by You · exact \$50\.00/);
    // "Your share" is his own.
    assert.deepEqual((await expenses(page)).find((row) => row[0].startsWith('Taxi'))[2], '$10.00');
  });

  j.step("Asha's open group page shows Bilal's taxi without a reload", async () => {
    // Her page has been open on the group since the dinner: the taxi, the
    // balances and the plan arrive over /events, and the live region says so.
    const page = j.asha;
    const loads = [];
    page.on('load', () => loads.push(page.url()));
    await expectPath(page, j.group);
    await expectText(page.getByRole('region', { name: 'Expenses' }), 'Taxi');
    await expectText(page.getByRole('region', { name: 'Balances' }), 'is owed $10.00');
    await expectText(page.locator('#live-status'), /^Updated at /);
    assert.deepEqual(loads, [], 'no reload');
    // Her bell rang for Bilal's taxi, live too.
    const bell = page.locator('#notification-badge');
    await page.waitForFunction(() => /, \d+ unread$/.test(document.getElementById('notification-badge').getAttribute('aria-label')));
    assert.match(await bell.getAttribute('aria-label'), /^Notifications, \d+ unread$/);
  });

  j.step('Asha reads her notifications and the bell falls silent', async () => {
    const page = j.asha;
    await page.locator('#notification-badge').click();
    await expectPath(page, '/notifications');
    await expectText(page.getByRole('main'), `${BILAL} added “Taxi”`);
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.waitForFunction(() => document.getElementById('notification-badge').getAttribute('aria-label') === 'Notifications');
    await page.goto(j.group);
    await expectPath(page, j.group);
  });

  j.step('both see the same balances and the plan: Chandra pays Asha 40.00 and Bilal 10.00', async () => {
    // Each from their own side.
    const seen = [
      [j.asha, 'You', BILAL],
      [j.bilal, ASHA, 'You'],
    ];
    for (const [page, asha, bilal] of seen) {
      assert.deepEqual(await balances(page), [
        [asha, `${asha === 'You' ? 'are' : 'is'} owed $40.00`],
        [bilal, `${bilal === 'You' ? 'are' : 'is'} owed $10.00`],
        [CHANDRA, 'owes $50.00'],
      ]);
      await expectText(page.getByRole('region', { name: 'Settle up' }), 'The fewest payments that settle everyone.');
      const you = (n) => (n === 'You' ? 'you' : n);
      const payments = [`${CHANDRA} pays ${you(asha)} $40.00`, `${CHANDRA} pays ${you(bilal)} $10.00`];
      assert.deepEqual((await plan(page)).sort(), payments.sort());
    }
  });

  j.step('Asha records the payment to her, Bilal the one to him, from the plan', async () => {
    const record = async (page, from, to, remaining) => {
      const settle = page.getByRole('region', { name: 'Settle up' });
      await settle.getByRole('button', { name: `Record this payment from ${from} to ${to}` }).click();
      await expectText(page.getByRole('region', { name: 'Balances' }).getByRole('status'), 'Payment recorded.');
      await page.waitForFunction(
        (n) => document.querySelectorAll('#group-summary .actions-list__title').length === n,
        remaining,
      );
    };
    await record(j.asha, CHANDRA, 'You', 1);
    assert.deepEqual(await plan(j.asha), [`${CHANDRA} pays ${BILAL} $10.00`]);
    assert.deepEqual(await balances(j.asha), [
      ['You', 'settled up $0.00'],
      [BILAL, 'is owed $10.00'],
      [CHANDRA, 'owes $10.00'],
    ]);

    await j.bilal.reload();
    await expectPath(j.bilal, j.group);
    assert.deepEqual(await plan(j.bilal), [`${CHANDRA} pays you $10.00`]);
    await record(j.bilal, CHANDRA, 'You', 0);
    // Asha's open page follows Bilal's payment live: the plan empties, and
    // the notice of her own payment is still there (a live update swaps the
    // figures, not the summary).
    await j.asha.waitForFunction(() => document.querySelectorAll('#group-summary .actions-list__title').length === 0);
    await expectText(j.asha.getByRole('region', { name: 'Settle up' }), 'Everyone is settled up.');
    await expectText(j.asha.getByRole('region', { name: 'Balances' }).getByRole('status'), 'Payment recorded.');
  });

  j.step('Asha deletes the payment to her (after confirming), the plan shows it again, and she undoes it', async () => {
    const page = j.asha;
    await page.reload();
    await expectPath(page, j.group);
    const payments = page.getByRole('region', { name: 'Payments' });
    await expectText(payments, `${CHANDRA} paid you`);
    const asked = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      d.accept();
    });
    await payments.getByRole('button', { name: /^Delete the payment of \$40\.00/ }).click();
    await expectText(page.getByRole('region', { name: 'Payments' }), 'Deleted payments');
    assert.equal(asked.length, 1);
    assert.match(asked[0], /^Delete this payment of \$40\.00\?/);
    assert.deepEqual(await plan(page), [`${CHANDRA} pays you $40.00`]);
    await page
      .getByRole('region', { name: 'Payments' })
      .getByRole('button', { name: /^Undo deleting the payment of \$40\.00/ })
      .click();
    await expectText(page.getByRole('region', { name: 'Settle up' }), 'Everyone is settled up.');
    assert.equal(await page.getByRole('region', { name: 'Payments' }).getByText('Deleted payments').count(), 0);
    assert.equal(asked.length, 1, 'undo does not ask');
  });

  j.step('both see every balance at zero and nothing left to pay', async () => {
    const zero = (...names) => names.map((n) => [n, 'settled up $0.00']);
    for (const [page, names] of [
      [j.asha, zero('You', BILAL, CHANDRA)],
      [j.bilal, zero(ASHA, 'You', CHANDRA)],
    ]) {
      await page.reload();
      await expectPath(page, j.group);
      await expectText(page.getByRole('region', { name: 'Settle up' }), 'Everyone is settled up.');
      assert.deepEqual(await balances(page), names);
      assert.equal(await page.getByRole('button', { name: /Record this payment/ }).count(), 0);
    }
    // The groups list agrees, for both.
    for (const page of [j.asha, j.bilal]) {
      await page.getByRole('link', { name: 'Groups', exact: true }).click();
      await expectPath(page, '/social/groups');
      const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: GROUP }) });
      await expectText(card, '3 members · USD');
      await expectText(card, 'settled up');
    }
  });
});
