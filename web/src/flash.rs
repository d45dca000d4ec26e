//! The public site's one-time "done" messages (see `hisaab_http::flash`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    SignedIn,
    SignedOut,
    EmailVerified,
    PasswordReset,
    SessionRevoked,
    PasswordChanged,
    BaseCurrencySet,
}

const ALL: [Flash; 7] = [
    Flash::SignedIn,
    Flash::SignedOut,
    Flash::EmailVerified,
    Flash::PasswordReset,
    Flash::SessionRevoked,
    Flash::PasswordChanged,
    Flash::BaseCurrencySet,
];

impl hisaab_http::Flash for Flash {
    fn code(&self) -> &'static str {
        match self {
            Flash::SignedIn => "signed_in",
            Flash::SignedOut => "signed_out",
            Flash::EmailVerified => "email_verified",
            Flash::PasswordReset => "password_reset",
            Flash::SessionRevoked => "session_revoked",
            Flash::PasswordChanged => "password_changed",
            Flash::BaseCurrencySet => "base_currency_set",
        }
    }
}

impl Flash {
    fn message(self) -> &'static str {
        match self {
            Flash::SignedIn => "Welcome back.",
            Flash::SignedOut => "You are signed out.",
            Flash::EmailVerified => "Your email address is verified. Welcome to Hisaab!",
            Flash::PasswordReset => "Your password was changed. Sign in with the new one.",
            Flash::SessionRevoked => "That session was signed out.",
            Flash::PasswordChanged => "Password changed. Your other sessions were signed out.",
            Flash::BaseCurrencySet => "Base currency changed: totals are shown in it now.",
        }
    }
}

/// `Surface::flash_message` for the public site.
pub fn message_for(code: &str) -> Option<&'static str> {
    use hisaab_http::Flash as _;
    ALL.into_iter().find(|f| f.code() == code).map(Flash::message)
}
