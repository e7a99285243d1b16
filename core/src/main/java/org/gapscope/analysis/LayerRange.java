package org.gapscope.analysis;

/** An inclusive range of hidden-state indices, e.g. the layers 1..L that an average runs over. */
public record LayerRange(int first, int last) {

    /** Validates that {@code 0 <= first <= last}. */
    public LayerRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("layer range " + first + ".." + last + " is empty or negative");
        }
    }

    /** Number of layers in the range. */
    public int size() {
        return last - first + 1;
    }

    /** Whether {@code layer} lies in the range. */
    public boolean contains(int layer) {
        return layer >= first && layer <= last;
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
