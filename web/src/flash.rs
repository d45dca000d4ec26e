//! The public site's one-time "done" messages (see `hisaab_http::flash`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    SignedIn,
    SignedOut,
    EmailVerified,
    PasswordReset,
    SessionRevoked,
    PasswordChanged,
    GroupSaved,
    GroupArchived,
    GroupRestored,
    MemberAdded,
    MemberRemoved,
    LeftGroup,
    ContactSaved,
    ContactArchived,
    ContactRestored,
    ProfileSaved,
    BaseCurrencySet,
    ReminderSent,
    NotificationsRead,
    NotificationPreferencesSaved,
    TwoFactorDisabled,
    DeletionCancelled,
}

const ALL: [Flash; 22] = [
    Flash::SignedIn,
    Flash::SignedOut,
    Flash::EmailVerified,
    Flash::PasswordReset,
    Flash::SessionRevoked,
    Flash::PasswordChanged,
    Flash::GroupSaved,
    Flash::GroupArchived,
    Flash::GroupRestored,
    Flash::MemberAdded,
    Flash::MemberRemoved,
    Flash::LeftGroup,
    Flash::ContactSaved,
    Flash::ContactArchived,
    Flash::ContactRestored,
    Flash::ProfileSaved,
    Flash::BaseCurrencySet,
    Flash::ReminderSent,
    Flash::NotificationsRead,
    Flash::NotificationPreferencesSaved,
    Flash::TwoFactorDisabled,
    Flash::DeletionCancelled,
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
            Flash::GroupSaved => "group_saved",
            Flash::GroupArchived => "group_archived",
            Flash::GroupRestored => "group_restored",
            Flash::MemberAdded => "member_added",
            Flash::MemberRemoved => "member_removed",
            Flash::LeftGroup => "left_group",
            Flash::ContactSaved => "contact_saved",
            Flash::ContactArchived => "contact_archived",
            Flash::ContactRestored => "contact_restored",
            Flash::ProfileSaved => "profile_saved",
            Flash::BaseCurrencySet => "base_currency_set",
            Flash::ReminderSent => "reminder_sent",
            Flash::NotificationsRead => "notifications_read",
            Flash::NotificationPreferencesSaved => "notification_preferences_saved",
            Flash::TwoFactorDisabled => "two_factor_disabled",
            Flash::DeletionCancelled => "deletion_cancelled",
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
            Flash::GroupSaved => "Group settings saved.",
            Flash::GroupArchived => "Group archived. Its expenses and balances are kept; restore it here.",
            Flash::GroupRestored => "Group restored.",
            Flash::MemberAdded => "Member added.",
            Flash::MemberRemoved => "Member removed. Their past expenses stay in the group.",
            Flash::LeftGroup => "You left the group.",
            Flash::ContactSaved => "Contact saved.",
            Flash::ContactArchived => "Contact archived. Their history and balances are kept.",
            Flash::ContactRestored => "Contact restored.",
            Flash::ProfileSaved => "Your profile is saved.",
            Flash::BaseCurrencySet => "Base currency changed: totals are shown in it now.",
            Flash::ReminderSent => "Reminder sent. You can send another about this IOU tomorrow.",
            Flash::NotificationsRead => "All notifications marked as read.",
            Flash::NotificationPreferencesSaved => "Notification preferences saved.",
            Flash::TwoFactorDisabled => "Two-factor sign-in is off. Your password alone signs you in now.",
            Flash::DeletionCancelled => {
                "Welcome back. Your account will not be deleted: signing in cancelled it."
            }
        }
    }
}

/// `Surface::flash_message` for the public site.
pub fn message_for(code: &str) -> Option<&'static str> {
    use hisaab_http::Flash as _;
    ALL.into_iter().find(|f| f.code() == code).map(Flash::message)
}
