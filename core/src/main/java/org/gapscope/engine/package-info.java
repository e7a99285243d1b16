/**
 * The one engine that runs examples, for every front end: the command line ({@code run},
 * {@code evaluate}, {@code intervene}) and the explorer ask it, and render what it returns.
 *
 * <p>One example's way through a model: the audio becomes the model's speech input
 * ({@link org.gapscope.engine.SpeechFrontEnd}, the one place that checks Whisper's feature settings),
 * the typed and the spoken query are answered with a capture of their span
 * ({@link org.gapscope.engine.ModelRunner}: {@link org.gapscope.engine.BundleRunner} over a model
 * bundle, stand-ins in tests), the pair is analysed (METHOD.md) and the answers scored
 * ({@link org.gapscope.engine.ExampleEngine}, giving an {@link org.gapscope.engine.ExampleRun}). A set of
 * examples runs with GapScope's mismatched-pair control paired exactly as {@code evaluate} pairs it
 * ({@link org.gapscope.engine.ControlPairs}, {@link org.gapscope.engine.DatasetRunner}). Long calls
 * report to and check a {@link org.gapscope.engine.Monitor}.
 *
 * <p>Layering: {@code engine} sits on {@code model} (the runtime), {@code audio}, {@code capture},
 * {@code analysis}, {@code intervention} and {@code dataset}; {@code evaluation} (the batch commands
 * and their run folders), {@code cli} and the explorer sit on it. The explorer never calls the
 * runtime except through this package.
 */
package org.gapscope.engine;
