//! Indices the validated model and the engine share. Names are resolved to these once, at
//! validation; hot paths index `Vec`s with them.

/// Index of a sub-segment in `Model::subs`.
pub type SubId = u16;
/// Index of a provider in `Model::providers`.
pub type ProviderId = u32;
/// Index of a contract (provider × sub-segment) in `Model::contracts`.
pub type ContractId = u32;

pub const NO_SUB: SubId = SubId::MAX;
pub const NO_PROVIDER: ProviderId = ProviderId::MAX;
pub const NO_CONTRACT: ContractId = ContractId::MAX;
