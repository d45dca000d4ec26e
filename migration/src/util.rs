//! Helpers for migrations written from 2026-11-26 on. Shipped migrations keep
//! their own copies on purpose: history must not change when a helper does.
//! Change a helper here only in a way that leaves every existing caller's
//! schema the same.

use sea_orm_migration::prelude::*;

/// A foreign key whose rows go with the row they point to.
pub fn fk_cascade(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}
