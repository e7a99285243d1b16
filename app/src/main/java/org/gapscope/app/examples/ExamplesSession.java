package org.gapscope.app.examples;

import java.nio.file.Paths;
import java.util.List;

import org.gapscope.app.session.SessionPart;
import org.gapscope.audio.SilenceTrim;
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
     * @param trim       the silence trimmed off its recording, or null (not trimmed)
     */
    public record OwnExample(String id, String audio, String transcript, List<String> answers, Trim trim) {
    }

    /**
     * The silence trimmed off a recording (as {@link SilenceTrim}, every field optional in the file).
     *
     * @param leadSeconds     silence removed at the start
     * @param tailSeconds     silence removed at the end
     * @param thresholdDbfs   the level below which audio was silence
     * @param marginSeconds   the silence kept next to the sound
     * @param originalSeconds the recording's length before trimming
     */
    public record Trim(Double leadSeconds, Double tailSeconds, Double thresholdDbfs, Double marginSeconds,
            Double originalSeconds) {

        /** The session form of {@code trim} (null for null). */
        public static Trim of(SilenceTrim trim) {
            return trim == null ? null : new Trim(trim.leadSeconds(), trim.tailSeconds(), trim.thresholdDbfs(),
                    trim.marginSeconds(), trim.originalSeconds());
        }

        /** The trim this describes, or null when the file's values are missing or do not fit together. */
        public SilenceTrim silenceTrim() {
            if (leadSeconds == null || tailSeconds == null || thresholdDbfs == null || marginSeconds == null
                    || originalSeconds == null) {
                return null;
            }
            try {
                return new SilenceTrim(leadSeconds, tailSeconds, thresholdDbfs, marginSeconds, originalSeconds);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    static SessionPart<ExamplesSession> part(ExamplesViewModel view) {
        return SessionPart.of(KEY, ExamplesSession.class, () -> save(view), saved -> restore(view, saved));
    }

    private static ExamplesSession save(ExamplesViewModel view) {
        var set = view.exampleSetProperty().get();
        var selected = view.selectedProperty().get();
        List<OwnExample> own = view.allRows().stream().map(ExampleRow::example)
                .filter(e -> e.line() == 0 && e.audio() != null)
                .map(e -> new OwnExample(e.id(), e.audio().toString(), e.transcript(), e.answers(), Trim.of(e.trim())))
                .toList();
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
                                        : own.answers(), List.of(), "", "own audio", 0,
                                own.trim() == null ? null : own.trim().silenceTrim()));
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
