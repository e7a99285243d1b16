package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.gapscope.npy.DType;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap interval against an independent one in NumPy (core/src/test/python/bootstrap_reference.py)
 * that draws the same resampling indices from its own re-implementation of the seed stream, averages
 * and takes quantiles with NumPy: same bounds to 1e-12, for sample sizes that are and are not powers of
 * two (the two ways of drawing an index below n), several seeds and levels.
 */
class BootstrapNumpyTest {

    @TempDir
    Path dir;

    /** Writes {@code x} as float64 .npy and the job line for it. */
    private String job(double[] x, int resamples, double level, long seed) throws IOException {
        Path sample = dir.resolve("x-" + x.length + "-" + seed + ".npy");
        ByteBuffer bytes = ByteBuffer.allocate(8 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(x);
        Npy.write(sample, NpyArray.of(DType.FLOAT64, new long[] {x.length}, bytes));
        return sample + "\t" + resamples + "\t" + level + "\t" + seed + "\n";
    }

    private static double[] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.exp(r.nextGaussian()) - 1; // skewed, so that the two tails differ
        }
        return x;
    }

    @Test
    void theIntervalEqualsNumpysOnTheSameResamples() throws IOException {
        Object[][] cases = {
            {37, 400, 0.95, 0L},
            {64, 300, 0.90, 1234L},
            {5, 1000, 0.95, -7L},
            {200, 250, 0.99, 987654321987L},
        };
        StringBuilder jobs = new StringBuilder();
        ConfidenceInterval[] ours = new ConfidenceInterval[cases.length];
        for (int k = 0; k < cases.length; k++) {
            Object[] c = cases[k];
            long seed = (Long) c[3];
            double[] x = sample((Integer) c[0], seed + 17);
            ours[k] = Bootstrap.mean(x, (Integer) c[1], (Double) c[2], seed);
            jobs.append(job(x, (Integer) c[1], (Double) c[2], seed));
        }
        Path jobsFile = Files.writeString(dir.resolve("jobs.tsv"), jobs);
        String[] lines = Python.run(Python.repositoryRoot().resolve("core/src/test/python/bootstrap_reference.py")
                .toString(), jobsFile.toString()).strip().split("\n");
        assertEquals(cases.length, lines.length);
        for (int k = 0; k < cases.length; k++) {
            String[] theirs = lines[k].split("\t");
            String what = "n " + cases[k][0] + ", " + cases[k][1] + " resamples, level " + cases[k][2] + ", seed "
                    + cases[k][3];
            assertEquals(Double.parseDouble(theirs[0]), ours[k].lower(), 1e-12, what + ": lower bound");
            assertEquals(Double.parseDouble(theirs[1]), ours[k].upper(), 1e-12, what + ": upper bound");
        }
    }
}
