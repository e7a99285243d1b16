package org.gapscope.analysis;

/**
 * The native linear-algebra engine (ND4J) as other packages may use it: started once, quietly, in the
 * background ({@link #start}), and waited for before the first native call ({@link #awaitReady}).
 */
public final class NativeEngine {

    private NativeEngine() {
    }

    /** Starts loading ND4J on a background thread (harmless if repeated). */
    public static void start() {
        Nd4jRuntime.startInBackground();
    }

    /**
     * Waits until ND4J is loaded, starting it if needed.
     *
     * @throws org.gapscope.GapScopeException when the native library cannot be loaded
     */
    public static void awaitReady() {
        Nd4jRuntime.awaitReady();
    }
}
