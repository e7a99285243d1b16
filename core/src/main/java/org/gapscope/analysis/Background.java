package org.gapscope.analysis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.gapscope.GapScopeException;

/** Waiting for background work with its exception rethrown as it was thrown. */
final class Background {

    private Background() {
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GapScopeException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new GapScopeException(what + " failed: " + cause, cause);
        }
    }
}
