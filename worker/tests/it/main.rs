//! Worker integration tests (placeholder until the worker suite lands).
