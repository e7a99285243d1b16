/**
 * Toolbox below the features: slow work off the UI thread ({@link org.gapscope.app.task.BackgroundExecutor},
 * {@link org.gapscope.app.task.Tasks} with progress and cancel, the status bar's task corner) and the
 * one-line status message. Knows no feature.
 */
package org.gapscope.app.task;
