//! HTTP tests through poem's `TestClient` on the real route table.

mod social;
