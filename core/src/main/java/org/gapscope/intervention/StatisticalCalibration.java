package org.gapscope.intervention;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

/**
 * Input-layer statistical calibration (METHOD.md; the baseline intervention of Hsu et al. 2026): at
 * layer 0 every speech position gets h' = (h - mu_s) / sigma_s * sigma_t + mu_t, per dimension, with
 * mu, sigma the mean and (population) standard deviation of the speech positions resp. the text tokens
 * of a calibration set. Where sigma_s is 0 the dimension was constant over the set and becomes mu_t.
 *
 * @param speechMean   mu_s, per dimension
 * @param speechStd    sigma_s
 * @param textMean     mu_t
 * @param textStd      sigma_t
 * @param speechCount  speech positions the statistics were taken over
 * @param textCount    text tokens the statistics were taken over
 * @param source       what the calibration set was (e.g. its file, or "the evaluated set"), stated in outputs
 */
public record StatisticalCalibration(double[] speechMean, double[] speechStd, double[] textMean, double[] textStd,
        long speechCount, long textCount, String source) {

    /** Label written wherever the calibration appears. */
    public static final String LABEL = "Input-layer statistical calibration (the baseline intervention of Hsu et al. "
            + "2026, arXiv 2603.01502): every speech position at layer 0 standardised with the speech statistics and "
            + "rescaled to the text statistics of a calibration set";

    /** The hidden-state index it rewrites: the LLM input embeddings. */
    public static final int LAYER = 0;

    /** Validates and copies. */
    public StatisticalCalibration {
        Objects.requireNonNull(source, "source");
        int d = speechMean.length;
        if (d == 0 || speechStd.length != d || textMean.length != d || textStd.length != d) {
            throw new IllegalArgumentException("calibration statistics of unequal widths");
        }
        speechMean = speechMean.clone();
        speechStd = speechStd.clone();
        textMean = textMean.clone();
        textStd = textStd.clone();
    }

    /** The hidden size d. */
    public int hiddenSize() {
        return speechMean.length;
    }

    @Override
    public double[] speechMean() {
        return speechMean.clone();
    }

    @Override
    public double[] speechStd() {
        return speechStd.clone();
    }

    @Override
    public double[] textMean() {
        return textMean.clone();
    }

    @Override
    public double[] textStd() {
        return textStd.clone();
    }

    /** h' for one speech position's layer-0 vector (a new array). */
    public float[] rewrite(float[] h) {
        if (h.length != speechMean.length) {
            throw new IllegalArgumentException("a vector of " + h.length + " for calibration statistics of width "
                    + speechMean.length);
        }
        float[] out = new float[h.length];
        for (int k = 0; k < h.length; k++) {
            double ratio = speechStd[k] == 0 ? 0 : textStd[k] / speechStd[k];
            out[k] = (float) ((h[k] - speechMean[k]) * ratio + textMean[k]);
        }
        return out;
    }

    /** Collects the statistics example by example (Chan et al.'s pairwise update, in double). */
    public static final class Accumulator {
        private final int d;
        private final Moments speech;
        private final Moments text;

        /** For vectors of width {@code d}. */
        public Accumulator(int d) {
            this.d = d;
            this.speech = new Moments(d);
            this.text = new Moments(d);
        }

        /** The width d of the vectors. */
        public int hiddenSize() {
            return d;
        }

        /** Adds one example: its speech span's and its text span's layer-0 rows, row-major [T, d]. */
        public void add(float[] speechRows, float[] textRows) {
            speech.add(speechRows, d);
            text.add(textRows, d);
        }

        /**
         * The calibration.
         *
         * @throws GapScopeException when no example was added
         */
        public StatisticalCalibration finish(String source) {
            if (speech.count == 0 || text.count == 0) {
                throw new GapScopeException("the calibration set " + source + " gave no speech positions or no text "
                        + "tokens, so there are no statistics to calibrate with");
            }
            return new StatisticalCalibration(speech.mean.clone(), speech.std(), text.mean.clone(), text.std(),
                    speech.count, text.count, source);
        }
    }

    /** Count, mean and sum of squared deviations per dimension. */
    private static final class Moments {
        long count;
        final double[] mean;
        final double[] m2;

        Moments(int d) {
            mean = new double[d];
            m2 = new double[d];
        }

        void add(float[] rows, int d) {
            int n = rows.length / d;
            if (n == 0) {
                return;
            }
            double[] bm = new double[d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    double x = rows[i * d + k];
                    if (!Double.isFinite(x)) {
                        throw new GapScopeException("a calibration example has a non-finite value (" + x + ") at position "
                                + i + ", component " + k);
                    }
                    bm[k] += x;
                }
            }
            for (int k = 0; k < d; k++) {
                bm[k] /= n;
            }
            double[] bq = new double[d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    double dev = rows[i * d + k] - bm[k];
                    bq[k] += dev * dev;
                }
            }
            long total = count + n;
            for (int k = 0; k < d; k++) {
                double delta = bm[k] - mean[k];
                mean[k] += delta * n / total;
                m2[k] += bq[k] + delta * delta * count * n / total;
            }
            count = total;
        }

        double[] std() {
            double[] s = new double[m2.length];
            for (int k = 0; k < s.length; k++) {
                s[k] = Math.sqrt(m2[k] / count);
            }
            return s;
        }
    }

    /** Saves as {@code .npz} ({@code speech_mean}, {@code speech_std}, {@code text_mean}, {@code text_std}, float64 [d], {@code meta} JSON), atomically. */
    public void save(Path path) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("speech_mean", doubles(speechMean));
        arrays.put("speech_std", doubles(speechStd));
        arrays.put("text_mean", doubles(textMean));
        arrays.put("text_std", doubles(textStd));
        JsonObject meta = new JsonObject();
        meta.addProperty("label", LABEL);
        meta.addProperty("layer", LAYER);
        meta.addProperty("speech_positions", speechCount);
        meta.addProperty("text_tokens", textCount);
        meta.addProperty("source", source);
        arrays.put("meta", NpyArray.ofBytes(meta.toString().getBytes(StandardCharsets.UTF_8)));
        Npz.write(path, arrays);
    }

    /** Loads what {@link #save} wrote. */
    public static StatisticalCalibration load(Path path) {
        Map<String, NpyArray> a = Npz.read(path);
        for (String key : new String[] {"speech_mean", "speech_std", "text_mean", "text_std", "meta"}) {
            if (!a.containsKey(key)) {
                throw new GapScopeException(path + ": not a calibration file: no '" + key + "'");
            }
        }
        JsonObject meta;
        try {
            meta = JsonParser.parseString(new String(a.get("meta").toByteArray(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            return new StatisticalCalibration(values(a.get("speech_mean")), values(a.get("speech_std")),
                    values(a.get("text_mean")), values(a.get("text_std")), meta.get("speech_positions").getAsLong(),
                    meta.get("text_tokens").getAsLong(), meta.get("source").getAsString());
        } catch (RuntimeException e) {
            throw new GapScopeException(path + ": a broken calibration file: " + e.getMessage(), e);
        }
    }

    private static NpyArray doubles(double[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        b.flip();
        return NpyArray.of(DType.FLOAT64, new long[] {v.length}, b);
    }

    private static double[] values(NpyArray a) {
        if (a.rank() != 1 || a.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("statistics must be 1-D float64");
        }
        java.nio.ByteBuffer b = a.rawData();
        double[] out = new double[(int) a.shape()[0]];
        for (int k = 0; k < out.length; k++) {
            out[k] = b.getDouble(k * 8);
        }
        return out;
    }

    /** As recorded in summary.json: label, layer, source and counts. */
    public JsonObject describe() {
        JsonObject o = new JsonObject();
        o.addProperty("label", LABEL);
        o.addProperty("layer", LAYER);
        o.addProperty("calibration_set", source);
        o.addProperty("speech_positions", speechCount);
        o.addProperty("text_tokens", textCount);
        o.addProperty("hidden_size", speechMean.length);
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatisticalCalibration c && Arrays.equals(speechMean, c.speechMean)
                && Arrays.equals(speechStd, c.speechStd) && Arrays.equals(textMean, c.textMean)
                && Arrays.equals(textStd, c.textStd) && speechCount == c.speechCount && textCount == c.textCount
                && source.equals(c.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(speechMean), Arrays.hashCode(textMean), speechCount, textCount, source);
    }
}
