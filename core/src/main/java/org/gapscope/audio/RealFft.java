package org.gapscope.audio;

/**
 * The power spectrum |X[k]|^2, k = 0..n/2, of a real signal of even length n, through one complex
 * FFT of length n/2 (even samples as real parts, odd samples as imaginary parts). Not thread-safe:
 * it owns scratch buffers; use one instance per thread.
 */
final class RealFft {

    private final int n;
    private final int half;
    private final ComplexFft fft;
    private final double[] re;
    private final double[] im;
    private final double[] scratchRe;
    private final double[] scratchIm;
    private final double[] splitRe;
    private final double[] splitIm;

    RealFft(int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("real FFT size must be even and at least 2: " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.fft = new ComplexFft(half);
        re = new double[half];
        im = new double[half];
        scratchRe = new double[half];
        scratchIm = new double[half];
        splitRe = new double[half + 1];
        splitIm = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double angle = -2 * Math.PI * k / n;
            splitRe[k] = Math.cos(angle);
            splitIm[k] = Math.sin(angle);
        }
    }

    /** Transform size n. */
    int size() {
        return n;
    }

    /** Writes |X[k]|^2 for k = 0..n/2 of {@code signal[0..n)} into {@code power[0..n/2]}. */
    void powerSpectrum(double[] signal, double[] power) {
        for (int j = 0; j < half; j++) {
            re[j] = signal[2 * j];
            im[j] = signal[2 * j + 1];
        }
        fft.forward(re, im, scratchRe, scratchIm);
        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double zr = re[a];
            double zi = im[a];
            double cr = re[b];
            double ci = -im[b];
            // even part E = (Z[k] + conj Z[h-k]) / 2, odd part O = (Z[k] - conj Z[h-k]) / (2i)
            double er = 0.5 * (zr + cr);
            double ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci);
            double oi = -0.5 * (zr - cr);
            double wr = splitRe[k];
            double wi = splitIm[k];
            double xr = er + or * wr - oi * wi;
            double xi = ei + or * wi + oi * wr;
            power[k] = xr * xr + xi * xi;
        }
    }
}
