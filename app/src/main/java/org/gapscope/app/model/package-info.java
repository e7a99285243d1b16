/**
 * The model as the explorer sees it: opening a bundle folder in the background, its card, and the
 * small {@link org.gapscope.app.model.SpeechModel} interface that runs one query with a capture or an
 * intervention (the DJL runtime behind it, a synthetic model in view-model tests).
 */
package org.gapscope.app.model;
