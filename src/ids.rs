//! Indices the validated model and the engine share. Names are resolved to these once, at
//! validation; hot paths index `Vec`s with them. Contracts and providers are newtypes, so
//! one cannot be passed where the other is meant; `ix()` gives the `Vec` index.

use std::ops::Range;

/// Index of a sub-segment in `Model::subs`.
pub type SubId = u16;

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[repr(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the `Vec` this id points into.
            #[inline(always)]
            pub const fn ix(self) -> usize {
                self.0 as usize
            }

            /// The ids of the first `n` elements.
            #[inline]
            pub fn range(n: usize) -> impl Iterator<Item = $name> + use<> {
                (0..n as u32).map($name)
            }

            /// The id of the `i`-th element.
            #[inline(always)]
            pub const fn at(i: usize) -> $name {
                $name(i as u32)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

index! {
    /// Index of a provider (an organisation) in `Model::providers`.
    ProviderId
}
index! {
    /// Index of a contract (provider × sub-segment) in `Model::contracts`.
    ContractId
}

pub const NO_SUB: SubId = SubId::MAX;
pub const NO_PROVIDER: ProviderId = ProviderId(u32::MAX);
pub const NO_CONTRACT: ContractId = ContractId(u32::MAX);

/// A contiguous run of contracts: a sub-segment's, or the legacy providers of a caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contracts {
    pub start: ContractId,
    pub end: ContractId,
}

impl Contracts {
    /// Contracts `start..end` of `Model::contracts`.
    pub fn new(start: usize, end: usize) -> Contracts {
        Contracts {
            start: ContractId::at(start),
            end: ContractId::at(end),
        }
    }

    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = ContractId> + use<> {
        (self.start.0..self.end.0).map(ContractId)
    }

    /// The range of `Vec` indices.
    #[inline]
    pub fn ix(&self) -> Range<usize> {
        self.start.ix()..self.end.ix()
    }

    pub fn len(&self) -> usize {
        self.ix().len()
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, c: ContractId) -> bool {
        self.start <= c && c < self.end
    }
}
