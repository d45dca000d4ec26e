# Messages the service writes in English (field errors, refusals, the
# one-time "done" notes). Each English text here must be exactly the
# service's sentence: the web layer finds a message by that text and shows
# the reader's language (ADR 0031). Sentences with numbers in them are not
# here yet.

svc-wrong-password = The email or password is not right.
svc-enter-email = Enter your email address.
svc-email-format = Enter an email address like name@example.com.
svc-enter-name = Enter your name.
svc-common-password = This is one of the most common passwords. Choose something harder to guess.
svc-email-taken = An account with this email already exists.
svc-reset-link-invalid = This reset link is invalid or has expired. Ask for a new one.
svc-network-rate-limited = Too many attempts from your network. Wait a minute and try again.
svc-account-locked = This account is locked. Contact support to unlock it.
svc-currency-code = Enter an ISO 4217 currency code like USD, EUR or INR.
svc-locale-invalid = Choose one of the languages offered: en, en-IN or hi.
svc-flash-signed-in = Welcome back.
svc-flash-signed-out = You are signed out.
svc-flash-email-verified = Your email address is verified. Welcome to Hisaab!
svc-flash-password-reset = Your password was changed. Sign in with the new one.
svc-flash-profile-saved = Your profile is saved.

## Amounts, currencies, dates, choices and tags (service/src/input: every form)

svc-input-amount-blank = Enter an amount.
svc-input-amount-not-a-number = Enter the amount as a number like 12.50 (digits and one decimal point, no spaces).
svc-input-amount-not-positive = Enter an amount greater than zero.
svc-input-amount-negative = Enter an amount of zero or more.
svc-input-amount-too-large = Enter an amount of at most 1000000000000.
svc-input-currency-blank = Choose a currency (an ISO 4217 code like USD, EUR or INR).
svc-input-currency-no-minor-unit = Choose a currency money can be kept in (like USD, EUR or INR), not a metal or a fund.
svc-input-date-blank = Enter a date (YYYY-MM-DD).
svc-input-date-malformed = Enter a real date as YYYY-MM-DD, like 2026-11-25.
svc-input-date-out-of-range = Enter a date between 1900 and 2200 (YYYY-MM-DD).
svc-input-id-blank = Choose one from the list.
svc-input-id-malformed = Choose one from the list (this is not a valid id).
svc-input-tags-too-many = Use at most 20 tags.
svc-input-tag-bad = Each tag must be at most 32 characters, without commas or |.
