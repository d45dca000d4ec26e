//! What differs between the two HTML surfaces, said once per binary.

use hisaab_service::entity::session::Surface as SessionSurface;

/// A server's identity as the shared layers need it: which sessions it
/// honours, its cookie names, where signing in happens, and the templates
/// that show an error as a page or as a toast.
#[derive(Clone, Copy, Debug)]
pub struct Surface {
    /// Which session rows this server honours (a web token opens nothing in
    /// the console, and the other way round).
    pub sessions: SessionSurface,
    /// Base name of the session cookie (`__Host-` is prefixed when secure).
    pub session_cookie: &'static str,
    /// Base name of the one-time flash cookie; each surface has its own, so
    /// one never reads or clears the other's.
    pub flash_cookie: &'static str,
    /// Turns a flash cookie's code into the message shown, `None` for codes
    /// this surface does not know (the cookie is then ignored).
    pub flash_message: fn(&str) -> Option<&'static str>,
    /// Where a signed-out person is sent (with `?next=` on the public site).
    pub sign_in_path: &'static str,
    /// Whether the sign-in redirect carries the address to come back to.
    pub sign_in_returns: bool,
    /// The full error page (extends the surface's layout). For targeted
    /// htmx requests both surfaces answer `shared/toast_partial.html`,
    /// swapped into their layout's `#toasts` region.
    pub error_template: &'static str,
    /// Whether full pages show the notification bell: the signed-in
    /// person's unread count is read for each of them (`PageCtx`).
    pub notification_bell: bool,
}
