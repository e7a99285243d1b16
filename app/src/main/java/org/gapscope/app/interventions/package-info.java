/**
 * The interventions view: angle projection or length normalization of chosen speech positions
 * (Bottom-k, All, or tokens picked on the path) at chosen layers; the answers before and after beside
 * the gold answer, and the accuracy table over the whole example set.
 */
package org.gapscope.app.interventions;
