// The checks the journeys rely on must be able to fail: a CSP violation is
// caught, axe reports a serious problem, the mail reader decodes what the
// worker writes. (A check that can never fail passes for the wrong reason.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserTest, decodeHeaderValue, findLink, parseEml, runAxe } from '../lib/index.mjs';

describe('the test harness itself', () => {
  browserTest('catches a Content-Security-Policy violation on an app page', async (browser) => {
    const page = await browser.newPage();
    await page.goto('/login');
    // An inline script, as a template mistake would add: the app's CSP refuses it.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the CSP blocked the inline script');
    assert.throws(() => browser.assertNoPageProblems(), /Content Security Policy/);
  });

  browserTest('axe runs under the app CSP and reports a serious violation', async (browser) => {
    const page = await browser.newPage();
    await page.goto('/login');
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      input.id = 'e2e-unlabelled';
      document.querySelector('main').append(input);
    });
    const { blocking } = await runAxe(page);
    const label = blocking.find((v) => v.id === 'label');
    assert.ok(label, `axe should flag the unlabelled input; got ${blocking.map((v) => v.id).join(', ') || 'nothing'}`);
    assert.ok(label.nodes.some((n) => n.target.join(' ').includes('e2e-unlabelled')));
  });

  it('reads multipart mail with base64 and quoted-printable parts', { timeout: 5_000 }, () => {
    const raw = [
      'From: =?utf-8?q?Hisaab_=E2=80=94_mail?= <no-reply@hisaab.localhost>',
      'To: "Asha" <Asha@Example.com>',
      'Subject: =?utf-8?b?UmVzZXQgeW91ciBwYXNzd29yZCDigJQ=?=',
      '  =?utf-8?q?_now?=',
      'Date: Wed, 25 Nov 2026 21:28:44 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Hi Asha,\nopen http://127.0.0.1:1/password-reset/confirm?token=abc-DEF_123\n— Hisaab').toString('base64'),
      '--b1',
      'Content-Type: text/html; charset="utf-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>Caf=C3=A9</p><a href=3D"http://127.0.0.1:1/verify-email?token=3Dxyz&amp;a=3D=',
      '1">go</a>',
      '--b1--',
      'epilogue',
      '',
    ].join('\r\n');
    const mail = parseEml(raw);
    assert.deepEqual(mail.to, ['asha@example.com']);
    assert.deepEqual(mail.from, ['no-reply@hisaab.localhost']);
    assert.equal(mail.subject, 'Reset your password — now');
    assert.equal(mail.date?.toISOString(), '2026-11-25T21:28:44.000Z');
    assert.match(mail.text, /— Hisaab$/);
    assert.match(mail.html, /<p>Café<\/p>/);
    assert.equal(findLink(mail, /verify-email/), 'http://127.0.0.1:1/verify-email?token=xyz&a=1');
    assert.equal(findLink(mail, /password-reset/), 'http://127.0.0.1:1/password-reset/confirm?token=abc-DEF_123');
    assert.equal(decodeHeaderValue('plain'), 'plain');
  });
});
