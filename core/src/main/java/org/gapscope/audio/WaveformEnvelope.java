package org.gapscope.audio;

/**
 * The min/max envelope of a clip for drawing its waveform at any zoom: a pyramid of per-block
 * minima and maxima (16 samples per block, then halving) so that the envelope of any time range
 * in any number of pixel columns costs O(columns x log n), exactly (no sampling). Built once off
 * the UI thread (about 10 ms per minute of audio); immutable and thread-safe afterwards.
 */
public final class WaveformEnvelope {

    /** Samples per block at the finest level. */
    static final int BLOCK = 16;

    private final float[] samples;
    private final int sampleRate;
    private final float[][] mins;
    private final float[][] maxs;

    private WaveformEnvelope(float[] samples, int sampleRate) {
        this.samples = samples;
        this.sampleRate = sampleRate;
        int blocks = (samples.length + BLOCK - 1) / BLOCK;
        int levels = 1;
        for (int size = blocks; size > 1; size = (size + 1) / 2) {
            levels++;
        }
        mins = new float[levels][];
        maxs = new float[levels][];
        mins[0] = new float[blocks];
        maxs[0] = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int to = Math.min(samples.length, from + BLOCK);
            float lo = samples[from];
            float hi = lo;
            for (int i = from + 1; i < to; i++) {
                float s = samples[i];
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
            mins[0][b] = lo;
            maxs[0][b] = hi;
        }
        for (int k = 1; k < levels; k++) {
            int size = (mins[k - 1].length + 1) / 2;
            mins[k] = new float[size];
            maxs[k] = new float[size];
            float[] lowerMin = mins[k - 1];
            float[] lowerMax = maxs[k - 1];
            for (int i = 0; i < size; i++) {
                int a = 2 * i;
                int b = Math.min(a + 1, lowerMin.length - 1);
                mins[k][i] = Math.min(lowerMin[a], lowerMin[b]);
                maxs[k][i] = Math.max(lowerMax[a], lowerMax[b]);
            }
        }
    }

    /** Builds the envelope pyramid of a clip. */
    public static WaveformEnvelope of(AudioClip clip) {
        return new WaveformEnvelope(clip.samplesView(), clip.sampleRate());
    }

    /** Length of the clip in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /**
     * Fills {@code min[c]} and {@code max[c]}, c in [0, columns), with the envelope of the time range
     * [fromSeconds, toSeconds) split into {@code columns} equal columns. A column narrower than one
     * sample shows the sample under it; a column wholly outside the clip gets NaN (draw nothing).
     */
    public void columns(double fromSeconds, double toSeconds, int columns, float[] min, float[] max) {
        if (columns < 0 || min.length < columns || max.length < columns) {
            throw new IllegalArgumentException("need " + columns + " columns, arrays hold " + min.length + "/" + max.length);
        }
        if (!(toSeconds > fromSeconds)) {
            throw new IllegalArgumentException("empty time range " + fromSeconds + " .. " + toSeconds);
        }
        double start = fromSeconds * sampleRate;
        double perColumn = (toSeconds - fromSeconds) * sampleRate / columns;
        int n = samples.length;
        for (int c = 0; c < columns; c++) {
            double left = start + c * perColumn;
            double right = left + perColumn;
            long a = (long) Math.floor(left);
            long b = Math.max(a + 1, (long) Math.floor(right));
            if (b <= 0 || a >= n) {
                min[c] = Float.NaN;
                max[c] = Float.NaN;
                continue;
            }
            rangeInto((int) Math.max(0, a), (int) Math.min(n, b), min, max, c);
        }
    }

    /** The min and max of samples [from, to), exactly. */
    public float[] range(int from, int to) {
        if (from < 0 || to > samples.length || from >= to) {
            throw new IllegalArgumentException("bad sample range " + from + " .. " + to + " of " + samples.length);
        }
        float[] lo = new float[1];
        float[] hi = new float[1];
        rangeInto(from, to, lo, hi, 0);
        return new float[] {lo[0], hi[0]};
    }

    private void rangeInto(int from, int to, float[] minOut, float[] maxOut, int index) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        int firstBlock = (from + BLOCK - 1) / BLOCK;
        int endBlock = to / BLOCK;
        if (endBlock <= firstBlock) {
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
        } else {
            for (int i = from; i < firstBlock * BLOCK; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            for (int i = endBlock * BLOCK; i < to; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            int l = firstBlock;
            int r = endBlock;
            for (int k = 0; l < r; k++) {
                if ((l & 1) == 1) {
                    lo = Math.min(lo, mins[k][l]);
                    hi = Math.max(hi, maxs[k][l]);
                    l++;
                }
                if ((r & 1) == 1) {
                    r--;
                    lo = Math.min(lo, mins[k][r]);
                    hi = Math.max(hi, maxs[k][r]);
                }
                l >>= 1;
                r >>= 1;
            }
        }
        minOut[index] = lo;
        maxOut[index] = hi;
    }
}
