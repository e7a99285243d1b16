package org.gapscope.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The examples read from one dataset file, with the lines that could not be read.
 *
 * @param source the dataset file
 * @param examples the examples, in file order
 * @param problems the broken lines that were skipped (empty when reading refuses broken lines)
 */
public record ExampleSet(Path source, List<Example> examples, List<LineProblem> problems) {

    /** Copies the lists. */
    public ExampleSet {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** The example with {@code id}, if any. */
    public Optional<Example> find(String id) {
        return examples.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The number of examples. */
    public int size() {
        return examples.size();
    }

    /**
     * A broken line of a dataset file.
     *
     * @param line 1-based line number
     * @param message what is wrong with it
     */
    public record LineProblem(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }
}
