package org.gapscope.app.examples;

import org.gapscope.dataset.Example;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One row of the example list: the example and what is known about it so far (correctness of the
 * text and speech answers, APS), filled in as analyses finish; {@code null} means not yet run.
 */
public final class ExampleRow {

    private final ObjectProperty<Example> example = new SimpleObjectProperty<>();
    private final ObjectProperty<String> speechAnswer = new SimpleObjectProperty<>();
    private final ObjectProperty<String> textAnswer = new SimpleObjectProperty<>();
    private final ObjectProperty<Boolean> textCorrect = new SimpleObjectProperty<>();
    private final ObjectProperty<Boolean> speechCorrect = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> aps = new SimpleObjectProperty<>();

    /** A row for {@code example} with nothing known yet. */
    public ExampleRow(Example example) {
        this.example.set(example);
    }

    /** The example (as edited: the transcript and answer can be changed in the program). */
    public Example example() {
        return example.get();
    }

    /** The example; replaced when the user edits its transcript or answer. */
    public ObjectProperty<Example> exampleProperty() {
        return example;
    }

    /** The model's answer to the spoken question (null: not run). */
    public ObjectProperty<String> speechAnswerProperty() {
        return speechAnswer;
    }

    /** The model's answer to the typed question (null: not run). */
    public ObjectProperty<String> textAnswerProperty() {
        return textAnswer;
    }

    /** Forgets the results (after the transcript or answer was edited, or another model was opened). */
    public void clearResults() {
        textCorrect.set(null);
        speechCorrect.set(null);
        aps.set(null);
        speechAnswer.set(null);
        textAnswer.set(null);
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

    /**
     * The model's answers to the typed and the spoken question, judged, beside the gold one, e.g.
     * {@code typed “white” ✓ · spoken “black” ✗ · gold white}; says so when the example has not run.
     */
    public String answersText() {
        String gold = example().answers().stream().filter(a -> !a.isBlank()).reduce((a, b) -> a + " | " + b)
                .orElse("(none)");
        if (textAnswer.get() == null && speechAnswer.get() == null) {
            return "Model's answers: not run yet · gold " + gold;
        }
        return "Model's answers: typed " + answer(textAnswer.get(), textCorrect.get()) + " · spoken "
                + answer(speechAnswer.get(), speechCorrect.get()) + " · gold " + gold;
    }

    /** {@link #answersText()}, following the row's results and edits. */
    public StringBinding answersBinding() {
        return Bindings.createStringBinding(this::answersText, example, textAnswer, speechAnswer, textCorrect,
                speechCorrect);
    }

    private static String answer(String text, Boolean correct) {
        if (text == null) {
            return "–";
        }
        return (text.isBlank() ? "(no answer)" : "“" + text + "”") + (correct == null ? "" : " " + mark(correct));
    }

    /** Text shown for a correctness mark. */
    public static String mark(Boolean correct) {
        return correct == null ? "–" : correct ? "✓" : "✗";
    }
}
