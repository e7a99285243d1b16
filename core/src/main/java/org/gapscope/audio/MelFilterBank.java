package org.gapscope.audio;

/**
 * Triangular mel filters on the Slaney mel scale with Slaney area normalisation (what librosa's
 * {@code filters.mel(htk=False, norm='slaney')} computes and Whisper's {@code mel_filters.npz}
 * holds): linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per factor 6.4), each
 * triangle scaled by 2 / (its upper edge - its lower edge) in Hz.
 */
public final class MelFilterBank {

    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int mels;
    private final int bins;
    private final double[][] weights;
    private final int[] firstBin;
    private final int[] lastBin;

    private MelFilterBank(double[][] weights) {
        this.mels = weights.length;
        this.bins = weights[0].length;
        this.weights = weights;
        this.firstBin = new int[mels];
        this.lastBin = new int[mels];
        for (int m = 0; m < mels; m++) {
            int first = bins;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                if (weights[m][k] != 0) {
                    first = Math.min(first, k);
                    last = k;
                }
            }
            firstBin[m] = first;
            lastBin[m] = last;
        }
    }

    /**
     * The Slaney-normalised bank of {@code mels} filters between {@code fMin} and {@code fMax} Hz
     * over the {@code nFft / 2 + 1} bins of a real FFT at {@code sampleRate}.
     */
    public static MelFilterBank slaney(int sampleRate, int nFft, int mels, double fMin, double fMax) {
        if (mels < 1 || nFft < 2 || sampleRate <= 0 || fMin < 0 || fMax <= fMin) {
            throw new IllegalArgumentException("bad mel bank: mels=" + mels + " nFft=" + nFft + " rate="
                    + sampleRate + " f=" + fMin + ".." + fMax);
        }
        int bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++) {
            fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
        }
        double melMin = hzToMel(fMin);
        double melMax = hzToMel(fMax);
        double[] edges = new double[mels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
        }
        double[][] w = new double[mels][bins];
        for (int m = 0; m < mels; m++) {
            double lowerWidth = edges[m + 1] - edges[m];
            double upperWidth = edges[m + 2] - edges[m + 1];
            double norm = 2.0 / (edges[m + 2] - edges[m]);
            for (int k = 0; k < bins; k++) {
                double lower = (fftFreqs[k] - edges[m]) / lowerWidth;
                double upper = (edges[m + 2] - fftFreqs[k]) / upperWidth;
                w[m][k] = Math.max(0, Math.min(lower, upper)) * norm;
            }
        }
        return new MelFilterBank(w);
    }

    /** Hz to mel on the Slaney scale. */
    public static double hzToMel(double hz) {
        if (hz < MIN_LOG_HZ) {
            return hz / F_SP;
        }
        return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
    }

    /** Mel to Hz on the Slaney scale. */
    public static double melToHz(double mel) {
        if (mel < MIN_LOG_MEL) {
            return mel * F_SP;
        }
        return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
    }

    /** Number of filters. */
    public int mels() {
        return mels;
    }

    /** Number of FFT bins each filter spans (n_fft / 2 + 1). */
    public int bins() {
        return bins;
    }

    /** The weight of FFT bin {@code bin} in filter {@code mel}. */
    public double weight(int mel, int bin) {
        return weights[mel][bin];
    }

    /** Applies the bank to one power spectrum: {@code out[m] = sum_k w[m][k] * power[k]}. */
    void apply(double[] power, double[] out) {
        for (int m = 0; m < mels; m++) {
            double[] row = weights[m];
            double sum = 0;
            for (int k = firstBin[m]; k <= lastBin[m]; k++) {
                sum += row[k] * power[k];
            }
            out[m] = sum;
        }
    }
}
