package org.gapscope.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.alignment.AlignmentViewModel;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.Tasks;
import org.gapscope.app.window.MainWindow;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.ModelRunner;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * The explorer's speed, measured (a bench command, not a test). Run under a display (Xvfb works):
 * <pre>
 * mvn -B -q -o -pl app -am test-compile
 * mvn -B -q -o -pl app dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * CP=app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)
 * java -cp $CP org.gapscope.app.ExplorerBenchmark scrub            # 1,500 x 100 heatmap, layer changed every frame
 * java -cp $CP org.gapscope.app.ExplorerBenchmark scrub 5 spans    # the same with 100 reference word spans drawn
 * java -cp $CP org.gapscope.app.ExplorerBenchmark scrub 5 nostrips # without the waveform and mel band strips above
 * java -Dgapscope.home=$PWD -cp $CP org.gapscope.app.ExplorerBenchmark start   # JVM start to first heatmap
 * </pre>
 */
public final class ExplorerBenchmark {

    private ExplorerBenchmark() {
    }

    /** {@code scrub [seconds] [spans] [nostrips]} or {@code start}. */
    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "scrub";
        System.setProperty("ai.djl.offline", "true");
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        mark("main() entered", jvmStart);
        Platform.startup(() -> { });
        mark("JavaFX started", jvmStart);
        if (what.equals("start")) {
            coldStart();
        } else {
            List<String> options = List.of(args).subList(Math.min(2, args.length), args.length);
            scrub(args.length > 1 ? Double.parseDouble(args[1]) : 5, options.contains("spans"),
                    !options.contains("nostrips"));
        }
    }

    /** Opens the real window with the shipped defaults, shows the Alignment tab, reports when the first heatmap is drawn. */
    private static void coldStart() throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        CountDownLatch drawn = new CountDownLatch(1);
        long[] at = new long[2];
        Platform.runLater(() -> {
            mark("building the window", jvmStart);
            CompositionRoot root = CompositionRoot.forDesktop();
            mark("services built", jvmStart);
            var main = root.mainViewModel();
            main.examples().exampleSetProperty().addListener(o -> mark("example set shown", jvmStart));
            main.model().cardProperty().addListener(o -> mark("model opened", jvmStart));
            main.run().resultProperty().addListener((obs, old, r) -> {
                if (r != null) {
                    mark("first example run and analysed", jvmStart);
                }
            });
            main.openDefaults(); // as the application does: loading starts before the window is built
            MainWindow window = new MainWindow(root.mainViewModel());
            mark("window built", jvmStart);
            Stage stage = new Stage();
            stage.setScene(new Scene(window, 1280, 800));
            stage.show();
            at[0] = System.currentTimeMillis();
            ((TabPane) window.lookup("#" + MainWindow.VIEWS_ID)).getSelectionModel().select(1);
            root.mainViewModel().alignment().pictureProperty().addListener((obs, old, p) -> {
                if (p != null && drawn.getCount() > 0) {
                    // the picture is drawn in this pulse; count the frame after it
                    new AnimationTimer() {
                        @Override
                        public void handle(long now) {
                            at[1] = System.currentTimeMillis();
                            drawn.countDown();
                            stop();
                        }
                    }.start();
                }
            });
        });
        if (!drawn.await(120, TimeUnit.SECONDS)) {
            System.out.println("no heatmap within 120 s (is a default model and example set installed under gapscope.home?)");
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "window shown %.2f s after JVM start; first heatmap on screen %.2f s after JVM start%n",
                (at[0] - jvmStart) / 1000.0, (at[1] - jvmStart) / 1000.0);
        System.exit(0);
    }

    private static void mark(String what, long jvmStart) {
        System.out.printf(Locale.ROOT, "  %5.2f s  %s%n", (System.currentTimeMillis() - jvmStart) / 1000.0, what);
    }

    /**
     * Scrubs through 33 layers of a 1,500 x 100 matrix, one layer per frame, for {@code seconds}; with
     * {@code spans} the example has a reference word timing per token (100 boxes drawn per redraw); with
     * {@code strips} the clip's waveform and mel band strips are drawn above the matrix (the default).
     */
    private static void scrub(double seconds, boolean spans, boolean strips) throws Exception {
        int layers = 33;
        int speech = 1500;
        int text = 100;
        int d = 64;
        ExampleRun result = syntheticResult(layers, speech, text, d, spans);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AlignmentViewModel[] vm = new AlignmentViewModel[1];
        AlignmentView[] view = new AlignmentView[1];
        List<Long> frames = new ArrayList<>();
        Platform.runLater(() -> {
            Tasks tasks = new Tasks(BackgroundExecutor.onFxThread(workers), s -> { });
            vm[0] = new AlignmentViewModel(tasks, r -> { });
            vm[0].showStripsProperty().set(strips);
            view[0] = new AlignmentView(vm[0], () -> { }, () -> { }, new SimpleBooleanProperty(false),
                    new SimpleStringProperty(""));
            Stage stage = new Stage();
            stage.setScene(new Scene(view[0], 1280, 720));
            stage.show();
            vm[0].show(result);
            Runnable check = () -> {
                if (tasks.running().isEmpty() && (!strips || vm[0].stripAudioProperty().get() != null)) {
                    ready.countDown();
                }
            };
            tasks.running().addListener((ListChangeListener<Object>) c -> check.run());
            vm[0].stripAudioProperty().addListener(o -> check.run());
        });
        ready.await(120, TimeUnit.SECONDS);
        long[] before = new long[2];
        Platform.runLater(() -> {
            before[0] = view[0].heatmap().redrawStatistics()[0];
            before[1] = view[0].heatmap().redrawStatistics()[1];
            long end = System.nanoTime() + (long) (seconds * 1e9);
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    frames.add(now);
                    if (System.nanoTime() > end) {
                        stop();
                        done.countDown();
                        return;
                    }
                    vm[0].layerProperty().set((vm[0].layerProperty().get() + 1) % layers);
                }
            }.start();
        });
        done.await();
        long[] after = view[0].heatmap().redrawStatistics();
        double elapsed = (frames.get(frames.size() - 1) - frames.get(0)) / 1e9;
        long redraws = after[0] - before[0];
        double fps = (frames.size() - 1) / elapsed;
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            gaps.add((frames.get(i) - frames.get(i - 1)) / 1e6);
        }
        gaps.sort(Double::compare);
        System.out.printf(Locale.ROOT, "scrubbing a %d x %d heatmap%s%s through %d layers, one layer per frame, %.1f s:%n",
                speech, text, spans ? " with word spans" : "", strips ? " with audio strips" : " without audio strips",
                layers, elapsed);
        System.out.printf(Locale.ROOT, "  %.1f frames per second (%d frames, %d redraws); frame interval median %.1f ms, 95th %.1f ms%n",
                fps, frames.size() - 1, redraws, gaps.get(gaps.size() / 2), gaps.get((int) (gaps.size() * 0.95)));
        System.out.printf(Locale.ROOT, "  FX-thread time per redraw (raster fill + canvas commands): %.2f ms%n",
                (after[1] - before[1]) / 1e6 / Math.max(1, redraws));
        System.out.printf(Locale.ROOT, "  audio strips drawn: %s; strip images built: %d%n", view[0].heatmap().stripsDrawn()
                ? "yes" : "no", view[0].heatmap().stripImagesBuilt());
        workers.shutdownNow();
        System.exit(0);
    }

    private static ExampleRun syntheticResult(int layers, int speech, int text, int d, boolean spans) {
        SplittableRandom r = new SplittableRandom(7);
        float[][] words = new float[text][d];
        for (float[] w : words) {
            for (int k = 0; k < d; k++) {
                w[k] = (float) r.nextGaussian();
            }
        }
        float[][] s = new float[layers][speech * d];
        float[][] t = new float[layers][text * d];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < speech; i++) {
                float[] w = words[i * text / speech];
                for (int k = 0; k < d; k++) {
                    s[l][i * d + k] = w[k] + (float) r.nextGaussian() * 0.8f;
                }
            }
            for (int j = 0; j < text; j++) {
                for (int k = 0; k < d; k++) {
                    t[l][j * d + k] = words[j][k] * (1 + 0.02f * l);
                }
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int j = 0; j < text; j++) {
            tokens.add("w" + j);
        }
        List<String> positions = new ArrayList<>();
        float[] times = new float[speech];
        for (int i = 0; i < speech; i++) {
            positions.add("s" + i);
            times[i] = i * 0.02f;
        }
        Capture speechCapture = Capture.wrap(flatten(s), layers, speech, d, positions, times,
                new CaptureMeta("bench", Modality.SPEECH, "bench", "bench"));
        Capture textCapture = Capture.wrap(flatten(t), layers, text, d, tokens, new float[0],
                new CaptureMeta("bench", Modality.TEXT, "bench", "bench"));
        ExampleAnalysis a = ExampleAnalyzer.analyze(speechCapture.asHiddenStates(), textCapture.asHiddenStates(),
                AnalysisSettings.defaults(), "bench", "bench");
        float[] samples = new float[AudioClip.SAMPLE_RATE * 30];
        for (int k = 0; k < samples.length; k++) {
            // noise under a 3 Hz swell, so that the strips have a shape to draw
            samples[k] = (float) (r.nextGaussian() * 0.1 * (1 + Math.sin(k * 2 * Math.PI * 3 / AudioClip.SAMPLE_RATE)));
        }
        AudioClip clip = AudioClip.ofSamples(samples);
        List<WordTiming> timings = new ArrayList<>();
        for (int j = 0; j < text; j++) {
            timings.add(new WordTiming(tokens.get(j), j * 30.0 / text, (j + 1) * 30.0 / text));
        }
        Example e = spans ? new Example("bench", Path.of("bench.wav"), String.join(" ", tokens), List.of("x"), List.of(),
                "", "", 0, new WordTimings(timings))
                : new Example("bench", Path.of("bench.wav"), "bench", List.of("x"), List.of(), "", "", 0);
        return new ExampleRun("bench", e, clip, new ModelRunner.Answered("", speechCapture),
                new ModelRunner.Answered("", textCapture), a, null, null);
    }

    private static float[] flatten(float[][] perLayer) {
        int n = perLayer[0].length;
        float[] flat = new float[perLayer.length * n];
        for (int l = 0; l < perLayer.length; l++) {
            System.arraycopy(perLayer[l], 0, flat, l * n, n);
        }
        return flat;
    }
}
