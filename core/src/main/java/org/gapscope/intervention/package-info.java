/**
 * The interventions of METHOD.md: critical-token selection from an alignment path (Bottom-k or
 * All), and the two rewrites of a speech position's hidden state towards its aligned text token,
 * {@link org.gapscope.intervention.AngleProjection} and
 * {@link org.gapscope.intervention.LengthNormalization}, as pure functions over float rows that
 * the model runtime's intervention hook calls through an
 * {@link org.gapscope.intervention.InterventionPlan}.
 */
package org.gapscope.intervention;
