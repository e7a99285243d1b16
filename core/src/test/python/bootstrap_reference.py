#!/usr/bin/python3
"""Independent percentile bootstrap of a mean, in NumPy, drawing the same indices as GapScope's Java.

Usage: bootstrap_reference.py JOBS_FILE
Each line of JOBS_FILE is tab-separated: SAMPLE.npy RESAMPLES LEVEL SEED. For each, one line goes to
standard output: the interval's lower and upper bound (repr of a float), tab-separated.

The resampling indices come from a re-implementation of java.util.SplittableRandom (JDK 17) as
documented: SplitMix64 (Steele, Lea and Flood 2014) with the golden gamma 0x9e3779b97f4a7c15, each
int the upper half of Stafford's variant-4 mix of the next seed, an int below `bound` by the JDK's
rejection rule (RandomSupport.boundedNextInt). Everything else is NumPy's own: the mean of each
resample and np.quantile's default "linear" method at alpha / 2 and 1 - alpha / 2.
"""
import sys

import numpy as np

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def to_int32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


class SplittableRandom:
    def __init__(self, seed):
        self.seed = seed & MASK64

    def next_int(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        z = ((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64
        return to_int32(z >> 32)

    def next_below(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if to_int32(u + m - r) >= 0:
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def interval(x, resamples, level, seed):
    rng = SplittableRandom(seed)
    n = len(x)
    indices = np.array([[rng.next_below(n) for _ in range(n)] for _ in range(resamples)])
    means = x[indices].mean(axis=1)
    alpha = 1 - level
    return np.quantile(means, [alpha / 2, 1 - alpha / 2])


def main():
    with open(sys.argv[1], encoding="utf-8") as jobs:
        for line in jobs:
            if not line.strip():
                continue
            sample, resamples, level, seed = line.rstrip("\n").split("\t")
            x = np.load(sample).astype(np.float64)
            lower, upper = interval(x, int(resamples), float(level), int(seed))
            print(repr(float(lower)), repr(float(upper)), sep="\t")


if __name__ == "__main__":
    main()
