//! HTTP integration tests through the real route table (one binary).

mod finance;
