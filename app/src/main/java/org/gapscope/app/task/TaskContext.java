package org.gapscope.app.task;

import org.gapscope.engine.Monitor;

/**
 * What a long task sees while it runs: the engine's {@link Monitor} (progress, and a cancel flag to
 * check between steps), so a task hands its context straight to the engine's calls.
 */
public interface TaskContext extends Monitor {
}
