package org.gapscope.audio;

import java.util.Locale;

import org.gapscope.GapScopeException;

/** The one-line messages for bad audio input, each naming the file and the problem. */
final class AudioErrors {

    private AudioErrors() {
    }

    static GapScopeException of(String file, String problem) {
        return new GapScopeException(file + ": " + problem);
    }

    static GapScopeException of(String file, String problem, Throwable cause) {
        return new GapScopeException(file + ": " + problem, cause);
    }

    static GapScopeException tooLong(String file, double seconds, double maxSeconds) {
        return of(file, String.format(Locale.ROOT,
                "%s of audio is longer than the limit of %s; cut it into shorter pieces "
                        + "(e.g. sox in.wav part.wav trim 0 %d) and load those",
                duration(seconds), duration(maxSeconds), (long) Math.floor(maxSeconds)));
    }

    static GapScopeException truncated(String file, double promisedSeconds, double actualSeconds) {
        return of(file, String.format(Locale.ROOT,
                "truncated: the header promises %.3f s of audio but the file ends after %.3f s "
                        + "(repair it with sox --ignore-length in.wav fixed.wav)", promisedSeconds, actualSeconds));
    }

    static GapScopeException nonFinite(String file, double value, double atSeconds) {
        String what = Double.isNaN(value) ? "NaN" : "an infinite value";
        return of(file, String.format(Locale.ROOT,
                "contains %s at %.3f s; float audio must hold finite samples (re-export it)", what, atSeconds));
    }

    static GapScopeException empty(String file) {
        return of(file, "contains no audio samples (zero length)");
    }

    /** "12 min 30 s", "4.2 s". */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = (long) Math.floor(seconds);
        long minutes = whole / 60;
        long rest = whole % 60;
        return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
    }
}
