// Managing a group and a contact from the pages.
//
// Asha keeps "Flat" (USD) with Bo and Cy. A 30.00 grocery bill she paid,
// split equally, leaves Bo and Cy owing her 10.00 each. Removing Cy is
// refused (409) with what to do; once Cy's payment from the plan is recorded,
// Cy is removed (their past expense stays). Asha renames the group, sets a
// 60/40 default split that pre-fills the expense form, and edits Bo's contact.
import assert from 'node:assert/strict';
import { createVerifiedPerson, expectPath, expectText, expectVisible, journey, screenshot } from '../lib/index.mjs';

journey('groups: remove a settled member, rename, default split, edit a contact', (j) => {
  j.step('Asha adds Bo and Cy, starts "Flat" and adds groceries split three ways', async () => {
    j.page = await j.browser.newPage({ width: 1280 });
    const page = j.page;
    page.on('dialog', (d) => d.accept());
    await createVerifiedPerson(page, 'groups-a', 'Asha Verma');
    for (const name of ['Bo', 'Cy']) {
      await page.goto('/social/contacts');
      const form = page.getByRole('region', { name: 'Add a contact' });
      await form.getByLabel('Name', { exact: true }).fill(name);
      await form.getByRole('button', { name: 'Add contact' }).click();
      await expectPath(page, /^\/social\/contacts\/[0-9a-f-]{36}$/);
      if (name === 'Bo') j.bo = new URL(page.url()).pathname;
    }
    await page.goto('/social/groups');
    const start = page.getByRole('region', { name: 'Start a group' });
    await start.getByLabel('Group name').fill('Flat');
    await start.getByLabel('Bo', { exact: true }).check();
    await start.getByLabel('Cy', { exact: true }).check();
    await start.getByRole('button', { name: 'Start group' }).click();
    await expectPath(page, /^\/social\/groups\/[0-9a-f-]{36}$/);
    j.group = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Add an expense' }).first().click();
    await expectPath(page, `${j.group}/expenses/new`);
    await page.getByLabel('Total', { exact: true }).fill('30.00');
    await page.getByLabel('Description', { exact: true }).fill('Groceries');
    await page.getByRole('button', { name: 'Add expense' }).click();
    await expectPath(page, j.group);
  });

  j.step('removing Cy, who owes 10.00, is refused with what to do', async () => {
    const page = j.page;
    await page.getByRole('link', { name: 'Settings' }).click();
    await expectPath(page, `${j.group}/settings`);
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByRole('button', { name: 'Remove Cy' }).click();
    await expectText(
      members.getByRole('alert'),
      "Cy still owes 10.00 USD in this group. Settle up first (record the payments in the group's settle-up plan) before removing them.",
    );
    await expectText(members, 'Cy');
  });

  j.step('after Cy pays from the plan, Cy is removed and the groceries still name them', async () => {
    const page = j.page;
    await page.goto(j.group);
    const settle = page.getByRole('region', { name: 'Settle up' });
    await settle.getByRole('button', { name: 'Record this payment from Cy to You' }).click();
    await expectText(page.getByRole('region', { name: 'Balances' }).getByRole('status'), 'Payment recorded.');

    await page.getByRole('link', { name: 'Settings' }).click();
    await expectPath(page, `${j.group}/settings`);
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByRole('button', { name: 'Remove Cy' }).click();
    await expectPath(page, `${j.group}/settings`);
    await expectText(page.locator('.toast'), 'Member removed. Their past expenses stay in the group.');
    await expectText(members, 'Former members: Cy.');
    assert.equal(await members.getByRole('button', { name: 'Remove Cy' }).count(), 0);
  });

  j.step('Asha renames the group', async () => {
    const page = j.page;
    const name = page.getByRole('region', { name: 'Name' });
    await name.getByLabel('Group name').fill('');
    await name.getByRole('button', { name: 'Save' }).click();
    await expectText(name.locator('#name-error'), 'a group name');
    await name.getByLabel('Group name').fill('Home');
    await name.getByRole('button', { name: 'Save' }).click();
    await expectText(page.locator('.toast'), 'Group settings saved.');
    await page.locator('a.back-link').click();
    await expectPath(page, j.group);
    await expectText(page.getByRole('heading', { level: 1 }), 'Home');
    await expectText(page.locator('.page-header__lede'), 'You, Bo · USD');
  });

  j.step('a 60/40 default split pre-fills the expense form', async () => {
    const page = j.page;
    await page.getByRole('link', { name: 'Settings' }).click();
    const split = page.getByRole('region', { name: 'Default split' });
    await split.getByLabel('You (%)', { exact: true }).fill('60');
    await split.getByLabel('Bo (%)', { exact: true }).fill('30');
    await split.getByRole('button', { name: 'Save default split' }).click();
    await expectText(split, 'The percentages add up to 90, not 100.');
    await split.getByLabel('Bo (%)', { exact: true }).fill('40');
    await split.getByRole('button', { name: 'Save default split' }).click();
    await expectText(page.locator('.toast'), 'Group settings saved.');
    await page.goto(`${j.group}/expenses/new`);
    assert.equal(await page.getByLabel('Split').inputValue(), 'percentage');
    assert.equal(await page.getByLabel('Value for You').inputValue(), '60');
    assert.equal(await page.getByLabel('Value for Bo').inputValue(), '40');
  });

  j.step("Asha edits Bo's contact", async () => {
    const page = j.page;
    await page.goto(j.bo);
    await page.getByRole('link', { name: 'Edit' }).click();
    await expectPath(page, `${j.bo}/edit`);
    await page.getByLabel('Name', { exact: true }).fill('Bo Li');
    await page.getByLabel('Notes (optional)').fill('Flatmate since 2025');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectPath(page, j.bo);
    await expectText(page.getByRole('heading', { level: 1 }), 'Bo Li');
    await expectVisible(page.locator('.toast'));
    await page.goto(`${j.group}/settings`);
    await screenshot(page, 'group-settings');
  });
});
