// IOU corrections journey: Asha lends Meera 100.00, edits the reason,
// corrects the amount to 80.00, reads the history, records that Meera paid
// back half, deletes that payment and undoes the delete, then deletes the
// IOU and undoes that too, all from the contact page. (The group half of the
// issue's journey, removing a settled member and renaming, is groups.test.mjs.)
import assert from 'node:assert/strict';
import {
  createVerifiedPerson,
  expectPath,
  expectText,
  journey,
  screenshot,
} from '../lib/index.mjs';

journey('IOU: edit, correct, history, settle half and undo, delete and undo on the contact page', (j) => {
  j.step('Asha adds Meera and records that she lent her 100.00', async () => {
    j.page = await j.browser.newPage({ width: 1280 });
    const page = j.page;
    await createVerifiedPerson(page, 'iou-a', 'Asha Verma');
    await page.goto('/social/contacts');
    const add = page.getByRole('region', { name: 'Add a contact' });
    await add.getByLabel('Name', { exact: true }).fill('Meera');
    await add.getByRole('button', { name: 'Add contact' }).click();
    await expectPath(page, /^\/social\/contacts\/[0-9a-f-]{36}$/);
    j.contact = new URL(page.url()).pathname;
    const record = page.getByRole('region', { name: 'Record an IOU' });
    await record.getByLabel('Amount').fill('100.00');
    await record.getByLabel('Currency').fill('USD');
    await record.getByLabel('Reason').fill('Tickets');
    await record.getByRole('button', { name: 'Record' }).click();
    await expectPath(page, j.contact);
    await expectText(page.locator('h1 + .page-header__lede'), '$100.00');
  });

  j.step('she edits the reason and corrects the amount to 80.00', async () => {
    const page = j.page;
    await page.getByText('Change this IOU').click();
    const change = page.locator('details.iou-more__change');
    await change.getByLabel('Reason').fill('Concert tickets');
    await change.getByRole('button', { name: 'Save details' }).click();
    await expectPath(page, j.contact);
    // The same address before and after: wait for the page that shows the new reason.
    await expectText(page.locator('#main'), 'Concert tickets');
    await page.getByText('Change this IOU').click();
    await change.getByLabel('Amount').fill('80.00');
    await change.getByRole('button', { name: 'Correct' }).click();
    await expectPath(page, j.contact);
    await expectText(page.locator('h1 + .page-header__lede'), '$80.00');
    await page.getByText('History (3)').click();
    await expectText(page.locator('details.iou-more__history'), 'IOU corrected: $100.00 → $80.00');
  });

  j.step('Meera pays back half; Asha deletes that payment, then undoes it', async () => {
    const page = j.page;
    const asked = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      d.accept();
    });
    const ious = page.getByRole('region', { name: 'IOUs' });
    await ious.getByLabel('Amount paid').fill('40.00');
    await ious.getByRole('button', { name: 'Settle' }).click();
    await expectPath(page, j.contact);
    await expectText(page.locator('h1 + .page-header__lede'), '$40.00');
    const payments = page.getByRole('region', { name: 'Payments' });
    await expectText(payments, 'Meera paid you');
    await payments.getByRole('button', { name: /^Delete the payment of \$40\.00/ }).click();
    await expectText(payments, 'Deleted payments');
    assert.match(asked[0] ?? '', /^Delete this payment of \$40\.00\?/);
    await expectText(page.locator('h1 + .page-header__lede'), '$80.00');
    await payments.getByRole('button', { name: /^Undo deleting the payment of \$40\.00/ }).click();
    await expectText(page.locator('h1 + .page-header__lede'), '$40.00');
    assert.equal(await payments.getByText('Deleted payments').count(), 0);
  });

  j.step('the payment is deleted again so the IOU can go; she deletes it, then undoes the delete', async () => {
    const page = j.page;
    const payments = page.getByRole('region', { name: 'Payments' });
    await payments.getByRole('button', { name: /^Delete the payment of \$40\.00/ }).click();
    await expectText(page.locator('h1 + .page-header__lede'), '$80.00');
    await page.getByText('Change this IOU').click();
    await page.getByRole('button', { name: 'Delete this IOU' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'deleted' }), 'IOU of $80.00 deleted.');
    await expectText(page.locator('h1 + .page-header__lede'), 'You are settled up.');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expectPath(page, j.contact);
    await expectText(page.locator('h1 + .page-header__lede'), '$80.00');
    await screenshot(page, 'iou-restored');
  });
});
