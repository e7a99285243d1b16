package org.gapscope.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixed-radix (4, 2, 3, 5, and any other prime) Stockham fast Fourier transform of one fixed size,
 * with every twiddle factor precomputed. Forward transform, no scaling:
 * X[k] = sum_j x[j] exp(-2 pi i j k / n). Instances are immutable and thread-safe; callers supply
 * the scratch arrays.
 */
final class ComplexFft {

    private final int n;
    private final int[] radices;
    /** Per stage: twiddles exp(-2 pi i p j / len) at [p * r + j]. */
    private final double[][] twiddleRe;
    private final double[][] twiddleIm;
    /** Per stage: the radix-r DFT matrix exp(-2 pi i j k / r) at [j * r + k] (generic radices only). */
    private final double[][] dftRe;
    private final double[][] dftIm;

    ComplexFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT size must be positive: " + n);
        }
        this.n = n;
        this.radices = factor(n);
        int stages = radices.length;
        twiddleRe = new double[stages][];
        twiddleIm = new double[stages][];
        dftRe = new double[stages][];
        dftIm = new double[stages][];
        int len = n;
        for (int s = 0; s < stages; s++) {
            int r = radices[s];
            int m = len / r;
            twiddleRe[s] = new double[m * r];
            twiddleIm[s] = new double[m * r];
            for (int p = 0; p < m; p++) {
                for (int j = 0; j < r; j++) {
                    double angle = -2 * Math.PI * ((long) p * j % len) / len;
                    twiddleRe[s][p * r + j] = Math.cos(angle);
                    twiddleIm[s][p * r + j] = Math.sin(angle);
                }
            }
            if (r != 2 && r != 4) {
                dftRe[s] = new double[r * r];
                dftIm[s] = new double[r * r];
                for (int j = 0; j < r; j++) {
                    for (int k = 0; k < r; k++) {
                        double angle = -2 * Math.PI * (j * k % r) / r;
                        dftRe[s][j * r + k] = Math.cos(angle);
                        dftIm[s][j * r + k] = Math.sin(angle);
                    }
                }
            }
            len = m;
        }
    }

    /** The transform size. */
    int size() {
        return n;
    }

    /**
     * Transforms {@code re}/{@code im} in place; {@code scratchRe}/{@code scratchIm} (length n) are
     * overwritten.
     */
    void forward(double[] re, double[] im, double[] scratchRe, double[] scratchIm) {
        double[] xr = re;
        double[] xi = im;
        double[] yr = scratchRe;
        double[] yi = scratchIm;
        int len = n;
        int stride = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int m = len / r;
            switch (r) {
                case 2 -> radix2(xr, xi, yr, yi, m, stride, twiddleRe[s], twiddleIm[s]);
                case 4 -> radix4(xr, xi, yr, yi, m, stride, twiddleRe[s], twiddleIm[s]);
                default -> radixGeneric(xr, xi, yr, yi, r, m, stride, s);
            }
            double[] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            len = m;
            stride *= r;
        }
        if (xr != re) {
            System.arraycopy(xr, 0, re, 0, n);
            System.arraycopy(xi, 0, im, 0, n);
        }
    }

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int stride,
            double[] twr, double[] twi) {
        for (int p = 0; p < m; p++) {
            double wr = twr[p * 2 + 1];
            double wi = twi[p * 2 + 1];
            int in0 = stride * p;
            int in1 = stride * (p + m);
            int out0 = stride * (2 * p);
            int out1 = out0 + stride;
            for (int q = 0; q < stride; q++) {
                double ar = xr[in0 + q];
                double ai = xi[in0 + q];
                double br = xr[in1 + q];
                double bi = xi[in1 + q];
                yr[out0 + q] = ar + br;
                yi[out0 + q] = ai + bi;
                double dr = ar - br;
                double di = ai - bi;
                yr[out1 + q] = dr * wr - di * wi;
                yi[out1 + q] = dr * wi + di * wr;
            }
        }
    }

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int stride,
            double[] twr, double[] twi) {
        for (int p = 0; p < m; p++) {
            double w1r = twr[p * 4 + 1];
            double w1i = twi[p * 4 + 1];
            double w2r = twr[p * 4 + 2];
            double w2i = twi[p * 4 + 2];
            double w3r = twr[p * 4 + 3];
            double w3i = twi[p * 4 + 3];
            int in0 = stride * p;
            int in1 = stride * (p + m);
            int in2 = stride * (p + 2 * m);
            int in3 = stride * (p + 3 * m);
            int out0 = stride * (4 * p);
            int out1 = out0 + stride;
            int out2 = out1 + stride;
            int out3 = out2 + stride;
            for (int q = 0; q < stride; q++) {
                double a0r = xr[in0 + q];
                double a0i = xi[in0 + q];
                double a1r = xr[in1 + q];
                double a1i = xi[in1 + q];
                double a2r = xr[in2 + q];
                double a2i = xi[in2 + q];
                double a3r = xr[in3 + q];
                double a3i = xi[in3 + q];
                double t0r = a0r + a2r;
                double t0i = a0i + a2i;
                double t1r = a0r - a2r;
                double t1i = a0i - a2i;
                double t2r = a1r + a3r;
                double t2i = a1i + a3i;
                double t3r = a1r - a3r;
                double t3i = a1i - a3i;
                yr[out0 + q] = t0r + t2r;
                yi[out0 + q] = t0i + t2i;
                // y1 = t1 - i t3, y2 = t0 - t2, y3 = t1 + i t3, then twiddled
                double y1r = t1r + t3i;
                double y1i = t1i - t3r;
                double y2r = t0r - t2r;
                double y2i = t0i - t2i;
                double y3r = t1r - t3i;
                double y3i = t1i + t3r;
                yr[out1 + q] = y1r * w1r - y1i * w1i;
                yi[out1 + q] = y1r * w1i + y1i * w1r;
                yr[out2 + q] = y2r * w2r - y2i * w2i;
                yi[out2 + q] = y2r * w2i + y2i * w2r;
                yr[out3 + q] = y3r * w3r - y3i * w3i;
                yi[out3 + q] = y3r * w3i + y3i * w3r;
            }
        }
    }

    private void radixGeneric(double[] xr, double[] xi, double[] yr, double[] yi, int r, int m, int stride,
            int stage) {
        double[] twr = twiddleRe[stage];
        double[] twi = twiddleIm[stage];
        double[] dr = dftRe[stage];
        double[] di = dftIm[stage];
        double[] ar = new double[r];
        double[] ai = new double[r];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < stride; q++) {
                for (int k = 0; k < r; k++) {
                    int idx = q + stride * (p + k * m);
                    ar[k] = xr[idx];
                    ai[k] = xi[idx];
                }
                int outBase = q + stride * (r * p);
                for (int j = 0; j < r; j++) {
                    double sr = ar[0];
                    double si = ai[0];
                    int row = j * r;
                    for (int k = 1; k < r; k++) {
                        double cr = dr[row + k];
                        double ci = di[row + k];
                        sr += ar[k] * cr - ai[k] * ci;
                        si += ar[k] * ci + ai[k] * cr;
                    }
                    double wr = twr[p * r + j];
                    double wi = twi[p * r + j];
                    yr[outBase + stride * j] = sr * wr - si * wi;
                    yi[outBase + stride * j] = sr * wi + si * wr;
                }
            }
        }
    }

    /** Radices whose product is n: fours first, then a two, then odd primes. */
    static int[] factor(int n) {
        List<Integer> out = new ArrayList<>();
        int rest = n;
        while (rest % 4 == 0) {
            out.add(4);
            rest /= 4;
        }
        if (rest % 2 == 0) {
            out.add(2);
            rest /= 2;
        }
        for (int p = 3; (long) p * p <= rest; p += 2) {
            while (rest % p == 0) {
                out.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            out.add(rest);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
