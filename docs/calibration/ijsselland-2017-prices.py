#!/usr/bin/env python3
"""Trajectory prices for scenarios/ijsselland-2017.ron, set as the region set them: the
average cost at tariff of the care a trajectory delivered (003:522-531, 003:1104-1108).

For a youth of need level n with indication length L months, extension probability e and
a total monthly hazard h of leaving the provider (success, step up, step down, crisis,
dropout), the months of care delivered have expectation

    E[T] = (1 - q^L) / (1 - q) / (1 - e q^L),   q = 1 - h,

(care is delivered in a month before that month's hazards are drawn; at the end of an
indication the youth is extended with probability e). A trajectory costs its monthly care
at tariff times E[T]. The middle segment's price per profile x intensity is that cost
averaged over the need levels that reach the cell; a top-segment provider's price is the
sub-segment's average times the provider's own factor. Run: python3 this-file.
"""

NEEDS = ["light", "moderate", "complex", "very_complex"]
NEED_SHARES = [0.42, 0.32, 0.19, 0.07]
PROFILES = [  # name, share, duration, units
    ("1 opvoeding", 0.16, 0.9, 0.9),
    ("2 ontwikkeling en gedrag", 0.17, 1.0, 1.0),
    ("3 cognitieve beperking", 0.07, 1.3, 0.9),
    ("4 kindfactoren", 0.15, 1.0, 1.15),
    ("5 cognitieve beperking en kindfactoren", 0.05, 1.3, 1.15),
    ("6 lichamelijke beperking", 0.02, 1.4, 0.9),
    ("7 opvoeder met ziekte of beperking", 0.05, 1.2, 0.8),
    ("8 opvoeder met psychiatrische problemen", 0.07, 1.1, 1.0),
    ("9 multiprobleemgezin", 0.10, 1.2, 1.2),
    ("10 jonge kind", 0.06, 0.9, 1.0),
    ("11 crisishulp", 0.03, 0.4, 1.6),
    ("12 dyslexie", 0.07, 1.0, 0.7),
]
INTENSITIES = [("perspectief", 0.6, 0.8), ("intensief", 1.5, 1.4), ("duurzaam", 2.0, 0.6)]
INTENSITY_SHARES = {
    "light": [0.75, 0.05, 0.20],
    "moderate": [0.55, 0.20, 0.25],
    "complex": [0.30, 0.45, 0.25],
    "very_complex": [0.15, 0.60, 0.25],
}

def stretched(months, factor):
    return months if factor == 1.0 else max(1, int(months * factor + 0.5))

def months_delivered(L, e, h):
    q = 1.0 - h
    return (1 - q**L) / (1 - q) / (1 - e * q**L) if h > 0 else L / (1 - e)

# Middle segment: minutes at the blended tariff, per need level.
TARIFF = 0.45 * 1.21 + 0.35 * 1.72 + 0.20 * 2.15
USAGE = [300, 420, 560, 700]
MID_MONTHS = [6, 9, 12, 12]
MID_EXTEND = 0.6
MID_HAZARD = [0.04 + 0.001 + 0.008, 0.031 + 0.002 + 0.008, 0.024 + 0.004 + 0.003 + 0.008,
              0.02 + 0.006 + 0.006 + 0.008]
TO_MIDDLE = [1.0, 0.98, 0.86, 0.60]

def middle_grid():
    grid = {}
    for name, _, pd, pu in PROFILES:
        row = {}
        for k, (iname, idur, iunits) in enumerate(INTENSITIES):
            num = den = 0.0
            for n, need in enumerate(NEEDS):
                w = NEED_SHARES[n] * TO_MIDDLE[n] * INTENSITY_SHARES[need][k]
                L = stretched(MID_MONTHS[n], pd * idur)
                cost = TARIFF * USAGE[n] * pu * iunits * months_delivered(L, MID_EXTEND, MID_HAZARD[n])
                num += w * cost
                den += w
            row[iname] = round(num / den, -1)
        grid[name] = row
    return grid

# Top segment: per sub-segment (monthly cost, months per need, extend, hazard per need,
# triage share per need).
TOP = {
    "pleegzorg": (44.67 * 30.4, [12, 12, 24, 24], 0.7,
                  [0.038, 0.038, 0.034, 0.033], [0, 0.01, 0.06, 0.12]),
    "gezinshuis": (212.55 * 30.4, [12, 12, 18, 24], 0.6,
                   [0.044, 0.048, 0.045, 0.041], [0, 0.005, 0.03, 0.08]),
    "verblijf": ((0.6 * 173.86 + 0.4 * 332.87) * 30.4, [6, 9, 12, 12], 0.4,
                 [0.09, 0.085, 0.085, 0.088], [0, 0.005, 0.03, 0.09]),
    "obc_mfc": (300.0 * 30.4, [12, 12, 12, 12], 0.5,
                [0.06, 0.06, 0.06, 0.065], [0, 0, 0.01, 0.06]),
    "klinisch_ggz": (380.52 * 30.4, [3, 3, 6, 6], 0.3,
                     [0.17, 0.17, 0.15, 0.15], [0, 0, 0.01, 0.05]),
}

def top_price(sub):
    monthly, months, e, hazard, triage = TOP[sub]
    num = den = 0.0
    for n, need in enumerate(NEEDS):
        for _, ps, pd, _ in PROFILES:
            for k, (_, idur, _) in enumerate(INTENSITIES):
                w = NEED_SHARES[n] * triage[n] * ps * INTENSITY_SHARES[need][k]
                L = stretched(months[n], pd * idur)
                num += w * monthly * months_delivered(L, e, hazard[n])
                den += w
    return num / den

def crisis_price():
    monthly = 409.56 * 22
    # Crisis stays: 1-2 months, extended with 0.2; mostly complex and very complex youths.
    t = 0.5 * months_delivered(2, 0.2, 0.55) + 0.5 * months_delivered(1, 0.2, 0.7)
    return round(monthly * t, -1)

if __name__ == "__main__":
    for name, row in middle_grid().items():
        cells = ", ".join(f'"{k}": {v:.0f}' for k, v in row.items())
        print(f'"{name}": {{{cells}}},')
    for sub in TOP:
        print(sub, round(top_price(sub), -1))
    print("crisis", crisis_price())
