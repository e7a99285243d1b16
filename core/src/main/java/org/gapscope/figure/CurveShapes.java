package org.gapscope.figure;

import java.awt.geom.Path2D;

/** The shapes of a layer curve: its line (broken where a value is missing) and its ± 1 sd band. */
final class CurveShapes {

    private CurveShapes() {
    }

    /** The curve of {@code s} (cosine or Euclidean) through its layers, broken at NaN values. */
    static Path2D polyline(LayerCurvesData.Series s, boolean cos, Scale sx, Scale sy) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int k = 0; k < s.layers(); k++) {
            double v = s.value(cos, k);
            if (Double.isNaN(v)) {
                pen = false;
                continue;
            }
            double x = sx.map(s.firstLayer() + k);
            double y = sy.map(v);
            if (pen) {
                p.lineTo(x, y);
            } else {
                p.moveTo(x, y);
                pen = true;
            }
        }
        return p;
    }

    /** The band value ± sd of {@code s}, one closed outline per stretch without missing values. */
    static Path2D band(LayerCurvesData.Series s, boolean cos, Scale sx, Scale sy) {
        Path2D.Double p = new Path2D.Double();
        int start = 0;
        while (start < s.layers()) {
            while (start < s.layers() && (Double.isNaN(s.value(cos, start)) || Double.isNaN(s.sd(cos, start)))) {
                start++;
            }
            int end = start;
            while (end < s.layers() && !Double.isNaN(s.value(cos, end)) && !Double.isNaN(s.sd(cos, end))) {
                end++;
            }
            if (end > start) {
                for (int k = start; k < end; k++) {
                    double x = sx.map(s.firstLayer() + k);
                    double y = sy.map(s.value(cos, k) + s.sd(cos, k));
                    if (k == start) {
                        p.moveTo(x, y);
                    } else {
                        p.lineTo(x, y);
                    }
                }
                for (int k = end - 1; k >= start; k--) {
                    p.lineTo(sx.map(s.firstLayer() + k), sy.map(s.value(cos, k) - s.sd(cos, k)));
                }
                p.closePath();
            }
            start = end;
        }
        return p;
    }
}
