//! A youth's care events and how a trajectory with a provider ends.

/// Index into a youth's competing-hazard thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Success,
    StepDown,
    StepUp,
    Crisis,
    Dropout,
    /// A provider closes the trajectory at its re-assessment instead of extending it:
    /// care ends without its goal attained.
    EarlyClosure,
    Stay,
}

/// How a trajectory with a provider ended: what the results per provider count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Care ended with success (goal attained).
    Attained,
    Dropout,
    /// Closed at re-assessment by the provider, goal not attained.
    EarlyClosure,
    /// Moved on to other care (step up or down, crisis, a forced move).
    ReferredOn,
    /// Ended at 18 or at the end of verlengde jeugdhulp.
    AgedOut,
}

impl Outcome {
    /// Every outcome, each at its discriminant (checked when compiling, below).
    pub const ALL: [Outcome; 5] = [
        Outcome::Attained,
        Outcome::Dropout,
        Outcome::EarlyClosure,
        Outcome::ReferredOn,
        Outcome::AgedOut,
    ];

    /// How care ends on `event` (success, dropout, early closure).
    pub fn of(event: Event) -> Outcome {
        match event {
            Event::Success => Outcome::Attained,
            Event::Dropout => Outcome::Dropout,
            Event::EarlyClosure => Outcome::EarlyClosure,
            _ => Outcome::ReferredOn,
        }
    }

    /// Whether the youth's goal was not attained: it returns more often (relapse).
    pub fn unattained(self) -> bool {
        matches!(self, Outcome::Dropout | Outcome::EarlyClosure)
    }
}

// Counts kept per outcome are indexed by `Outcome as usize` below `Outcome::ALL.len()`. A
// variant added to `Outcome` fails to compile in this match: list it here and in `ALL`,
// where the assertion checks that each sits at its discriminant.
const _: () = {
    let mut i = 0;
    while i < Outcome::ALL.len() {
        match Outcome::ALL[i] {
            Outcome::Attained
            | Outcome::Dropout
            | Outcome::EarlyClosure
            | Outcome::ReferredOn
            | Outcome::AgedOut => assert!(Outcome::ALL[i] as usize == i),
        }
        i += 1;
    }
};
