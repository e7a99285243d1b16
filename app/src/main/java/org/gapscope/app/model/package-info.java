/**
 * The model as the explorer sees it: opening a bundle folder in the background into core's
 * {@link org.gapscope.engine.ExampleEngine} (the runtime behind the engine's
 * {@link org.gapscope.engine.ModelRunner}, a synthetic stand-in in view-model tests), its card, and
 * the other checkpoints found beside it.
 */
package org.gapscope.app.model;
