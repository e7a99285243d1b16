/**
 * The dataset view: the whole example set through the model (text vs speech accuracy, GAP, every
 * score with its mismatched-pair control), per-example scores, and scores against GAP across
 * checkpoints with the fit and R².
 */
package org.gapscope.app.dataset;
