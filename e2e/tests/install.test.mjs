// Installable (issue 15): Chromium finds nothing missing to install the app
// (manifest, icons, a service worker in control), and with the network gone a
// page load shows Hisaab's offline page, signed out, instead of the browser's
// error.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { browserTest, createVerifiedPerson, expectText, screenshot } from '../lib/index.mjs';

describe('installing the app', () => {
  browserTest('Chromium can install it and it shows its offline page without a network', async (browser) => {
    const page = await browser.newPage({ width: 360, serviceWorkers: 'allow' });
    await createVerifiedPerson(page, 'install', 'Ira Sen');
    await page.goto('/app');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Controlled from the next load on.
    await page.reload();
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker controls the page');

    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // A Playwright context is an incognito profile, where Chromium never
    // installs anything: that one is the harness's, not the app's.
    const blocking = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
    assert.deepEqual(blocking, [], 'nothing of the app stops an install');
    const { url, errors } = await cdp.send('Page.getAppManifest');
    assert.ok(url.endsWith('/manifest.webmanifest'));
    assert.deepEqual(errors, [], 'the manifest parses cleanly');

    await page.context().setOffline(true);
    await page.goto('/app/finance').catch(() => {});
    await expectText(page.getByRole('heading', { level: 1 }), 'You are offline');
    assert.equal(await page.getByText('Ira Sen').count(), 0, 'the cached offline page names no one');
    await screenshot(page, 'offline-installed');
    await page.context().setOffline(false);
  });
});
