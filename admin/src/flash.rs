//! The console's one-time "done" messages, in its own cookie
//! (`hisaab_admin_flash`; see `hisaab_http::flash`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    SignedIn,
    SignedOut,
    Locked,
    Unlocked,
    RoleChanged,
    SessionsRevoked,
    PlanChanged,
    EmailVerified,
    VerificationSent,
    ResetSent,
    BulkLocked,
    BulkSignedOut,
    OutboxRetried,
    OutboxRetriedAll,
    JobRetried,
    JobsRetriedAll,
}

const ALL: [Flash; 16] = [
    Flash::SignedIn,
    Flash::SignedOut,
    Flash::Locked,
    Flash::Unlocked,
    Flash::RoleChanged,
    Flash::SessionsRevoked,
    Flash::PlanChanged,
    Flash::EmailVerified,
    Flash::VerificationSent,
    Flash::ResetSent,
    Flash::BulkLocked,
    Flash::BulkSignedOut,
    Flash::OutboxRetried,
    Flash::OutboxRetriedAll,
    Flash::JobRetried,
    Flash::JobsRetriedAll,
];

impl hisaab_http::Flash for Flash {
    fn code(&self) -> &'static str {
        match self {
            Flash::SignedIn => "signed_in",
            Flash::SignedOut => "signed_out",
            Flash::Locked => "locked",
            Flash::Unlocked => "unlocked",
            Flash::RoleChanged => "role_changed",
            Flash::SessionsRevoked => "sessions_revoked",
            Flash::PlanChanged => "plan_changed",
            Flash::EmailVerified => "email_verified",
            Flash::VerificationSent => "verification_sent",
            Flash::ResetSent => "reset_sent",
            Flash::BulkLocked => "bulk_locked",
            Flash::BulkSignedOut => "bulk_signed_out",
            Flash::OutboxRetried => "outbox_retried",
            Flash::OutboxRetriedAll => "outbox_retried_all",
            Flash::JobRetried => "job_retried",
            Flash::JobsRetriedAll => "jobs_retried_all",
        }
    }
}

impl Flash {
    fn message(self) -> &'static str {
        match self {
            Flash::SignedIn => "Signed in to the admin console.",
            Flash::SignedOut => "You are signed out of the admin console.",
            Flash::Locked => "Account locked and signed out everywhere.",
            Flash::Unlocked => "Account unlocked. They can sign in again.",
            Flash::RoleChanged => "Role changed.",
            Flash::SessionsRevoked => "All their sessions and API sign-ins were ended.",
            Flash::PlanChanged => "Plan changed.",
            Flash::EmailVerified => "Email address marked verified.",
            Flash::VerificationSent => "A new verification link is on its way to them.",
            Flash::ResetSent => "A password-reset link is on its way to them.",
            Flash::BulkLocked => "Done: every listed user is locked and signed out. Each has an audit entry.",
            Flash::BulkSignedOut => {
                "Done: every listed user is signed out everywhere. Each has an audit entry."
            }
            Flash::OutboxRetried => "Event queued again: the worker picks it up within a second.",
            Flash::OutboxRetriedAll => {
                "Failed events queued again: the worker picks them up within a second."
            }
            Flash::JobRetried => "Job queued again with its attempts from zero: the worker runs it shortly.",
            Flash::JobsRetriedAll => {
                "Failed and given-up jobs queued again (up to 1,000 at a time): the worker runs them shortly."
            }
        }
    }
}

/// `Surface::flash_message` for the console.
pub fn message_for(code: &str) -> Option<&'static str> {
    use hisaab_http::Flash as _;
    ALL.into_iter().find(|f| f.code() == code).map(Flash::message)
}
