package org.gapscope.analysis;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The column-centred Gram matrix X X^T [n, n] of n float32 rows of width d, for cross-layer CKA,
 * computed by OpenBLAS in native memory: optionally the rows are first made as means of ranges of
 * source rows (token pairing), each by one matrix-vector product; columns are centred by subtracting
 * their float32 means (a rank-1 update), the symmetric product is {@code ssyrk}, and the residual of
 * the float32 means is removed exactly by centring the Gram matrix in double (H K H, H = I - 11^T/n:
 * it removes any constant column shift, and after the first centring the shift is tiny, so nothing
 * large cancels). Reads memory-mapped rows in place. Owns native buffers: close it; one thread at a time.
 */
public final class CentredGram implements AutoCloseable {

    // cblas.h: CblasRowMajor, CblasNoTrans, CblasTrans, CblasUpper
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int UPPER = 121;
    /**
     * A centred Gram matrix this small against the one of the float32-centred rows is rounding
     * (the rows were identical) and is returned as exactly zero.
     */
    static final double ZERO_RELATIVE = 1e-4;

    private final int n;
    private final int d;
    private final FloatPointer rows;
    private final FloatPointer means;
    private final FloatPointer gram;
    private final float[] gramOut;
    private final double[] rowMean;
    private FloatPointer onesPointer;
    private FloatPointer source;
    private int sourceCapacity;

    /** For {@code n} rows of width {@code d}; loads OpenBLAS if needed. */
    public CentredGram(int n, int d) {
        if (n < 1 || d < 1 || (long) n * d > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Gram matrix of " + n + " x " + d);
        }
        Sgemm.awaitReady();
        this.n = n;
        this.d = d;
        this.rows = new FloatPointer((long) n * d);
        this.means = new FloatPointer(d);
        this.gram = new FloatPointer((long) n * n);
        this.gramOut = new float[n * n];
        this.rowMean = new double[n];
        ensureOnes(n);
    }

    private void ensureOnes(int count) {
        if (onesPointer == null || onesPointer.capacity() < count) {
            if (onesPointer != null) {
                onesPointer.close();
            }
            float[] one = new float[count];
            Arrays.fill(one, 1f);
            onesPointer = new FloatPointer(one);
        }
    }

    /**
     * The centred Gram matrix of rows [n, d] given on the heap or, when {@code direct} is not null,
     * in a direct buffer (read in place, from its position). Returns a row-major [n * n] array that
     * is overwritten by the next call.
     */
    public float[] ofRows(float[] heap, FloatBuffer direct) {
        if (direct != null) {
            openblas_nolapack.cblas_scopy(n * d, new FloatPointer(direct), 1, rows, 1);
        } else {
            rows.position(0).put(heap, 0, n * d);
        }
        return centredGram();
    }

    /**
     * The centred Gram matrix of paired rows: row j the mean of source rows {@code start[j]} ..
     * {@code end[j] - 1} (each range non-empty) of {@code sourceRows} rows [sourceRows, d], given on
     * the heap or, when {@code direct} is not null, in a direct buffer (read in place). As {@link #ofRows}.
     */
    public float[] ofPairedRows(float[] heap, FloatBuffer direct, int sourceRows, int[] start, int[] end) {
        if (start.length != n || end.length != n) {
            throw new IllegalArgumentException(start.length + " ranges for " + n + " rows");
        }
        FloatPointer src;
        if (direct != null) {
            src = new FloatPointer(direct);
        } else {
            if (source == null || sourceCapacity < sourceRows) {
                if (source != null) {
                    source.close();
                }
                source = new FloatPointer((long) sourceRows * d);
                sourceCapacity = sourceRows;
            }
            source.position(0).put(heap, 0, sourceRows * d);
            src = source;
        }
        int widest = 0;
        for (int j = 0; j < n; j++) {
            if (start[j] < 0 || end[j] > sourceRows || end[j] <= start[j]) {
                throw new IllegalArgumentException("range " + start[j] + ".." + end[j] + " of " + sourceRows + " rows");
            }
            widest = Math.max(widest, end[j] - start[j]);
        }
        ensureOnes(Math.max(n, widest));
        long base = src.position();
        for (int j = 0; j < n; j++) {
            int count = end[j] - start[j];
            // row j = (1/count) A^T 1 with A the count x d block of source rows
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, count, d, 1f / count,
                    src.position(base + (long) start[j] * d), d, onesPointer.position(0), 1, 0f,
                    rows.position((long) j * d), 1);
        }
        src.position(base);
        rows.position(0);
        return centredGram();
    }

    private float[] centredGram() {
        rows.position(0);
        onesPointer.position(0);
        // float32 column means, subtracted from every row (rank-1 update)
        openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, n, d, 1f / n, rows, d, onesPointer, 1, 0f, means, 1);
        openblas_nolapack.cblas_sger(ROW_MAJOR, n, d, -1f, onesPointer, 1, means, 1, rows, d);
        openblas_nolapack.cblas_ssyrk(ROW_MAJOR, UPPER, NO_TRANS, n, d, 1f, rows, d, 0f, gram, n);
        gram.position(0).get(gramOut, 0, n * n);
        // mirror the upper triangle, then centre exactly in double: K - r 1^T - 1 r^T + m
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                gramOut[i * n + j] = gramOut[j * n + i];
            }
        }
        double all = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int off = i * n;
            for (int j = 0; j < n; j++) {
                s += gramOut[off + j];
            }
            rowMean[i] = s / n;
            all += s;
        }
        all /= (double) n * n;
        double before = 0;
        double after = 0;
        for (int i = 0; i < n; i++) {
            int off = i * n;
            for (int j = 0; j < n; j++) {
                double k = gramOut[off + j];
                double c = k - rowMean[i] - rowMean[j] + all;
                before += k * k;
                after += c * c;
                gramOut[off + j] = (float) c;
            }
        }
        if (after <= ZERO_RELATIVE * ZERO_RELATIVE * before) {
            // identical rows: what is left is the rounding of the float32 means and products
            Arrays.fill(gramOut, 0f);
        }
        return gramOut;
    }

    @Override
    public void close() {
        rows.close();
        means.close();
        gram.close();
        onesPointer.close();
        if (source != null) {
            source.close();
        }
    }
}
