package org.gapscope.app.examples;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import org.gapscope.analysis.Score;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.StoredRun;
import org.gapscope.run.RunRecord;

import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * State and commands of the example list: the loaded set, a filter, a sort order, the selected
 * example, and stepping to the next or previous one. Loading runs on the background executor; a
 * file that cannot be read leaves the current set untouched and reports one line.
 */
public final class ExamplesViewModel {

    /** Orders the list can be sorted by. */
    public enum SortOrder {
        FILE("File order", Comparator.comparingInt(r -> r.example().line() == 0 ? Integer.MAX_VALUE : r.example().line())),
        ID("Id", Comparator.comparing(r -> r.example().id())),
        APS_ASCENDING("APS, lowest first", Comparator.comparing(ExampleRow::apsOrNaN)),
        SPEECH_WRONG_FIRST("Speech wrong first", Comparator.comparingInt(ExampleRow::speechRank));

        private final String label;
        private final Comparator<ExampleRow> comparator;

        SortOrder(String label, Comparator<ExampleRow> comparator) {
            this.label = label;
            this.comparator = comparator;
        }

        /** The comparator of this order. */
        public Comparator<ExampleRow> comparator() {
            return comparator;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final BackgroundExecutor executor;
    private final Consumer<String> status;
    private final ObservableList<ExampleRow> rows = FXCollections.observableArrayList(
            r -> new Observable[] {r.exampleProperty(), r.apsProperty(), r.speechCorrectProperty()});
    private final FilteredList<ExampleRow> filtered = new FilteredList<>(rows, r -> true);
    private final SortedList<ExampleRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<SortOrder> sortOrder = new SimpleObjectProperty<>(SortOrder.FILE);
    private final ObjectProperty<ExampleRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<ExampleSet> exampleSet = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper fromRun = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper skipped = new ReadOnlyStringWrapper("");

    /** Creates the view model; {@code status} receives one-line messages for the status bar. */
    public ExamplesViewModel(BackgroundExecutor executor, Consumer<String> status) {
        this.executor = executor;
        this.status = status;
        filter.addListener((obs, old, text) -> filtered.setPredicate(row -> matches(row, text)));
        sortOrder.addListener((obs, old, order) -> sorted.setComparator(order.comparator()));
        sorted.setComparator(SortOrder.FILE.comparator());
    }

    /** Reads the dataset file in the background (broken lines skipped and reported), then shows it. */
    public void load(Path file) {
        load(file, set -> { });
    }

    /** Like {@link #load(Path)}; {@code then} runs after the set is shown (not when it failed). */
    public void load(Path file, Consumer<ExampleSet> then) {
        status.accept("Loading examples from " + file.getFileName() + " ...");
        executor.submit(
                () -> ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(file),
                set -> {
                    show(set);
                    then.accept(set);
                },
                error -> status.accept("Could not open the example set: " + error.getMessage()
                        + (rows.isEmpty() ? "" : " The examples shown before are kept.")));
    }

    /** Selects the example with {@code id}, if it is loaded; returns whether it was. */
    public boolean select(String id) {
        for (ExampleRow row : rows) {
            if (row.example().id().equals(id)) {
                filter.set("");
                selected.set(row);
                return true;
            }
        }
        return false;
    }

    /** Shows {@code set}, replacing what was loaded, and selects its first example. */
    public void show(ExampleSet set) {
        fromRun.set(false);
        exampleSet.set(set);
        rows.setAll(set.examples().stream().map(ExampleRow::new).toList());
        selected.set(sorted.isEmpty() ? null : sorted.get(0));
        String skipped = set.problems().isEmpty() ? ""
                : "; skipped " + set.problems().size() + " broken line(s), first " + set.problems().get(0);
        status.accept("Loaded " + set.size() + " examples from " + set.source().getFileName() + skipped);
        int n = set.problems().size();
        this.skipped.set(n == 0 ? "" : n + (n == 1 ? " broken line" : " broken lines") + " skipped");
    }

    /**
     * How many lines of the loaded set were skipped as broken, e.g. {@code "2 broken lines skipped"}
     * (empty: none); it stays while the set is shown, whatever the status bar says since.
     */
    public ReadOnlyStringProperty skippedProperty() {
        return skipped.getReadOnlyProperty();
    }

    /** The lines of the loaded set that were skipped, one per line ({@code line 4: not JSON}); empty: none. */
    public String skippedLines() {
        ExampleSet set = exampleSet.get();
        return set == null ? "" : String.join("\n", set.problems().stream().map(Object::toString).toList());
    }

    /**
     * Lists the examples of an opened run folder, replacing what was loaded, each with the model's typed
     * and spoken answers, whether each is correct and its APS as the run recorded them (nothing is read
     * but the records), and selects the first.
     */
    public void showRun(StoredRun run) {
        fromRun.set(true);
        exampleSet.set(null);
        rows.setAll(run.entries().stream().map(ExamplesViewModel::row).toList());
        filter.set("");
        selected.set(sorted.isEmpty() ? null : sorted.get(0));
    }

    private static ExampleRow row(StoredRun.Entry entry) {
        ExampleRow row = new ExampleRow(entry.example());
        RunRecord r = entry.record();
        if (r.text() != null) {
            row.textAnswerProperty().set(r.text().answer());
            row.textCorrectProperty().set(r.text().correct());
        }
        if (r.speech() != null) {
            row.speechAnswerProperty().set(r.speech().answer());
            row.speechCorrectProperty().set(r.speech().correct());
        }
        r.score(Score.APS_COSINE).ifPresent(row.apsProperty()::set);
        return row;
    }

    /** Adds an example made in the program (a recording or an opened audio file) and selects it. */
    public ExampleRow add(Example example) {
        ExampleRow row = new ExampleRow(example);
        rows.add(row);
        filter.set("");
        selected.set(row);
        return row;
    }

    /** An id not used by any loaded example: {@code base}, else {@code base-2}, {@code base-3}, ... */
    public String uniqueId(String base) {
        Set<String> used = new HashSet<>();
        rows.forEach(r -> used.add(r.example().id()));
        if (!used.contains(base)) {
            return base;
        }
        for (int n = 2;; n++) {
            String candidate = base + "-" + n;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** This list's part of a session: the set, the selected and own examples, filter and sort. */
    public SessionPart<ExamplesSession> sessionPart() {
        return ExamplesSession.part(this);
    }

    /** Selects the next example in the shown order (stays on the last). */
    public void next() {
        step(1);
    }

    /** Selects the previous example in the shown order (stays on the first). */
    public void previous() {
        step(-1);
    }

    private void step(int delta) {
        if (sorted.isEmpty()) {
            return;
        }
        int index = sorted.indexOf(selected.get());
        int target = index < 0 ? 0 : Math.max(0, Math.min(sorted.size() - 1, index + delta));
        selected.set(sorted.get(target));
    }

    /** The rows as shown: filtered and sorted. */
    public ObservableList<ExampleRow> shownRows() {
        return sorted;
    }

    /** All rows of the loaded set, in file order. */
    public ObservableList<ExampleRow> allRows() {
        return rows;
    }

    /** The filter text: matches id, transcript, gold answer, task or the model's answers, case-insensitively. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The sort order. */
    public ObjectProperty<SortOrder> sortOrderProperty() {
        return sortOrder;
    }

    /** The selected row (null when nothing is loaded). */
    public ObjectProperty<ExampleRow> selectedProperty() {
        return selected;
    }

    /** Whether the rows are an opened run's examples (their answers come from the run's records). */
    public ReadOnlyBooleanProperty fromRunProperty() {
        return fromRun.getReadOnlyProperty();
    }

    /** The loaded example set (null before the first load, and while a run's examples are listed). */
    public ReadOnlyObjectProperty<ExampleSet> exampleSetProperty() {
        return exampleSet.getReadOnlyProperty();
    }

    private static boolean matches(ExampleRow row, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        Example e = row.example();
        return e.id().toLowerCase(Locale.ROOT).contains(needle)
                || e.transcript().toLowerCase(Locale.ROOT).contains(needle)
                || e.task().toLowerCase(Locale.ROOT).contains(needle)
                || e.answers().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(needle))
                || contains(row.textAnswerProperty().get(), needle) || contains(row.speechAnswerProperty().get(), needle);
    }

    private static boolean contains(String answer, String needle) {
        return answer != null && answer.toLowerCase(Locale.ROOT).contains(needle);
    }
}
