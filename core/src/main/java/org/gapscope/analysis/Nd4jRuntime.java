package org.gapscope.analysis;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J once, with its start-up banner turned down to warnings unless the user chose otherwise. */
final class Nd4jRuntime {

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.org.nd4j";

    private Nd4jRuntime() {
    }

    /** Quiets ND4J's INFO banner (it would otherwise fill a CLI's stderr); call before first use. */
    static void ensureQuiet() {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
    }

    /**
     * Loads ND4J's native backend now (about half a second), so that a caller can overlap that with
     * reading files on another thread.
     */
    static void warmUp() {
        ensureQuiet();
        Nd4j.create(DataType.FLOAT, 1, 1).close();
    }
}
