package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** libtorch's log level is found in the libc10 DJL loaded, and set to ERROR (its warnings dropped). */
class TorchLogLevelTest {

    @Test
    void theLoadedLibtorchLogsErrorsOnly() {
        TorchLogLevel.apply();
        // setLevel answers the level it found: -1 would mean the variable was not found and warnings stay
        assertEquals(TorchLogLevel.ERROR, TorchLogLevel.setLevel(TorchLogLevel.ERROR));
    }
}
