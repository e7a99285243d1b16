package org.gapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.intervention.StatisticalCalibration;

/**
 * The statistics of input-layer statistical calibration ({@link StatisticalCalibration}, Hsu et al. 2026)
 * collected example by example through the engine: the layer-0 rows of each example's speech positions
 * and typed tokens. {@code intervene --method calibrate} and the explorer's intervention table collect
 * them this one way.
 */
public final class SetCalibration {

    private StatisticalCalibration.Accumulator statistics;
    private int used;

    /** Adds one example (its audio decoded as {@code clip}); throws when the model cannot encode it. */
    public void add(ExampleEngine engine, Example example, AudioClip clip) {
        ModelRunner.SpeechInput input = engine.features(clip);
        float[][] speech = engine.speechInputEmbeddings(example.id(), input);
        float[][] text = engine.textInputEmbeddings(example.transcript());
        if (statistics == null) {
            statistics = new StatisticalCalibration.Accumulator(text[0].length);
        }
        statistics.add(flat(speech), flat(text));
        used++;
    }

    /** The examples added so far. */
    public int used() {
        return used;
    }

    /**
     * The calibration of the examples added, {@code source} saying which they were.
     *
     * @throws GapScopeException when none was added
     */
    public StatisticalCalibration finish(String source) {
        if (statistics == null) {
            throw new GapScopeException("calibration: no example of " + source + " could be used");
        }
        return statistics.finish(source);
    }

    /**
     * The calibration over {@code examples} (those with audio and a transcript; one that fails is skipped,
     * a cancel stops), described as {@code name} with how many examples it used.
     */
    public static StatisticalCalibration over(ExampleEngine engine, List<Example> examples,
            Function<Example, AudioClip> audio, String name, Monitor monitor) {
        List<Example> usable = examples.stream().filter(ControlPairs::usable).toList();
        SetCalibration pass = new SetCalibration();
        List<String> skipped = new ArrayList<>();
        for (Example e : usable) {
            monitor.checkCancelled();
            Monitor.orSkip(() -> {
                pass.add(engine, e, audio.apply(e));
                return Boolean.TRUE;
            }, reason -> skipped.add(e.id() + ": " + reason));
        }
        return pass.finish(String.format(Locale.ROOT, "%s: %d of %d examples%s", name, pass.used(), usable.size(),
                skipped.isEmpty() ? "" : ", skipped " + skipped.size() + " (first: " + skipped.get(0) + ")"));
    }

    private float[] flat(float[][] rows) {
        int d = statistics.hiddenSize();
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new GapScopeException("an input embedding of width " + rows[i].length + ", expected " + d);
            }
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }
}
