package org.gapscope.figure;

/** A linear map from data values {@code [d0, d1]} to drawing coordinates {@code [r0, r1]}. */
record Scale(double d0, double d1, double r0, double r1) {

    double map(double v) {
        return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0);
    }

    double invert(double r) {
        return r1 == r0 ? d0 : d0 + (r - r0) * (d1 - d0) / (r1 - r0);
    }
}
