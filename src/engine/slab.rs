//! The youths' slots, read without a bounds check on the hot path (issue 39).
//!
//! Every slot the engine indexes with was handed out by [`Slab::push`] (held on the
//! waiting list, in the calendar's bits, among a month's birthdays) or runs below
//! [`Slab::len`]; no slot is computed any other way. The slab never gives memory back:
//! `clear` forgets the youths but keeps every slot ever handed out initialised, so even a
//! slot a list failed to forget would read a (stale) youth, never memory outside the
//! vector. Indexing asserts the stricter `slot < len` in debug builds (every test) and
//! trusts it in release. The type is private to the engine, which is what keeps that
//! promise.

use super::population::Youth;

#[derive(Default)]
pub(super) struct Slab {
    /// Slots `0..len` are this replication's; the rest hold youths of earlier ones.
    all: Vec<Youth>,
    len: usize,
}

impl Slab {
    /// Forgets every youth (their memory stays, for the next replication's slots).
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Slots handed out in this replication: every slot in use is below it.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Puts `y` in the next new slot and returns it.
    pub fn push(&mut self, y: Youth) -> u32 {
        match self.all.get_mut(self.len) {
            Some(old) => *old = y,
            None => self.all.push(y),
        }
        self.len += 1;
        (self.len - 1) as u32
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Youth> {
        self.all[..self.len].iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Youth> {
        self.all[..self.len].iter_mut()
    }
}

impl std::ops::Index<u32> for Slab {
    type Output = Youth;

    #[inline(always)]
    fn index(&self, slot: u32) -> &Youth {
        debug_assert!((slot as usize) < self.len, "slot {slot} of {}", self.len);
        // SAFETY: every slot was handed out by `push`, below `all.len()`, which never
        // shrinks (module doc).
        unsafe { self.all.get_unchecked(slot as usize) }
    }
}

impl std::ops::IndexMut<u32> for Slab {
    #[inline(always)]
    fn index_mut(&mut self, slot: u32) -> &mut Youth {
        debug_assert!((slot as usize) < self.len, "slot {slot} of {}", self.len);
        // SAFETY: as for `index`.
        unsafe { self.all.get_unchecked_mut(slot as usize) }
    }
}

#[cfg(test)]
mod tests {
    use super::super::population::{Newcomer, Youth};
    use super::Slab;
    use crate::model::{NO_PROVIDER, NO_SUB};

    fn youth(key: u64) -> Youth {
        let n = Newcomer {
            key,
            age: 0,
            muni: 0,
            need: 0,
            target: NO_SUB,
            anchor_provider: NO_PROVIDER,
            anchor_sub: NO_SUB,
            counted: false,
        };
        Youth::referred(0, &n)
    }

    #[test]
    fn clearing_keeps_the_memory_of_every_slot_handed_out() {
        let mut slab = Slab::default();
        for key in 0..5 {
            assert_eq!(slab.push(youth(key)), key as u32);
        }
        slab.clear();
        assert_eq!((slab.len(), slab.iter().count()), (0, 0));
        // The unchecked reads rely on this: a slot of the last replication still lies
        // inside the vector, and the next replication's slots start again at 0.
        assert_eq!(slab.all.len(), 5);
        assert_eq!(slab.push(youth(10)), 0);
        assert_eq!(slab.push(youth(11)), 1);
        assert_eq!(slab.all.len(), 5);
        assert_eq!(slab[1].key, 11);
        slab[1].key = 12;
        let keys: Vec<u64> = slab.iter_mut().map(|y| y.key).collect();
        assert_eq!(keys, vec![10, 12], "only this replication's youths");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "slot 2 of 2")]
    fn a_slot_not_handed_out_is_caught_in_debug_builds() {
        let mut slab = Slab::default();
        slab.push(youth(0));
        slab.push(youth(1));
        let _ = &slab[2];
    }
}
