package org.gapscope.analysis;

/**
 * Dynamic time warping over a text-major cost matrix {@code cost[j * speechCount + i]}: the
 * monotonic path from (token 0, position 0) to (last token, last position) with steps that advance
 * the speech position, the text token, or both, minimising the summed cost. Ties prefer the
 * diagonal step, then advancing speech, then advancing text.
 */
final class Dtw {

    private static final byte DIAGONAL = 0;
    private static final byte SPEECH = 1;
    private static final byte TEXT = 2;

    /** Per text token, the first and last speech position on the path, and the path's total cost. */
    record Spans(int[] start, int[] end, double totalCost, int length) {
    }

    private final int textCount;
    private final int speechCount;
    private final double[] acc;
    private final byte[] step;

    /** A reusable aligner for matrices of one shape. */
    Dtw(int textCount, int speechCount) {
        this.textCount = textCount;
        this.speechCount = speechCount;
        this.acc = new double[textCount * speechCount];
        this.step = new byte[textCount * speechCount];
    }

    /** Aligns a text-major cost matrix of this aligner's shape (one-off convenience). */
    static Spans align(double[] cost, int textCount, int speechCount) {
        return new Dtw(textCount, speechCount).align(cost);
    }

    /** Aligns {@code cost[j * speechCount + i]}. */
    Spans align(double[] cost) {
        for (int j = 0; j < textCount; j++) {
            int row = j * speechCount;
            for (int i = 0; i < speechCount; i++) {
                int at = row + i;
                if (j == 0 && i == 0) {
                    acc[at] = cost[at];
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                byte choice = DIAGONAL;
                if (j > 0 && i > 0) {
                    best = acc[at - speechCount - 1];
                }
                if (i > 0 && acc[at - 1] < best) {
                    best = acc[at - 1];
                    choice = SPEECH;
                }
                if (j > 0 && acc[at - speechCount] < best) {
                    best = acc[at - speechCount];
                    choice = TEXT;
                }
                acc[at] = cost[at] + best;
                step[at] = choice;
            }
        }
        int[] start = new int[textCount];
        int[] end = new int[textCount];
        int j = textCount - 1;
        int i = speechCount - 1;
        int length = 1;
        end[j] = i;
        start[j] = i;
        while (j > 0 || i > 0) {
            byte s = step[j * speechCount + i];
            if (s == DIAGONAL) {
                j--;
                i--;
                end[j] = i;
            } else if (s == SPEECH) {
                i--;
            } else {
                j--;
                end[j] = i;
            }
            start[j] = i;
            length++;
        }
        return new Spans(start, end, acc[textCount * speechCount - 1], length);
    }
}
