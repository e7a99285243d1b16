package org.gapscope.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line of a libtorch error worth showing a user. A TorchScript part that fails reports a
 * traceback ("The following operation failed in the TorchScript interpreter. Traceback of
 * TorchScript, serialized code ... RuntimeError: expected scalar type Float but found Half"), whose
 * first line says nothing; the cause is its last {@code ...Error:} line. Plain C++ errors put the
 * cause first and the stack after it.
 */
final class LibtorchMessages {

    /** A Python or C++ exception line, e.g. {@code RuntimeError: ...} or {@code torch.jit.Error: ...}. */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\s*(?:[\\w.]*(?:Error|Exception)):\\s*(.+)$");

    private LibtorchMessages() {
    }

    /** The cause of a libtorch failure from an exception message; {@code "(no details)"} when there is none. */
    static String cause(String message) {
        if (message == null || message.isBlank()) {
            return "(no details)";
        }
        String[] lines = message.strip().split("\\R");
        boolean traceback = message.contains("TorchScript interpreter") || message.contains("Traceback of TorchScript");
        if (traceback) {
            for (int i = lines.length - 1; i >= 0; i--) {
                Matcher m = ERROR_LINE.matcher(lines[i]);
                if (m.matches()) {
                    return m.group(1).strip();
                }
            }
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
        }
        return lines[0].strip();
    }
}
