package org.gapscope.app.examples;

import java.util.List;

import org.gapscope.dataset.Example;
import org.gapscope.engine.ControlPairs;
import org.gapscope.engine.DatasetRun;

import javafx.beans.value.ObservableObjectValue;

/**
 * Which example's text an example's speech is paired with in GapScope's mismatched-pair control, for
 * every view that shows a per-example control (layer curves, CKA): its partner in the set run when this
 * model's set has run (exactly {@code evaluate}'s pairs), else its image under the control's derangement
 * of the loaded set ({@link ControlPairs}, the same pairs whenever every example runs).
 */
public final class ControlPartners {

    private final ExamplesViewModel examples;
    private final ObservableObjectValue<DatasetRun> datasetRun;
    private final long seed;

    /** Partners among the examples listed in {@code examples}, under the control's {@code seed}. */
    public ControlPartners(ExamplesViewModel examples, ObservableObjectValue<DatasetRun> datasetRun, long seed) {
        this.examples = examples;
        this.datasetRun = datasetRun;
        this.seed = seed;
    }

    /** The partner of {@code example} as run by the model named {@code model}, or null when there is none. */
    public Example partnerOf(Example example, String model) {
        DatasetRun set = datasetRun.get();
        if (set != null && set.summary() != null && set.model().equals(model)) {
            Example partner = set.partnerOf(example);
            if (partner != null) {
                return partner;
            }
        }
        List<Example> all = examples.allRows().stream().map(ExampleRow::example).toList();
        return ControlPairs.partner(all, example, seed);
    }

    /** The control's seed. */
    public long seed() {
        return seed;
    }
}
