//! Page tests (below).
