package org.gapscope.evaluation;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.google.gson.JsonObject;

/**
 * Wall-clock time spent per {@link Stage} in one invocation of a batch command, so that a run can
 * say how its time divides between the model and the analysis. Not thread-safe.
 */
public final class StageTimes {

    private final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);
    private final long start = System.nanoTime();

    /** Runs {@code work}, adding its time to {@code stage}, also when it throws. */
    public <T> T time(Stage stage, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            nanos.merge(stage, System.nanoTime() - t0, Long::sum);
        }
    }

    /** Runs {@code work}, adding its time to {@code stage}. */
    public void run(Stage stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Seconds spent in {@code stage}. */
    public double seconds(Stage stage) {
        return nanos.getOrDefault(stage, 0L) / 1e9;
    }

    /** Seconds since this object was made. */
    public double wallSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds in model stages. */
    public double modelSeconds() {
        return nanos.entrySet().stream().filter(e -> e.getKey().isModel()).mapToLong(Map.Entry::getValue).sum() / 1e9;
    }

    /** Seconds in analysis stages. */
    public double analysisSeconds() {
        return nanos.entrySet().stream().filter(e -> e.getKey().isAnalysis()).mapToLong(Map.Entry::getValue).sum()
                / 1e9;
    }

    /** The times as JSON, with {@code examples} processed and their rate. */
    public JsonObject toJson(int examples) {
        JsonObject o = new JsonObject();
        double wall = wallSeconds();
        o.addProperty("examples_processed", examples);
        o.addProperty("wall_seconds", round(wall));
        o.addProperty("examples_per_second", wall > 0 ? round(examples / wall) : 0);
        o.addProperty("model_seconds", round(modelSeconds()));
        o.addProperty("analysis_seconds", round(analysisSeconds()));
        JsonObject stages = new JsonObject();
        for (Stage s : Stage.values()) {
            stages.addProperty(s.key(), round(seconds(s)));
        }
        o.add("stages", stages);
        return o;
    }

    /** One line: rate and the shares of model, analysis and the rest. */
    public String describe(int examples) {
        double wall = Math.max(1e-9, wallSeconds());
        double other = Math.max(0, wall - modelSeconds() - analysisSeconds());
        return String.format(Locale.ROOT,
                "%d examples in %.1f s (%.2f examples/s); model %.0f %%, analysis %.0f %%, audio + files + other %.0f %%",
                examples, wall, examples / wall, 100 * modelSeconds() / wall, 100 * analysisSeconds() / wall,
                100 * other / wall);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
