# Messages the service (and the shared page layer) writes in English that
# the security, data and notification pages, the error page and the API's
# problems show. As in service.ftl, each English text is exactly the
# sentence as written (found by its text, ADR 0031); sentences with
# numbers or names in them are not here.

## Security and two-factor sign-in.

svc-rest-current-password-wrong = Your current password is not right.
svc-rest-password-same = Choose a password different from the current one.
svc-rest-password-has-email = Don't use your email address in your password.
svc-rest-password-wrong = Your password is not right.
svc-rest-code-wrong = That code is not right. Enter the current code from your authenticator app, or a recovery code.
svc-rest-code-wrong-setup = That code is not right. Enter the 6-digit code your authenticator app shows now.
svc-rest-code-needed = Enter the 6-digit code your authenticator app shows now, or a recovery code.
svc-rest-2fa-already-on-setup = Two-factor sign-in is already on. Turn it off first to set up another app.
svc-rest-2fa-start-first = Start setting up two-factor sign-in first: the page shows a QR code to scan.
svc-rest-2fa-already-on = Two-factor sign-in is already on.
svc-rest-2fa-not-on = Two-factor sign-in is not on.
svc-rest-sign-in-expired = This sign-in has expired. Enter your email and password again.

## Importing and exporting.

svc-rest-upload-unreadable = The upload could not be read. Choose the file again.
svc-rest-choose-file = Choose a file to import.
svc-rest-file-too-large = The file is larger than 5 MB; split it into smaller files.
svc-rest-file-not-utf8 = The file is not UTF-8 text; save it as CSV (UTF-8) and try again.
svc-rest-export-too-large = The export is larger than 25 MB; it cannot be imported here.
svc-rest-zip-unreadable = The zip cannot be opened. Upload the file Hisaab's export gave you, unchanged.
svc-rest-zip-not-export = The zip holds no hisaab.json: it is not a Hisaab export.
svc-rest-document-unreadable = hisaab.json in the zip cannot be read.
svc-rest-document-empty = hisaab.json has no records.
svc-rest-file-empty = The file is empty.
svc-rest-not-splitwise = This is not a Splitwise export: its first line should be Date,Description,Category,Cost,Currency followed by one column per person.
svc-rest-person-column-name = Every person column needs a name of at most 100 characters.
svc-rest-no-expenses = The file has no expenses.
svc-rest-description-length = The description must be 1 to 200 characters.
svc-rest-cost-positive = The cost must be more than 0.
svc-rest-payment-two-people = A payment must be from one person to one other.
svc-rest-group-name-length = Enter a group name of at most 100 characters.
svc-rest-no-currency = The file names no currency.
svc-rest-amount-unreadable = The amount cannot be read.
svc-rest-date-unreadable = The date cannot be read.
svc-rest-mapping-needed = Say which columns hold the date, description and amount.
svc-rest-mapping-date = Say which column holds the date.
svc-rest-mapping-description = Say which column holds the description.
svc-rest-mapping-amount = Give either an amount column or both a debit and a credit column.
svc-rest-mapping-date-format = Choose YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY.
svc-rest-mapping-decimal = Choose . or , as the decimal separator.
svc-rest-amount-empty = The amount is empty.
svc-rest-debit-credit-empty = Both the debit and the credit are empty.
svc-rest-mapping-no-amount = The mapping has no amount column.
svc-rest-amount-zero = The amount is 0.
svc-rest-duplicate-record = The account already has this record (same date, amount and description).
svc-rest-preview-stale = This preview is more than 24 hours old. Upload the file again.
svc-rest-export-failed = The export could not be written. Please try again.

## The one-time notes after a change (flash).

svc-rest-flash-session-revoked = That session was signed out.
svc-rest-flash-password-changed = Password changed. Your other sessions were signed out.
svc-rest-flash-notifications-read = All notifications marked as read.
svc-rest-flash-preferences-saved = Notification preferences saved.
svc-rest-flash-2fa-disabled = Two-factor sign-in is off. Your password alone signs you in now.
svc-rest-flash-deletion-cancelled = Welcome back. Your account will not be deleted: signing in cancelled it.

## The error page and toast: headings and messages.

svc-rest-err-unavailable = Temporarily unavailable
svc-rest-err-unavailable-text = We cannot reach our database right now. Nothing was changed: try again in a moment.
svc-rest-err-not-found = Page not found
svc-rest-err-not-found-text = There is nothing here, or it is not yours to see.
svc-rest-err-not-allowed = Not allowed
svc-rest-err-did-not-work = That didn't work
svc-rest-err-changed = Changed meanwhile
svc-rest-err-changed-text = Someone changed this since you loaded it. Reload and try again.
svc-rest-err-slow-down = Slow down
svc-rest-err-unreadable = The request could not be read. Go back, reload the page and try again.

## API problem details the service writes.

svc-rest-access-token = The access token is missing, invalid or expired.
svc-rest-refresh-token = The refresh token is invalid, expired or already used. Sign in again.
svc-rest-needs-code = This account signs in with a code from an authenticator app too.
