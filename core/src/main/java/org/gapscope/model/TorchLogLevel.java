package org.gapscope.model;

import java.nio.file.Path;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

/**
 * libtorch's own messages: its C++ warnings (e.g. {@code NNPACK.cpp: Could not initialize NNPACK!
 * Reason: Unsupported hardware}, on every CPU without AVX2-era NNPACK support) go straight to the
 * process's standard error, past Java's logging. Unless the user asked for the libraries' messages
 * (system property {@code gapscope.verbose}, set by {@code --verbose}), the log level of the loaded
 * libc10 ({@code FLAGS_caffe2_log_level}, the variable PyTorch's {@code TORCH_CPP_LOG_LEVEL} sets in
 * Python) is raised to ERROR, so that warnings are dropped and errors still shown.
 */
public final class TorchLogLevel {

    /** The system property that keeps libtorch's warnings. */
    public static final String VERBOSE_PROPERTY = "gapscope.verbose";

    /** c10's level for errors (0 INFO, 1 WARNING, 2 ERROR, 3 FATAL). */
    static final int ERROR = 2;

    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;

    private static boolean applied;

    private TorchLogLevel() {
    }

    /**
     * Loads PyTorch's engine (if not loaded yet) and, unless verbose, sets libtorch's log level to
     * ERROR; once per process. A libtorch without the variable keeps its warnings.
     */
    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        Engine.getEngine("PyTorch");
        if (Boolean.getBoolean(VERBOSE_PROPERTY)) {
            return;
        }
        setLevel(ERROR);
    }

    /**
     * Sets c10's log level in the libc10 that DJL loaded (never loading another copy) and returns the
     * level it had, or -1 when the library or its variable cannot be found.
     */
    static int setLevel(int newLevel) {
        try {
            Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve("libc10.so");
            NativeLibrary lib = NativeLibrary.getInstance(c10.toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            Pointer level = lib.getGlobalVariableAddress("FLAGS_caffe2_log_level");
            int old = level.getInt(0);
            level.setInt(0, newLevel);
            return old;
        } catch (RuntimeException | LinkageError e) {
            return -1; // another libtorch build or layout: its warnings stay visible, nothing breaks
        }
    }
}
