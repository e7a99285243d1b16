package org.gapscope.app.examples;

import org.gapscope.dataset.Example;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One row of the example list: the example and what is known about it so far (correctness of the
 * text and speech answers, APS), filled in as analyses finish; {@code null} means not yet run.
 */
public final class ExampleRow {

    private final Example example;
    private final ObjectProperty<Boolean> textCorrect = new SimpleObjectProperty<>();
    private final ObjectProperty<Boolean> speechCorrect = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> aps = new SimpleObjectProperty<>();

    /** A row for {@code example} with nothing known yet. */
    public ExampleRow(Example example) {
        this.example = example;
    }

    /** The example. */
    public Example example() {
        return example;
    }

    /** Whether the typed question was answered correctly (null: not run). */
    public ObjectProperty<Boolean> textCorrectProperty() {
        return textCorrect;
    }

    /** Whether the spoken question was answered correctly (null: not run). */
    public ObjectProperty<Boolean> speechCorrectProperty() {
        return speechCorrect;
    }

    /** The Alignment Path Score (cosine, averaged over layers 1..L) of this example (null: not run). */
    public ObjectProperty<Double> apsProperty() {
        return aps;
    }

    double apsOrNaN() {
        Double value = aps.get();
        return value == null ? Double.POSITIVE_INFINITY : value;
    }

    int speechRank() {
        Boolean value = speechCorrect.get();
        return value == null ? 1 : value ? 2 : 0;
    }

    /** Text shown for a correctness mark. */
    public static String mark(Boolean correct) {
        return correct == null ? "–" : correct ? "✓" : "✗";
    }
}
