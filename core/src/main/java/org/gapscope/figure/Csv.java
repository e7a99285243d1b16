package org.gapscope.figure;

import java.util.Locale;

/** Builds RFC 4180 CSV text: comma separated, fields with commas, quotes or line breaks quoted. */
final class Csv {

    private final StringBuilder out = new StringBuilder();
    private boolean lineStarted;

    /** Appends one field. */
    Csv field(String s) {
        if (lineStarted) {
            out.append(',');
        }
        lineStarted = true;
        String v = s == null ? "" : s;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            out.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            out.append(v);
        }
        return this;
    }

    /** Appends a number ('.' decimals, empty for NaN, shortest exact form). */
    Csv field(double v) {
        if (Double.isNaN(v)) {
            return field("");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return field(Long.toString((long) v));
        }
        return field(Double.toString(v).toLowerCase(Locale.ROOT));
    }

    /** Appends an integer. */
    Csv field(long v) {
        return field(Long.toString(v));
    }

    /** Appends a whole row of text fields and ends the line. */
    Csv row(String... fields) {
        for (String f : fields) {
            field(f);
        }
        return end();
    }

    /** Ends the current line. */
    Csv end() {
        out.append("\r\n");
        lineStarted = false;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
