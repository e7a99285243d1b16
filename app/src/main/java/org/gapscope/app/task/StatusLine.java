package org.gapscope.app.task;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's one-line status message: what just happened, or what went wrong (UI thread). A message
 * about one thing (the example shown) can be given an end: it is cleared when that thing changes, unless
 * a later message has replaced it already.
 */
public final class StatusLine {

    private final ReadOnlyStringWrapper text;
    private Observable until;
    private final InvalidationListener end = o -> clearScoped();

    /** A status line showing {@code initial}. */
    public StatusLine(String initial) {
        this.text = new ReadOnlyStringWrapper(initial);
    }

    /** Shows {@code message} until the next message. */
    public void show(String message) {
        release();
        text.set(message);
    }

    /** Shows {@code message} until the next message or until {@code cause} changes, whichever comes first. */
    public void showUntil(String message, Observable cause) {
        release();
        text.set(message);
        until = cause;
        cause.addListener(end);
    }

    private void clearScoped() {
        release();
        text.set("");
    }

    private void release() {
        if (until != null) {
            until.removeListener(end);
            until = null;
        }
    }

    /** The message shown. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
