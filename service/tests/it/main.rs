//! Service integration tests (one binary). Each test gets a fresh database on
//! the backend chosen by `HISAAB_TEST_DATABASE` (sqlite | postgres).

mod finance;
