# Messages the social service writes in English (field errors, refusals,
# the one-time "done" notes of the social pages) that the social pages show.
# Each English text here must be exactly the service's sentence: the web
# layer finds a message by that text and shows the reader's language (ADR
# 0031). Sentences with names or numbers in them are not here.

## Done notes (flash)
svc-social-flash-group-saved = Group settings saved.
svc-social-flash-group-archived = Group archived. Its expenses and balances are kept; restore it here.
svc-social-flash-group-restored = Group restored.
svc-social-flash-member-added = Member added.
svc-social-flash-member-removed = Member removed. Their past expenses stay in the group.
svc-social-flash-left-group = You left the group.
svc-social-flash-contact-saved = Contact saved.
svc-social-flash-contact-archived = Contact archived. Their history and balances are kept.
svc-social-flash-contact-restored = Contact restored.
svc-social-flash-reminder-sent = Reminder sent. You can send another about this IOU tomorrow.

## Fields every social form has (names, dates, amounts, currencies, choices)
svc-social-enter-group-name = Enter a group name.
svc-social-enter-name-for-group = Enter a name for the group.
svc-social-enter-description = Enter a description.
svc-social-group-name-characters = A group name contains characters that are not allowed.
svc-social-group-name-for-characters = A name for the group contains characters that are not allowed.
svc-social-description-characters = A description contains characters that are not allowed.
svc-social-reason-characters = The reason contains characters that are not allowed.
svc-social-notes-characters = The notes contains characters that are not allowed.
svc-social-phone-characters = The phone number contains characters that are not allowed.
svc-social-phone-format = Enter a phone number with digits, spaces and + - ( ) only.
svc-social-search-too-long = Search for at most 100 characters of plain text.

## Contacts, IOUs, reminders and invitations
svc-social-no-such-contact = There is no such contact. Choose one of your contacts.
svc-social-due-before-date = The due date can't be before the date of the debt.
svc-social-iou-account-not-yours = Accounts can be linked only to your own IOUs; leave the account out here.
svc-social-account-archived = This account is archived; restore it or choose another.
svc-social-iou-recorder-only = Only the person who recorded this IOU can change it.
svc-social-nothing-to-correct = Nothing to correct: change the amount, currency, date or direction.
svc-social-iou-corrected = This IOU was corrected; change its current version instead.
svc-social-iou-deleted = This IOU is deleted. Restore it before changing it.
svc-social-remind-not-current = This IOU was deleted or corrected: remind about the one that counts.
svc-social-remind-settled = This IOU is settled: there is nothing to remind about.
svc-social-invite-needs-email = Add an email address to this contact first: the invitation goes there.
svc-social-invite-own-email = That is your own email address.
svc-social-invite-verify-first = Verify your email address first, then accept the invitation.
svc-social-invite-own = You can't accept your own invitation.
svc-social-contact-group-too-big = A contact group can have at most 200 people.

## Payments
svc-social-record-own-payments = You can record only payments you made or received.
svc-social-change-own-payments = You can change only payments you made or received.
svc-social-payment-account-own = Only a payment you made or received can go through your account.
svc-social-pay-yourself = Someone can't pay themselves. Choose another member.

## Groups and members
svc-social-choose-member = Choose a member of this group.
svc-social-group-account-own = Accounts can be linked only in your own groups; leave the account out here.
svc-social-remove-yourself = You can't remove yourself from your own group. Archive the group instead.
svc-social-leave-own-group = This is your own group, so you can't leave it. Archive it instead.
svc-social-member-contact-or-name = Choose one of your contacts, or type the name of someone new.
svc-social-member-not-both = Choose one of your contacts or type a new name, not both.
svc-social-group-archived = This group is archived. Restore it to add expenses.
svc-social-member-twice = This member is listed twice; list each member once.
svc-social-default-split-empty = Give at least one member a percentage, or clear the default split.
svc-social-percentage-format = Enter a percentage like 60 or 33.5.

## Expenses and splits
svc-social-expense-deleted = This expense is deleted. Restore it before editing.
svc-social-only-what-you-paid = Only what you paid can come from your account.
svc-social-rate-format = Enter a rate greater than 0 with at most 10 decimals.
svc-social-rate-not-needed = Leave the rate empty: the expense is in the group's currency.
svc-social-say-who-paid = Say who paid.
svc-social-payer-twice = This person is already listed as a payer.
svc-social-number-format = Enter a number like 12.50.
svc-social-currency-cannot-split = This currency can't be split. Choose another currency.
svc-social-total-positive = Enter a total greater than zero.
svc-social-enter-owed = Enter how much this person owes.
svc-social-amount-negative = An amount can't be negative. Enter 0 or more.
svc-social-enter-percentage = Enter this person's percentage.
svc-social-percentage-range = Enter a percentage greater than 0 and at most 100.
svc-social-percentage-precision = Use at most 4 decimal places for a percentage.
svc-social-enter-shares = Enter this person's number of shares.
svc-social-shares-range = Enter a number of shares greater than 0.
svc-social-shares-precision = Use at most 4 decimal places for shares.
svc-social-reductions-too-large = These reductions are too large. Use smaller amounts.
svc-social-add-item = Add at least one item to split.
svc-social-item-price = Enter a price greater than zero for this item.
svc-social-item-assign = Assign this item to at least one person.
svc-social-item-duplicate = Each person can be on an item only once. Remove the duplicate.
svc-social-tax-negative = Tax can't be negative. Enter 0 or more.
svc-social-tip-negative = A tip can't be negative. Enter 0 or more.
svc-social-discount-negative = A discount can't be negative. Enter 0 or more.
svc-social-items-too-large = These amounts are too large to record. Check the prices.
svc-social-choose-participant = Choose at least one person to split this expense with.
svc-social-participant-twice = This person is already in the split. Remove the duplicate.
svc-social-amount-whole = The amount must be a whole number (this currency has no decimal places).
svc-social-amount-one-decimal = The amount must have at most 1 decimal place.
svc-social-adjustment-whole = The adjustment must be a whole number (this currency has no decimal places).
svc-social-adjustment-one-decimal = The adjustment must have at most 1 decimal place.
svc-social-amount-too-large = The amount is too large. Check the amount.
svc-social-adjustment-too-large = The adjustment is too large. Check the amount.
