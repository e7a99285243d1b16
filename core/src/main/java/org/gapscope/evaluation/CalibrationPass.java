package org.gapscope.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.SetCalibration;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.run.RunFolder;

/**
 * The statistics of {@link StatisticalCalibration} for an intervention run: the layer-0 speech positions
 * and text tokens of every example of the calibration set (the evaluated set unless another is given),
 * whatever shard the run is, so that every shard calibrates alike. Saved in the run folder as
 * {@value #FILE} and reused when the run resumes or its shards are merged.
 */
final class CalibrationPass {

    /** The file in the run folder. */
    static final String FILE = "calibration.npz";

    private CalibrationPass() {
    }

    /**
     * The calibration of {@code folder}: loaded from {@value #FILE} when the folder has it, else computed
     * from {@code set} and saved.
     *
     * @param evaluated whether {@code set} is the evaluated set (stated in the output)
     */
    static StatisticalCalibration of(RunFolder folder, ExampleEngine engine, ExampleSet set, boolean evaluated,
            BatchListener listener) {
        Path file = folder.resolve(FILE);
        if (Files.exists(file)) {
            return StatisticalCalibration.load(file);
        }
        AudioLoader audio = new AudioLoader();
        SetCalibration pass = new SetCalibration();
        List<String> skipped = new ArrayList<>();
        for (Example e : set.examples()) {
            try {
                Path path = e.audioFile().orElseThrow(() -> new GapScopeException("the example has no audio file"));
                pass.add(engine, e, audio.load(path));
            } catch (RuntimeException ex) {
                skipped.add(e.id() + ": " + Evaluation.reason(ex));
            }
        }
        String source = String.format(Locale.ROOT, "%s%s: %d of %d examples%s", set.source().getFileName(),
                evaluated ? " (the evaluated set)" : " (" + set.source() + ")", pass.used(), set.size(),
                skipped.isEmpty() ? "" : ", skipped " + skipped.size() + " (first: " + skipped.get(0) + ")");
        if (pass.used() == 0) {
            throw new GapScopeException("calibration: no example of " + set.source() + " could be used"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0) + ")"));
        }
        StatisticalCalibration c = pass.finish(source);
        c.save(file);
        listener.note("calibration statistics from " + source);
        return c;
    }
}
