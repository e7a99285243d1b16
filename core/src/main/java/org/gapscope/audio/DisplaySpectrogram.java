package org.gapscope.audio;

/**
 * Spectrogram data for display: what the model hears (Whisper's log-mel, one row per mel bin, 100
 * frames per second) with a pyramid of per-bin maxima over time, so that an image of any time range
 * in any number of pixel columns costs O(columns x bins x log frames) and keeps short events
 * visible when zoomed out. Built off the UI thread; immutable and thread-safe afterwards.
 */
public final class DisplaySpectrogram {

    private final int bins;
    private final int frames;
    private final float minValue;
    private final float maxValue;
    /** levels[k][column * bins + bin]: the max over 2^k frames. */
    private final float[][] levels;

    private DisplaySpectrogram(LogMelSpectrogram mel) {
        this.bins = mel.mels();
        this.frames = mel.frames();
        this.minValue = mel.min();
        this.maxValue = mel.max();
        float[] rowMajor = mel.valuesView();
        int count = 1;
        for (int size = frames; size > 1; size = (size + 1) / 2) {
            count++;
        }
        levels = new float[count][];
        float[] base = new float[frames * bins];
        for (int m = 0; m < bins; m++) {
            for (int t = 0; t < frames; t++) {
                base[t * bins + m] = rowMajor[m * frames + t];
            }
        }
        levels[0] = base;
        int size = frames;
        for (int k = 1; k < count; k++) {
            int next = (size + 1) / 2;
            float[] lower = levels[k - 1];
            float[] upper = new float[next * bins];
            for (int i = 0; i < next; i++) {
                int a = 2 * i * bins;
                int b = Math.min(2 * i + 1, size - 1) * bins;
                for (int m = 0; m < bins; m++) {
                    upper[i * bins + m] = Math.max(lower[a + m], lower[b + m]);
                }
            }
            levels[k] = upper;
            size = next;
        }
    }

    /** Display data for already computed features. */
    public static DisplaySpectrogram of(LogMelSpectrogram mel) {
        return new DisplaySpectrogram(mel);
    }

    /** Computes 80-bin Whisper log-mel features of a 16 kHz clip and their display data. */
    public static DisplaySpectrogram compute(AudioClip clip) {
        return new DisplaySpectrogram(new WhisperLogMel(80).compute(clip));
    }

    /** Rows of the image (mel bins), lowest frequency first. */
    public int bins() {
        return bins;
    }

    /** Frames (100 per second). */
    public int frames() {
        return frames;
    }

    /** Smallest value anywhere, for the colour scale. */
    public float minValue() {
        return minValue;
    }

    /** Largest value anywhere, for the colour scale. */
    public float maxValue() {
        return maxValue;
    }

    /**
     * Fills {@code out[bin * columns + c]} (row-major, bin 0 = lowest frequency) with the maximum
     * over the frames under column c of the time range [fromSeconds, toSeconds); a column narrower
     * than a frame shows the frame under it; columns outside the clip get NaN.
     */
    public void render(double fromSeconds, double toSeconds, int columns, float[] out) {
        if (columns < 0 || out.length < (long) columns * bins) {
            throw new IllegalArgumentException("need " + (long) columns * bins + " values, array holds " + out.length);
        }
        if (!(toSeconds > fromSeconds)) {
            throw new IllegalArgumentException("empty time range " + fromSeconds + " .. " + toSeconds);
        }
        double start = fromSeconds * LogMelSpectrogram.FRAME_RATE;
        double perColumn = (toSeconds - fromSeconds) * LogMelSpectrogram.FRAME_RATE / columns;
        float[] acc = new float[bins];
        for (int c = 0; c < columns; c++) {
            double left = start + c * perColumn;
            long a = (long) Math.floor(left);
            long b = Math.max(a + 1, (long) Math.floor(left + perColumn));
            if (b <= 0 || a >= frames) {
                for (int m = 0; m < bins; m++) {
                    out[m * columns + c] = Float.NaN;
                }
                continue;
            }
            java.util.Arrays.fill(acc, Float.NEGATIVE_INFINITY);
            int l = (int) Math.max(0, a);
            int r = (int) Math.min(frames, b);
            for (int k = 0; l < r; k++) {
                if ((l & 1) == 1) {
                    merge(levels[k], l++, acc);
                }
                if ((r & 1) == 1) {
                    merge(levels[k], --r, acc);
                }
                l >>= 1;
                r >>= 1;
            }
            for (int m = 0; m < bins; m++) {
                out[m * columns + c] = acc[m];
            }
        }
    }

    private void merge(float[] level, int column, float[] acc) {
        int base = column * bins;
        for (int m = 0; m < bins; m++) {
            acc[m] = Math.max(acc[m], level[base + m]);
        }
    }
}
