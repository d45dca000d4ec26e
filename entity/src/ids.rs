//! Newtype ids so a `UserId` can never be passed where an `AccountId` is meant.

/// Declares a UUID newtype usable as a SeaORM column and primary key.
#[macro_export]
macro_rules! uuid_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, sea_orm::DeriveValueType)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new time-ordered (v7) id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }
    )*};
}

uuid_id!(
    TenantId,
    UserId,
    SessionId,
    RefreshTokenFamilyId,
    RefreshTokenId,
    EmailTokenId,
    AuditId,
    OutboxId,
    IdempotencyKeyId,
    NotificationId,
    ImportId,
    ExportId,
);
