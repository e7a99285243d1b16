package org.gapscope.app.alignment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.ExampleRun;

/**
 * The similarity matrices of every layer of one result, both metrics (one GEMM per layer,
 * {@link SimilarityMatrix#computeBoth}), computed once in the background — the layer shown first —
 * and kept, with each metric's range over the layers computed so far (for one colour scale). UI thread.
 */
final class LayerMatrices {

    private final Tasks tasks;
    /** values[layer] per metric; null until computed. */
    private List<Map<SimilarityMetric, float[]>> layers = List.of();
    private final Map<SimilarityMetric, double[]> sharedRange = new EnumMap<>(SimilarityMetric.class);
    private TaskHandle computing;

    LayerMatrices(Tasks tasks) {
        this.tasks = tasks;
    }

    /**
     * Forgets what was computed and, for {@code shown} (null: nothing), computes every layer starting
     * at {@code first}; {@code arrived} hears of each layer as it arrives, {@code failed} of a failure.
     */
    void compute(ExampleRun shown, int first, IntConsumer arrived, Consumer<String> failed) {
        if (computing != null) {
            computing.supersede();
            computing = null;
        }
        sharedRange.clear();
        if (shown == null) {
            layers = List.of();
            return;
        }
        int count = shown.layerCount();
        List<Map<SimilarityMetric, float[]>> target = new ArrayList<>(count);
        for (int l = 0; l < count; l++) {
            target.add(null);
        }
        layers = target;
        computing = tasks.start("Similarity matrices of " + shown.example().id(), ctx -> {
            for (int k = 0; k < count; k++) {
                ctx.checkCancelled();
                int l = (first + k) % count;
                Map<SimilarityMetric, float[]> values = new EnumMap<>(SimilarityMetric.class);
                SimilarityMatrix.computeBoth(shown.speech().states(), shown.text().states(), l)
                        .forEach((m, matrix) -> values.put(m, matrix.values()));
                tasks.executor().onUiThread(() -> {
                    if (target == layers) {
                        store(l, values);
                        arrived.accept(l);
                    }
                });
                ctx.progress((k + 1.0) / count, "layer " + l);
            }
            return Boolean.TRUE;
        }, done -> computing = null, error -> {
            computing = null;
            failed.accept("Could not compute the similarity matrices: " + error.getMessage());
        }, () -> computing = null);
    }

    private void store(int l, Map<SimilarityMetric, float[]> values) {
        layers.set(l, values);
        values.forEach((m, v) -> {
            double[] range = sharedRange.computeIfAbsent(m,
                    k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            double[] own = minMax(v);
            range[0] = Math.min(range[0], own[0]);
            range[1] = Math.max(range[1], own[1]);
        });
    }

    /** The values of layer {@code l} for {@code metric}, row-major [speech][token], or null while not computed. */
    float[] values(int l, SimilarityMetric metric) {
        Map<SimilarityMetric, float[]> both = l >= 0 && l < layers.size() ? layers.get(l) : null;
        return both == null ? null : both.get(metric);
    }

    /** The colour scale {lo, hi} of {@code values}: its own range, or the range over all layers so far. */
    double[] range(float[] values, SimilarityMetric metric, boolean shared) {
        return shared && sharedRange.containsKey(metric) ? sharedRange.get(metric).clone() : minMax(values);
    }

    private static double[] minMax(float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return Double.isFinite(lo) ? new double[] {lo, hi} : new double[] {0, 1};
    }
}
