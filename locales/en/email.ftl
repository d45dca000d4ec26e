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
# The line under every button, before the link as text.
email-button-fallback = If the button doesn't work, copy this link into your browser:
email-reset-your-password = Reset your password

## Account deletion cancelled by signing in.

email-deletion-cancelled-subject = Your { $app } account will not be deleted
email-deletion-cancelled-preheader = You signed in, so we cancelled the deletion.
email-deletion-cancelled-text = You signed in to { $app } while your account was waiting to be deleted, so we cancelled the deletion. Everything stays as it was.
email-deletion-cancelled-again = To delete your account after all, ask again from your data settings.
email-deletion-cancelled-again-link = To delete your account after all, ask again from your data settings:
email-deletion-cancelled-button = Your data settings

## Account deletion requested; $date is the day it is erased on.

email-deletion-requested-subject = Your { $app } account will be deleted on { $date }
email-deletion-requested-preheader = Sign in before { $date } to keep it.
email-deletion-requested-text = You asked us to delete your { $app } account. We signed you out everywhere, and on { $date } we will erase it: your accounts, transactions, contacts and private groups go for good. Groups and debts you share with others stay correct for them, with you shown as "Former member".
email-deletion-requested-changed-mind = Changed your mind? Sign in before { $date } and the deletion is cancelled.
email-deletion-requested-changed-mind-link = Changed your mind? Sign in before { $date } and the deletion is cancelled:
email-deletion-requested-button = Sign in to keep my account
email-deletion-requested-not-you = If you didn't ask for this, sign in now and change your password.

## The account is locked after failed sign-ins.

email-locked-subject = Your { $app } account is temporarily locked
email-locked-preheader = After { $attempts } failed sign-in attempts, your account is locked for { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
# Around how long it is locked (in bold).
email-locked-text-before = There were { $attempts } failed attempts to sign in to your { $app } account, so we have locked it for
email-locked-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
email-locked-text-after = to keep it safe.
email-locked-if-you = If it was you, wait and try again, or reset your password now.
email-locked-if-you-link = If it was you, wait and try again, or reset your password now:
email-locked-not-you = If it wasn't you, someone may be guessing your password. Your account is safe while it is locked; we recommend choosing a new, unique password.
email-locked-not-you-link = If it wasn't you, someone may be guessing your password. Your account is safe while it is locked; we recommend choosing a new, unique password using the link above.

## A reminder of an IOU, from the person it is owed to.

email-reminder-subject = { $owner } reminds you of { $amount } on { $app }
email-reminder-preheader = { $owner } reminds you of { $amount }.
# $reason: what the IOU is for; $due: the day it is due.
email-reminder-text = { $owner } sent you a friendly reminder: you owe them { $amount }{ $has_reason ->
    [true] {" "}for “{ $reason }”
   *[other] {""}
}{ $has_due ->
    [true] , due on { $due }.
   *[other] .
}
email-reminder-see = See it on { $app }
email-reminder-see-link = See it on { $app }:
email-reminder-paid = If you have already paid, let { $owner } know so they can record it.

## A data export is ready.

email-export-subject = Your { $app } data export is ready
email-export-preheader = Your data export is ready to download for { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
email-export-text = The export of your { $app } data you asked for is ready. You will be asked to sign in to download it.
email-export-text-link = The export of your { $app } data you asked for is ready. Download it here (you will be asked to sign in):
email-export-button = Download your export
email-export-expiry = The link works for { $days ->
    [one] { $days } day
   *[other] { $days } days
}; after that the export is deleted and you can ask for a new one from your data settings.
email-export-expiry-link = The link works for { $days ->
    [one] { $days } day
   *[other] { $days } days
}; after that the export is deleted and you can ask for a new one at { $link }.
email-export-not-you = If you did not ask for this export, change your password and sign out your other sessions.

## An invitation to share IOUs and groups.

email-invitation-subject = { $inviter } wants to share expenses with you on { $app }
email-invitation-preheader = { $inviter } invites you to share expenses on { $app }.
email-invitation-text = { $inviter } keeps track of money you share (IOUs and group expenses) on { $app } and invites you to see them too.
email-invitation-button = See the invitation
email-invitation-new = New to { $app }? Create an account with this email address and confirm it, then open the invitation: { $link }
email-invitation-accept-link = To accept, sign in and open this link:
email-invitation-new-link = New to { $app }? Create an account with this email address, confirm it, then open the link above:
email-invitation-ignore = Nothing is shared until you accept. If you don't know { $inviter }, you can ignore this email.

## The password was changed.

email-password-changed-subject = Your { $app } password was changed
email-password-changed-preheader = If this wasn't you, reset your password now.
email-password-changed-text = The password for your { $app } account was just changed, and your other sessions were signed out.
email-password-changed-you = If this was you, there is nothing else to do.
# In bold, then the rest of the sentence.
email-password-changed-not-you = If it wasn't you
email-password-changed-not-you-after = , reset your password now to take back your account.
email-password-changed-not-you-link = If it wasn't you, reset your password now to take back your account:

## Someone tried to sign up with an address that has an account.

email-signup-attempt-subject = Someone tried to sign up to { $app } with your email address
email-signup-attempt-preheader = You already have an account, so we didn't create another one.
email-signup-attempt-text = Someone (maybe you) tried to create a new { $app } account with this email address. You already have an account, so we didn't create another one.
email-signup-attempt-sign-in-link = To sign in, open:
# Around the link to reset the password.
email-signup-attempt-forgot = Forgot your password?
email-signup-attempt-reset = Reset it here
email-signup-attempt-reset-after = .
email-signup-attempt-reset-link = Forgot your password? Reset it here:
email-signup-attempt-not-you = If it wasn't you, you don't need to do anything: your account has not been changed.

## Notifications by email, one batch or a daily or weekly digest.
## $digest is "daily" or "weekly".

email-ntf-digest-subject = Your { $digest ->
    [daily] daily
   *[weekly] weekly
} { $app } digest: { $count ->
    [one] { $count } update
   *[other] { $count } updates
}
email-ntf-updates-subject = { $count ->
    [one] { $count } update
   *[other] { $count } updates
}{ $has_group ->
    [true] {" "}in { $group }
   *[other] {""}
}
email-ntf-digest-preheader = Your { $digest ->
    [daily] daily
   *[weekly] weekly
} digest: { $count ->
    [one] { $count } update
   *[other] { $count } updates
}
email-ntf-digest-intro = Here is what happened since your last { $digest ->
    [daily] daily
   *[weekly] weekly
} digest.
email-ntf-one-intro = Something changed on { $app }.
email-ntf-many-intro = { $count ->
    [one] { $count } thing changed
   *[other] { $count } things changed
}{ $has_group ->
    [true] {" "}in { $group }.
   *[other] .
}
# Around the link to the notification settings.
email-ntf-because = You get this email because of your
email-ntf-because-after = .
email-ntf-stop-all = Stop all notification emails
# $scope: what stops, e.g. "group expenses".
email-ntf-stop-category = stop emails about { $scope }
email-ntf-stop-scope = Stop emails about { $scope }
email-ntf-stop-after = .
email-ntf-all-link = All your notifications:
email-ntf-because-link = You get this email because of your notification settings:
