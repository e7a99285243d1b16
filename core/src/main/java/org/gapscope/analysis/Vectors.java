package org.gapscope.analysis;

/** Double-precision kernels over float32 rows; products of two floats are exact in double. */
final class Vectors {

    /** Unit roundoff of float32, 2^-24. */
    static final double FLOAT_UNIT_ROUNDOFF = 0x1.0p-24;

    private Vectors() {
    }

    /**
     * The classical bound gamma_n = n u / (1 - n u) on the relative error of a float32 dot product
     * of length n, whatever the order of summation (Higham, Accuracy and Stability, eq. 3.4), with a
     * small safety factor for the conversions around it.
     */
    static double float32DotErrorFactor(int n) {
        double nu = (n + 2) * FLOAT_UNIT_ROUNDOFF;
        if (nu >= 0.5) {
            return Double.POSITIVE_INFINITY;
        }
        return 1.001 * nu / (1 - nu);
    }

    /** Dot product of {@code a[ao..ao+n)} and {@code b[bo..bo+n)}, accumulated in double. */
    static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += (double) a[ao + k] * b[bo + k];
            s1 += (double) a[ao + k + 1] * b[bo + k + 1];
            s2 += (double) a[ao + k + 2] * b[bo + k + 2];
            s3 += (double) a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < n; k++) {
            s0 += (double) a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Squared Euclidean distance of two rows, each difference and square taken in double. */
    static double squaredDistance(float[] a, int ao, float[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double d0 = (double) a[ao + k] - b[bo + k];
            double d1 = (double) a[ao + k + 1] - b[bo + k + 1];
            double d2 = (double) a[ao + k + 2] - b[bo + k + 2];
            double d3 = (double) a[ao + k + 3] - b[bo + k + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < n; k++) {
            double d0 = (double) a[ao + k] - b[bo + k];
            s0 += d0 * d0;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Cosine of two double vectors; the caller guarantees neither is zero. */
    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    /** Euclidean distance of two double vectors. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
