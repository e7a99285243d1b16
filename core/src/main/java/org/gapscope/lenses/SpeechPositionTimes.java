package org.gapscope.lenses;

import java.util.Arrays;
import java.util.Locale;

import org.gapscope.GapScopeException;

/**
 * The stretch of audio each speech position stands for: position i spans [start_i, start_{i+1}),
 * the last one [start_{T-1}, end). Start times come from a capture ({@code times}); the end is the
 * clip's length when known, else one more step of the positions' mean spacing (the runtime places
 * positions evenly over the clip's valid frames, so that is the clip's end), or unbounded for a single
 * position.
 *
 * @param start start time of each position, seconds, never decreasing
 * @param end   where the last position ends, seconds ({@code +Infinity} when unbounded)
 */
public record SpeechPositionTimes(double[] start, double end) {

    /**
     * Overlaps shorter than this (seconds) do not count: captures store times as float32, whose rounding
     * (up to ~2 microseconds at 30 s) must not make a word touching a stretch overlap it.
     */
    public static final double EPSILON = 1e-5;

    /** Validates and copies. */
    public SpeechPositionTimes {
        start = start.clone();
        if (start.length == 0) {
            throw new GapScopeException("the speech span has no positions");
        }
        for (int i = 0; i < start.length; i++) {
            if (!Double.isFinite(start[i])) {
                throw new GapScopeException("speech position " + i + " has no valid time (" + start[i] + ")");
            }
            if (i > 0 && start[i] < start[i - 1]) {
                throw new GapScopeException(String.format(Locale.ROOT,
                        "speech position times go back: position %d starts at %.4f s, position %d at %.4f s", i - 1,
                        start[i - 1], i, start[i]));
            }
        }
        if (Double.isNaN(end) || end < start[start.length - 1]) {
            throw new GapScopeException("the speech span ends (" + end + " s) before its last position starts ("
                    + start[start.length - 1] + " s)");
        }
    }

    /** From a capture's start times; {@code clipSeconds} is the clip's length, or NaN when unknown. */
    public static SpeechPositionTimes fromStartTimes(float[] times, double clipSeconds) {
        double[] s = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            s[i] = times[i];
        }
        if (times.length == 0) {
            throw new GapScopeException("the speech capture has no position times");
        }
        double end;
        if (!Double.isNaN(clipSeconds)) {
            end = Math.max(clipSeconds, s[s.length - 1]);
        } else if (s.length >= 2) {
            end = s[s.length - 1] + (s[s.length - 1] - s[0]) / (s.length - 1);
        } else {
            end = Double.POSITIVE_INFINITY;
        }
        return new SpeechPositionTimes(s, end);
    }

    /** Evenly spaced positions over a clip of {@code clipSeconds}: position i starts at i * clipSeconds / count. */
    public static SpeechPositionTimes uniform(int count, double clipSeconds) {
        if (count < 1) {
            throw new GapScopeException("the speech span has no positions");
        }
        if (!(clipSeconds > 0) || !Double.isFinite(clipSeconds)) {
            throw new GapScopeException("the clip length must be a positive number of seconds, not " + clipSeconds);
        }
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = i * clipSeconds / count;
        }
        return new SpeechPositionTimes(s, clipSeconds);
    }

    /** The number of positions. */
    public int count() {
        return start.length;
    }

    /** Where position {@code i} ends (the next one's start, or {@link #end()}). */
    public double endOf(int i) {
        return i + 1 < start.length ? start[i + 1] : end;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    /**
     * The positions whose stretch overlaps [from, to], as {@code {first, last + 1}}: those with
     * start_i < to - {@link #EPSILON} and end_i > from + {@link #EPSILON}; for a zero-length word (from = to) the position whose stretch holds
     * it; when none overlaps (a word outside the positions' reach), the one position nearest to it.
     */
    public int[] overlapping(double from, double to) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < start.length; i++) {
            boolean overlaps = from == to ? start[i] <= from && from < endOf(i)
                    : start[i] < to - EPSILON && endOf(i) > from + EPSILON;
            if (overlaps) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first >= 0) {
            return new int[] {first, last + 1};
        }
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < start.length; i++) {
            double gap = Math.max(0, Math.max(start[i] - to, from - endOf(i)));
            if (gap < best) {
                best = gap;
                nearest = i;
            }
        }
        return new int[] {nearest, nearest + 1};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeechPositionTimes t && Arrays.equals(start, t.start) && end == t.end;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Double.hashCode(end);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SpeechPositionTimes[%d positions, %.3f..%.3f s]", start.length, start[0], end);
    }
}
