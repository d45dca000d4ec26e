// Language journey (issue 15): a person chooses Hindi on their profile; the
// page comes back in Hindi with lang="hi", reads well at 1280 and 360 px and
// passes axe; the home page and the finance, social, settings and
// notification pages follow (axe and screenshots at both widths); choosing
// "as my browser asks" again brings English back (the browser asks for
// English).
import assert from 'node:assert/strict';
import { assertAccessible, createVerifiedPerson, expectVisible, journey, screenshot } from '../lib/index.mjs';

journey('a person reads Hisaab in Hindi', (j) => {
  j.step('chooses Hindi on the profile page', async () => {
    j.page = await j.browser.newPage({ width: 1280 });
    await createVerifiedPerson(j.page, 'hindi');
    await j.page.goto('/settings/profile');
    await j.page.getByLabel('Language').selectOption('hi');
    await j.page.getByRole('button', { name: 'Save profile' }).click();
    await j.page.waitForFunction(() => document.documentElement.lang === 'hi');
    await expectVisible(j.page.getByRole('heading', { level: 1, name: 'प्रोफ़ाइल' }));
    assert.equal(await j.page.locator('html').getAttribute('dir'), 'ltr');
    await assertAccessible(j.page, 'profile in Hindi at 1280 px');
    await screenshot(j.page, 'profile-hi');
  });

  j.step('the pages follow, on a phone too', async () => {
    const phone = await j.browser.newPage({ width: 360, storageState: await j.page.context().storageState() });
    await phone.goto('/settings/profile');
    assert.equal(await phone.locator('html').getAttribute('lang'), 'hi');
    await assertAccessible(phone, 'profile in Hindi at 360 px');
    await screenshot(phone, 'profile-hi');
    await phone.goto('/app');
    assert.equal(await phone.locator('html').getAttribute('lang'), 'hi');
    await assertAccessible(phone, 'home in Hindi at 360 px');
    await screenshot(phone, 'home-hi');
  });

  j.step('the finance, social, settings and notification pages in Hindi pass axe at 1280 and 360 px', async () => {
    const phone = await j.browser.newPage({ width: 360, storageState: await j.page.context().storageState() });
    const pages = [
      ['/app/finance', 'finance-hi'],
      ['/app/finance/accounts/new', 'new-account-hi'],
      ['/app/finance/transactions', 'transactions-hi'],
      ['/app/finance/net-worth', 'net-worth-hi'],
      ['/app/finance/loans', 'loans-hi'],
      ['/social/contacts', 'contacts-hi'],
      ['/social/groups', 'groups-hi'],
      ['/settings/security', 'security-hi'],
      ['/settings/data', 'data-hi'],
      ['/notifications', 'notifications-hi'],
    ];
    for (const [path, name] of pages) {
      for (const [page, width] of [[j.page, 1280], [phone, 360]]) {
        await page.goto(path);
        assert.equal(await page.locator('html').getAttribute('lang'), 'hi', path);
        await assertAccessible(page, `${path} in Hindi at ${width} px`);
        await screenshot(page, name);
      }
    }
  });

  j.step('"as my browser asks" brings English back', async () => {
    await j.page.goto('/settings/profile');
    await j.page.getByLabel('भाषा').selectOption('');
    await j.page.getByRole('button', { name: 'प्रोफ़ाइल सहेजें' }).click();
    await j.page.waitForFunction(() => document.documentElement.lang === 'en');
    await expectVisible(j.page.getByRole('heading', { level: 1, name: 'Profile' }));
  });
});
