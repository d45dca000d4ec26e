// Your data (issue 14): a person exports everything, downloads the zip, asks
// to delete the account, sees the grace-period notice with its date, and
// cancels the deletion by signing in again. /settings/data at 360 and 1280 px
// through axe on the way.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe } from 'node:test';
import {
  assertAccessible,
  browserTest,
  createVerifiedPerson,
  expectPath,
  expectText,
  expectVisible,
  screenshot,
  signIn,
} from '../lib/index.mjs';

describe('your data', () => {
  browserTest('export, download, delete the account, cancel by signing in', async (browser) => {
    const page = await browser.newPage({ width: 1280 });
    const person = await createVerifiedPerson(page, 'data', 'Dev Rao');

    await page.goto('/settings/data');
    await expectVisible(page.getByRole('heading', { name: 'Your data', level: 1 }));
    await page.getByRole('button', { name: 'Export all my data' }).click();
    // The worker builds it; the list refreshes live, a reload shows the same.
    const download = page.getByRole('link', { name: /^Download/ });
    for (let i = 0; i < 30 && (await download.count()) === 0; i += 1) {
      await page.waitForTimeout(1000);
      if ((await download.count()) === 0) await page.reload();
    }
    await expectVisible(download);
    await screenshot(page, 'data-export-ready');
    const [file] = await Promise.all([page.waitForEvent('download'), download.first().click()]);
    assert.match(file.suggestedFilename(), /\.zip$/);
    const bytes = await fs.readFile(await file.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip archive');
    assert.ok(bytes.includes(Buffer.from('hisaab.json')), 'holding hisaab.json');
    assert.ok(bytes.includes(Buffer.from('csv/accounts.csv')), 'and a CSV per kind');

    // axe on pages of their own: it leaves style attributes behind that a
    // later htmx swap would copy (and CSP rightly refuses).
    const state = await page.context().storageState();
    for (const width of [360, 1280]) {
      const look = await browser.newPage({ width, storageState: state });
      await look.goto('/settings/data');
      await screenshot(look, 'data');
      await assertAccessible(look, `/settings/data at ${width} px`);
    }

    // A wrong password changes nothing and says why.
    await page.getByLabel('Your password').fill('not-my-password');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expectText(page.locator('.error-summary'), 'There is a problem');
    await page.getByLabel('Your password').fill(person.password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expectPath(page, '/settings/data/deletion-scheduled');
    await expectText(page.getByRole('heading', { level: 1 }), 'Your account will be deleted');
    await expectText(page.getByRole('status'), 'we will erase your account');
    await screenshot(page, 'data-deletion-scheduled');
    await assertAccessible(page, 'the deletion notice');

    // Signed out everywhere; signing in cancels it.
    await page.goto('/settings/data');
    await expectPath(page, '/login');
    await signIn(page, person.email, person.password, { expectSuccess: false });
    await expectPath(page, '/settings/data');
    await expectText(page.locator('#toasts'), 'will not be deleted');
    await expectVisible(page.getByRole('button', { name: 'Delete my account' }));
  });
});
