package org.gapscope.analysis;

import java.util.OptionalDouble;

import org.gapscope.GapScopeException;

/**
 * An ordinary least-squares line y = slope x + intercept with its coefficient of determination
 * R^2 = 1 - SS_res / SS_tot (for one predictor, the squared Pearson correlation, whichever variable
 * is called y).
 *
 * @param slope     fitted slope
 * @param intercept fitted intercept
 * @param rSquared  R^2; empty when all y are equal (SS_tot = 0)
 * @param n         number of points
 */
public record LinearFit(double slope, double intercept, OptionalDouble rSquared, int n) {

    /** Fits y on x. */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            throw new GapScopeException("a linear fit needs at least 2 points, got " + n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new GapScopeException("point " + i + " of the linear fit is not finite (" + x[i] + ", "
                        + y[i] + ")");
            }
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            throw new GapScopeException("all " + n + " predictor values are equal (" + mx
                    + "), so no line can be fitted");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (slope * x[i] + intercept);
            ssRes += r * r;
        }
        OptionalDouble r2 = syy == 0 ? OptionalDouble.empty() : OptionalDouble.of(1 - ssRes / syy);
        return new LinearFit(slope, intercept, r2, n);
    }

    /** The fitted value at {@code x}. */
    public double predict(double x) {
        return slope * x + intercept;
    }
}
