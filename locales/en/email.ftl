# Emails: the shared layout and the password reset email.

email-greeting = Hi { $name },
email-signoff = — The { $app } team
email-footer = You are receiving this email because it concerns your { $app } account. We will never ask for your password by email.
email-reset-subject = Reset your { $app } password
email-reset-preheader = Choose a new password. The link expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-reset-intro = Someone (hopefully you) asked to reset the password for your { $app } account.
email-reset-open-link = To choose a new password, open this link:
email-reset-button = Choose a new password
email-reset-expiry = The link works once and expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-reset-ignore = If you didn't ask for this, ignore this email: your password stays the same.
email-verify-subject = Confirm your email address for { $app }
email-verify-preheader = Confirm your email address to finish setting up { $app }.
email-verify-intro = Welcome to { $app }. Please confirm your email address to finish setting up your account.
email-verify-text-intro = Welcome to { $app }. Please confirm your email address by opening this link:
email-verify-button = Confirm email address
email-verify-ignore = The link works once. If you didn't create an account, you can ignore this email; nothing will happen.
