package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mixed-radix FFT against the O(n^2) definition of the DFT. */
class FftTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 12, 16, 25, 49, 60, 100, 121, 200, 210, 256, 400, 1000, 1024, 1009})
    void complexFftMatchesTheDefinition(int n) {
        Random random = new Random(n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] expectedRe = new double[n];
        double[] expectedIm = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double angle = -2 * Math.PI * ((long) j * k % n) / n;
                expectedRe[k] += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
                expectedIm[k] += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
            }
        }
        new ComplexFft(n).forward(re, im, new double[n], new double[n]);
        double tolerance = 1e-9 * Math.sqrt(n);
        assertArrayEquals(expectedRe, re, tolerance, "real parts, n=" + n);
        assertArrayEquals(expectedIm, im, tolerance, "imaginary parts, n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 10, 64, 400, 512, 2000})
    void realPowerSpectrumMatchesTheDefinition(int n) {
        Random random = new Random(n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double[] power = new double[n / 2 + 1];
        new RealFft(n).powerSpectrum(x, power);
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double angle = -2 * Math.PI * ((long) j * k % n) / n;
                re += x[j] * Math.cos(angle);
                im += x[j] * Math.sin(angle);
            }
            assertEquals(re * re + im * im, power[k], 1e-8 * n, "bin " + k);
        }
    }

    @org.junit.jupiter.api.Test
    void factorisationPrefersRadixFour() {
        assertArrayEquals(new int[] {4, 2, 5, 5}, ComplexFft.factor(200));
        assertArrayEquals(new int[] {4, 4, 5, 5}, ComplexFft.factor(400));
        assertArrayEquals(new int[] {1009}, ComplexFft.factor(1009));
    }
}
