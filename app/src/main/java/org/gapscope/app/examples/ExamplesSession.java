package org.gapscope.app.examples;

import java.nio.file.Paths;
import java.util.List;

import org.gapscope.app.session.SessionPart;
import org.gapscope.dataset.Example;

/**
 * The example list's part of a session ({@code examples}): the set file, the selected example, the
 * examples made in the program, the filter and the sort order. Restoring loads the set in the background,
 * then adds the own examples and selects the example.
 *
 * @param exampleSet the example set file (absolute), or null
 * @param selected   the id of the selected example
 * @param own        examples made in the program (recordings, opened audio files), or null
 * @param filter     the filter text
 * @param sort       the sort order's name
 */
public record ExamplesSession(String exampleSet, String selected, List<OwnExample> own, String filter, String sort) {

    /** The key of this part. */
    public static final String KEY = "examples";

    /**
     * An example made in the program.
     *
     * @param id         its id
     * @param audio      its audio file (absolute)
     * @param transcript its transcript as typed
     * @param answers    its gold answers (possibly one empty string: unknown)
     */
    public record OwnExample(String id, String audio, String transcript, List<String> answers) {
    }

    static SessionPart<ExamplesSession> part(ExamplesViewModel view) {
        return SessionPart.of(KEY, ExamplesSession.class, () -> save(view), saved -> restore(view, saved));
    }

    private static ExamplesSession save(ExamplesViewModel view) {
        var set = view.exampleSetProperty().get();
        var selected = view.selectedProperty().get();
        List<OwnExample> own = view.allRows().stream().map(ExampleRow::example)
                .filter(e -> e.line() == 0 && e.audio() != null)
                .map(e -> new OwnExample(e.id(), e.audio().toString(), e.transcript(), e.answers())).toList();
        return new ExamplesSession(set == null ? null : set.source().toAbsolutePath().toString(),
                selected == null ? null : selected.example().id(), own.isEmpty() ? null : own,
                view.filterProperty().get(), view.sortOrderProperty().get().name());
    }

    private static void restore(ExamplesViewModel view, ExamplesSession saved) {
        SessionPart.set(SessionPart.parse(saved.sort(), ExamplesViewModel.SortOrder::valueOf),
                view.sortOrderProperty()::set);
        Runnable addOwn = () -> {
            if (saved.own() != null) {
                for (OwnExample own : saved.own()) {
                    if (own != null && own.id() != null && own.audio() != null && !view.select(own.id())) {
                        view.add(new Example(own.id(), Paths.get(own.audio()), own.transcript() == null ? ""
                                : own.transcript(), own.answers() == null || own.answers().isEmpty() ? List.of("")
                                        : own.answers(), List.of(), "", "own audio", 0));
                    }
                }
            }
            if (saved.selected() != null) {
                view.select(saved.selected());
            }
            SessionPart.set(saved.filter(), view.filterProperty()::set); // loading a set clears the filter
        };
        if (saved.exampleSet() != null) {
            view.load(Paths.get(saved.exampleSet()), set -> addOwn.run());
        } else {
            addOwn.run();
        }
    }
}
