package org.gapscope.app.task;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The window's one-line status message: what just happened, or what went wrong (UI thread). */
public final class StatusLine {

    private final ReadOnlyStringWrapper text;

    /** A status line showing {@code initial}. */
    public StatusLine(String initial) {
        this.text = new ReadOnlyStringWrapper(initial);
    }

    /** Shows {@code message}. */
    public void show(String message) {
        text.set(message);
    }

    /** The message shown. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
