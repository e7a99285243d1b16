package org.gapscope;

/**
 * An error the user can cause and fix (a bad file, a broken bundle, no microphone): its message is
 * one readable line that names the thing and the problem, shown as is in the UI and the CLI.
 */
public class GapScopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message is shown to the user as it is. */
    public GapScopeException(String message) {
        super(message);
    }

    /** Creates an exception whose message is shown to the user, keeping the cause for logs. */
    public GapScopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
