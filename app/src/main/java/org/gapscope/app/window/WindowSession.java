package org.gapscope.app.window;

/**
 * The window's part of a session ({@code window}).
 *
 * @param tab              the title of the selected analysis tab
 * @param darkTheme        whether the dark interface theme was on
 * @param presentationMode whether presentation mode (large fonts) was on
 */
public record WindowSession(String tab, Boolean darkTheme, Boolean presentationMode) {

    /** The key of this part. */
    public static final String KEY = "window";
}
