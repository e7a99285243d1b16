package org.gapscope.app.alignment;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.WordSpans;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceSpans;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The alignment view's reference word spans: whether the example shown has usable word timings (and
 * why not), the toggle, and the ALAS-style hit rate of each path, all computed by core
 * ({@link ExampleRun#referenceSpans()}, {@link ReferenceAlignmentHitRate}). Both take microseconds (a
 * pass over the tokens per layer), so they run when an example is shown, on the FX thread.
 */
final class WordSpanOverlay {

    private final BooleanProperty show = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper("No example shown.");
    private final Map<SimilarityMetric, ReferenceAlignmentHitRate> rates = new EnumMap<>(SimilarityMetric.class);
    private ReferenceSpans spans;

    /** Takes the spans and hit rates of {@code shown} (null: none). */
    void show(ExampleRun shown) {
        spans = null;
        rates.clear();
        if (shown == null) {
            unavailable.set("No example shown.");
        } else {
            try {
                spans = shown.referenceSpans();
                for (SimilarityMetric m : SimilarityMetric.values()) {
                    rates.put(m, ReferenceAlignmentHitRate.of(shown.analysis(), m, spans.pairing()));
                }
                unavailable.set("");
            } catch (GapScopeException | IllegalArgumentException e) {
                spans = null;
                rates.clear();
                unavailable.set(shown.example().hasWords() ? "This example's word timings cannot be used here: "
                        + e.getMessage() : "This example has no reference word timings (\"words\" in its dataset line).");
            }
        }
        available.set(spans != null);
    }

    /** The spans to draw at {@code layer} for {@code metric}'s path, or null when hidden or unavailable. */
    WordSpans picture(int layer, SimilarityMetric metric) {
        return spans == null || !show.get() ? null : WordSpans.of(spans, rates.get(metric), layer);
    }

    /** The hit rate of {@code metric}'s path at {@code layer} for the scores line, or empty without spans. */
    String scores(int layer, SimilarityMetric metric) {
        ReferenceAlignmentHitRate r = rates.get(metric);
        if (r == null || layer >= r.hit().length) {
            return "";
        }
        return String.format(Locale.ROOT, " · ALAS-style hit rate (arXiv 2505.19937) %.3f, uniform baseline %.3f",
                r.hit()[layer], r.baseline()[layer]);
    }

    /** Whether the spans are drawn (on by default; kept while an example without words is shown). */
    BooleanProperty showProperty() {
        return show;
    }

    /** Whether the example shown has word spans to draw. */
    ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Why there are no spans (empty when there are). */
    ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }
}
