//! `/api/v1/social/*` and the social pages.
