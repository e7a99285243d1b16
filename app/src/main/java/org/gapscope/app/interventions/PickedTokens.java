package org.gapscope.app.interventions;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.engine.ExampleRun;

import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * The text tokens picked on the path for an intervention. They belong to their example: kept while the
 * same example is shown again with the same tokens, cleared otherwise; picks of a session being reopened
 * wait for their example's result.
 */
final class PickedTokens {

    private final ObservableSet<Integer> picked = FXCollections.observableSet();
    private ExampleRun shown;
    private String restoreFor;
    private int[] restore;

    /** The picked tokens (indices), observable. */
    ObservableSet<Integer> set() {
        return picked;
    }

    /** The picked tokens, ascending. */
    int[] sorted() {
        return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Follows the example shown: clears picks of another example or other tokens, applies waiting ones. */
    void follow(ExampleRun next) {
        ExampleRun previous = shown;
        shown = next;
        boolean sameText = previous != null && next != null && previous.example().id().equals(next.example().id())
                && previous.text().tokens().equals(next.text().tokens());
        if (!sameText) {
            picked.clear();
        }
        if (next != null && restore != null && next.example().id().equals(restoreFor)) {
            addValid(restore);
            restore = null;
            restoreFor = null;
        }
    }

    /** Picks {@code tokens} of {@code exampleId}: now when it is shown, else when it is next shown. */
    void restore(String exampleId, int[] tokens) {
        if (exampleId == null || tokens == null || tokens.length == 0) {
            return;
        }
        if (shown != null && shown.example().id().equals(exampleId)) {
            addValid(tokens);
            return;
        }
        restoreFor = exampleId;
        restore = tokens.clone();
    }

    /** Picks {@code token} when it is not picked, else unpicks it; false when it is not a token of the example. */
    boolean toggle(int token) {
        if (shown == null || token < 0 || token >= shown.text().tokens().size()) {
            return false;
        }
        if (!picked.remove(token)) {
            picked.add(token);
        }
        return true;
    }

    private void addValid(int[] tokens) {
        for (int j : tokens) {
            if (j >= 0 && j < shown.text().tokens().size()) {
                picked.add(j);
            }
        }
    }

    /** The picked tokens as {@code “word” (index)}, for the view's summary; empty when none. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (shown != null) {
            for (int j : sorted()) {
                names.add("“" + (j < shown.text().tokens().size() ? shown.text().tokens().get(j) : "?") + "” (" + j + ")");
            }
        }
        return names;
    }
}
