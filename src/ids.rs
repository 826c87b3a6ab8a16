//! Indices the validated model and the engine share. Names are resolved to these once, at
//! validation; hot paths index `Vec`s with them. Contracts and providers are newtypes, so
//! one cannot be passed where the other is meant; `ix()` gives the `Vec` index.

use std::ops::Range;

/// Index of a sub-segment in `Model::subs`.
pub type SubId = u16;

/// Index of a municipality in `Model::munis` (a scenario has at most
/// [`MuniSet::CAPACITY`]).
pub type MuniIx = u16;

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

/// Words of a [`MuniSet`]: room for every municipality of the Netherlands (342 in 2025) in
/// one scenario.
const MUNI_WORDS: usize = 6;

/// A set of municipalities by their index in `Model::munis`: which ones a contract covers
/// or buy a sub-segment outside the region. A fixed-size bit set, so testing a youth's
/// municipality is a shift and a mask, with no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MuniSet([u64; MUNI_WORDS]);

impl MuniSet {
    /// The most municipalities a set (and so a scenario) holds.
    pub const CAPACITY: usize = 64 * MUNI_WORDS;

    /// Municipalities `0..n`.
    pub fn first(n: usize) -> MuniSet {
        let mut s = MuniSet::default();
        for m in 0..n.min(Self::CAPACITY) {
            s.insert(m);
        }
        s
    }

    /// Adds municipality `m` (below [`MuniSet::CAPACITY`]; validation sees to it).
    pub fn insert(&mut self, m: usize) {
        self.0[m / 64] |= 1 << (m % 64);
    }

    /// Whether municipality `m` is in the set.
    #[inline(always)]
    pub fn contains(&self, m: usize) -> bool {
        self.0.get(m / 64).is_some_and(|w| w >> (m % 64) & 1 != 0)
    }

    /// The municipalities in either set.
    pub fn union(self, other: MuniSet) -> MuniSet {
        let mut s = self;
        for (a, b) in s.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        s
    }
}

#[cfg(test)]
mod muni_tests {
    use super::MuniSet;

    #[test]
    fn a_set_holds_every_municipality_up_to_its_capacity() {
        let all = MuniSet::first(342);
        assert!((0..342).all(|m| all.contains(m)));
        assert!(!all.contains(342) && !all.contains(MuniSet::CAPACITY + 5));
        let mut some = MuniSet::default();
        some.insert(3);
        some.insert(300);
        let mut other = MuniSet::default();
        other.insert(64);
        let both = some.union(other);
        let found: Vec<usize> = (0..MuniSet::CAPACITY)
            .filter(|&m| both.contains(m))
            .collect();
        assert_eq!(found, [3, 64, 300]);
        assert_eq!(
            MuniSet::first(MuniSet::CAPACITY + 1),
            MuniSet::first(MuniSet::CAPACITY)
        );
    }
}
