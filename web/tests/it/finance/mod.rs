//! Finance API and page tests.
