package org.gapscope.model;

/**
 * A hook into {@link LayeredModel}'s layer-by-layer forward pass: either a {@link CaptureHook}
 * (records the hidden states) or an {@link InterventionHook} (rewrites positions before the next layer
 * sees them). At each layer the runtime applies every intervention first, then every capture, so a
 * capture shows the states the next layer actually receives.
 */
public sealed interface ForwardHook permits CaptureHook, InterventionHook {
}
