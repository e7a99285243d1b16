package org.gapscope.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

import org.gapscope.app.audio.TimeRange;
import org.gapscope.app.lens.LensView;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.window.MainViewModel;
import org.gapscope.app.window.MainWindow;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots of the real window with the shipped default model and sample set
 * (a tool, not a test). Run under Xvfb at 1440 x 900:
 * <pre>
 * CP=app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)
 * xvfb-run -s "-screen 0 1440x900x24" java -Dai.djl.pytorch.graph_optimizer=false -Dgapscope.home=$PWD \
 *     -cp $CP org.gapscope.app.ExplorerScreenshots docs/screenshots
 * </pre>
 * It runs the example set, the set across the shipped checkpoints and the interventions over the set
 * (a few minutes on two cores), then writes one PNG per view. With a second argument {@code audio} it
 * writes only the audio pane with its F0 and level strips ({@code audio-pitch-level.png}), at once; with
 * {@code spans}, only the alignment view with the reference word spans ({@code alignment-spans.png}) and that
 * heatmap exported ({@code heatmap-spans.png}, {@code heatmap-spans.svg}); with {@code cka-run RUN_DIR} it
 * opens that run folder instead of the defaults and writes only the CKA tab on the run's dataset matrix
 * ({@code cka-dataset.png}); with {@code lens}, only the logit-lens view of the first example
 * ({@code logit-lens.png}).
 */
public final class ExplorerScreenshots {

    private static final long MINUTES = 20;

    private ExplorerScreenshots() {
    }

    /** {@code [output folder [audio | spans | cka-run RUN_DIR]]} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        int status = 1;
        try {
            take(args);
            status = 0;
        } catch (Exception | Error e) {
            e.printStackTrace(); // System.exit below would swallow it
        } finally {
            System.exit(status); // the FX thread would keep the JVM alive after a failure
        }
    }

    private static void take(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        System.setProperty("ai.djl.offline", "true");
        Platform.startup(() -> { });
        CompositionRoot root = onFx(CompositionRoot::forDesktop);
        MainViewModel vm = root.mainViewModel();
        Path run = args.length > 2 && args[1].equals("cka-run") ? Path.of(args[2]) : null;
        MainWindow window = onFx(() -> {
            if (run != null) {
                vm.openRun(run);
            } else {
                vm.openDefaults();
            }
            MainWindow w = new MainWindow(vm);
            Stage stage = new Stage();
            stage.setX(0);
            stage.setY(0);
            stage.setScene(new Scene(w, 1440, 900));
            stage.setTitle("GapScope");
            stage.show();
            return w;
        });
        if (args.length > 1 && args[1].equals("spans")) {
            await("the first example", () -> vm.run().resultProperty().get() != null);
            shootWordSpans(vm, window, out);
            return;
        }
        if (args.length > 1 && args[1].equals("lens")) {
            await("the first example", () -> vm.run().resultProperty().get() != null);
            shootLens(vm, window, out);
            return;
        }
        if (args.length > 1 && args[1].equals("audio")) {
            await("the first example", () -> vm.run().resultProperty().get() != null);
            shootPitchAndLevel(vm, window, out);
            shoot(window, out.resolve("window-pitch-level.png"));
            // -Dgapscope.screenshots.holdSeconds=N keeps the window up, e.g. for "import -window root"
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.getLong("gapscope.screenshots.holdSeconds", 0)));
            return;
        }

        if (run != null) {
            shootDatasetCka(vm, window, out);
            return;
        }

        // as it opens: the first example's layer curves with the mismatched control
        await("the first example", () -> vm.run().resultProperty().get() != null && vm.curves().curvesProperty().get() != null
                && vm.curves().curvesProperty().get().series().size() >= 2);
        settle(vm);
        shoot(window, out.resolve("builtin-layer-curves.png"));

        shootLens(vm, window, out);

        // the dataset view: the set, then the set across every shipped checkpoint
        onFx(() -> {
            window.selectTab("Dataset");
            return null;
        });
        onFx(() -> {
            vm.dataset().runSet();
            return null;
        });
        await("the example set run", () -> vm.dataset().runProperty().get() != null && !vm.dataset().runningProperty().get());
        System.out.println("dataset: " + onFx(() -> vm.dataset().accuracyProperty().get()));
        onFx(() -> {
            vm.dataset().runCheckpoints();
            return null;
        });
        await("the checkpoints run", () -> vm.dataset().regressionProperty().get() != null && !vm.dataset().runningProperty().get());
        System.out.println("checkpoints: " + onFx(() -> vm.dataset().regressionTextProperty().get()));
        // an example the model answers right from text and wrong from speech: the gap in one example
        String gapCase = onFx(() -> vm.examples().allRows().stream()
                .filter(r -> Boolean.TRUE.equals(r.textCorrectProperty().get()) && Boolean.FALSE.equals(r.speechCorrectProperty().get()))
                .map(r -> r.example().id()).findFirst().orElse(vm.examples().allRows().get(0).example().id()));
        System.out.println("example shown: " + gapCase);
        onFx(() -> vm.examples().select(gapCase));

        await("its result", () -> vm.run().resultProperty().get() != null
                && vm.run().resultProperty().get().example().id().equals(gapCase));
        settle(vm);
        shoot(window, out.resolve("dataset.png"));

        // layer curves with the dataset band, the control and the other checkpoints
        onFx(() -> {
            window.selectTab("Layer curves");
            vm.curves().showCheckpointsProperty().set(true);
            return null;
        });
        await("the checkpoint curves", () -> vm.curves().curvesProperty().get() != null
                && vm.curves().curvesProperty().get().series().size() > 4);
        settle(vm);
        shoot(window, out.resolve("layer-curves.png"));

        // the alignment view at a middle layer, two tokens picked on the path (Ctrl+click)
        onFx(() -> {
            window.selectTab("Alignment");
            vm.alignment().layerProperty().set(Math.max(1, vm.alignment().maxLayerProperty().get() / 2));
            return null;
        });
        await("the heatmap", () -> vm.alignment().ready() && vm.alignment().pictureProperty().get() != null);
        int[] picked = onFx(() -> {
            var p = vm.alignment().pictureProperty().get();
            int last = p.textCount() - 1;
            int[] tokens = {Math.max(0, last - 1), last};
            for (int j : tokens) {
                vm.alignment().click(p.path()[j], j, true);
            }
            vm.alignment().hover(p.path()[last], last);
            return vm.interventions().pickedTokens();
        });
        settle(vm);
        shoot(window, out.resolve("alignment.png"));
        shootWordSpans(vm, window, out);

        // the CKA view: the example's matched matrix with a cell under the pointer, then the difference;
        // its figure exported through the export path as PNG and SVG
        onFx(() -> {
            window.selectTab("CKA");
            return null;
        });
        await("the CKA matrix and its control", () -> vm.cka().dataProperty().get() != null
                && vm.cka().detailsProperty().get().contains("against the text of"));
        onFx(() -> {
            int top = vm.cka().dataProperty().get().size() - 1;
            vm.cka().hoverAt(top, top / 2);
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("cka.png"));
        onFx(() -> {
            vm.cka().panelProperty().set(org.gapscope.figure.CkaData.Panel.DIFFERENCE);
            int top = vm.cka().dataProperty().get().size() - 1;
            vm.cka().hoverAt(top, top / 2);
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("cka-difference.png"));
        for (ExportViewModel.Format format : new ExportViewModel.Format[] {ExportViewModel.Format.PNG,
            ExportViewModel.Format.SVG}) {
            CompletableFuture<List<Path>> written = new CompletableFuture<>();
            onFx(() -> {
                vm.export().formatProperty().set(format);
                vm.export().export(vm.cka(), out.resolve(vm.cka().fileStem() + "." + format.extension()),
                        written::complete);
                return null;
            });
            System.out.println("exported " + written.get(1, TimeUnit.MINUTES));
        }
        onFx(() -> {
            vm.cka().panelProperty().set(org.gapscope.figure.CkaData.Panel.MATCHED);
            return null;
        });

        // the interventions view: angle projection on the picked tokens, and the accuracy table over the set
        onFx(() -> {
            window.selectTab("Interventions");
            vm.interventions().layersProperty().set("0");
            vm.interventions().runExample();
            return null;
        });
        await("the intervention", () -> vm.interventions().outcomeProperty().get() != null);
        System.out.println("intervention on tokens " + Arrays.toString(picked) + ": "
                + onFx(() -> vm.interventions().messageProperty().get()) + " before \""
                + onFx(() -> vm.interventions().outcomeProperty().get().before()) + "\" after \""
                + onFx(() -> vm.interventions().outcomeProperty().get().after()) + "\"");
        onFx(() -> {
            vm.interventions().runSet();
            return null;
        });
        await("the interventions over the set", () -> !vm.interventions().table().isEmpty());
        settle(vm);
        shoot(window, out.resolve("interventions.png"));
        // the audio pane with a selection, after trying to record (no microphone here)
        onFx(() -> {
            var display = vm.audio().displayProperty().get();
            double length = display == null ? 2 : display.clip().durationSeconds();
            vm.audio().selectionProperty().set(new TimeRange(length * 0.3, length * 0.6));
            vm.audio().startRecording();
            return null;
        });
        await("the microphone message", () -> !vm.audio().recordingProperty().get() && !vm.audio().messageProperty().get().isEmpty());
        settle(vm);
        shoot(window.lookup("#" + MainWindow.AUDIO_ID), out.resolve("audio.png"));
        shootPitchAndLevel(vm, window, out);

        // presentation mode in the dark theme, on the alignment view
        onFx(() -> {
            vm.audio().selectionProperty().set(null);
            vm.presentationModeProperty().set(true);
            vm.darkThemeProperty().set(true);
            window.selectTab("Alignment");
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("presentation-dark.png"));
    }

    /**
     * The alignment view with the reference word spans at a middle layer, the pointer on a boxed cell off the
     * path (the read-out names its word), and the same heatmap exported as PNG and SVG (ieee-double).
     */
    private static void shootWordSpans(MainViewModel vm, MainWindow window, Path out) throws Exception {
        onFx(() -> {
            window.selectTab("Alignment");
            vm.alignment().layerProperty().set(Math.max(1, vm.alignment().maxLayerProperty().get() / 2));
            vm.alignment().showSpansProperty().set(true);
            return null;
        });
        await("the heatmap with word spans", () -> vm.alignment().ready() && vm.alignment().pictureProperty().get() != null
                && vm.alignment().pictureProperty().get().spans() != null);
        onFx(() -> {
            var p = vm.alignment().pictureProperty().get();
            int j = p.textCount() / 2;
            var box = p.spans().boxOf(j);
            vm.alignment().hover(box.start() + (box.end() - box.start()) / 2, j);
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("alignment-spans.png"));
        System.out.println("scores: " + onFx(() -> vm.alignment().layerScoresProperty().get()));
        System.out.println("hover: " + onFx(() -> vm.alignment().hoverProperty().get()));
        var figure = onFx(() -> vm.alignment().figure());
        for (String ext : new String[] {"png", "svg"}) {
            Path file = out.resolve("heatmap-spans." + ext);
            FigureExporter.export(figure, FigureSize.IEEE_DOUBLE, ColorMap.VIRIDIS, 300, file);
            System.out.println("wrote " + file);
        }
    }

    /** The audio pane with its F0 and level strips on, a selection, and the read-out at a voiced frame. */
    /** The CKA tab on an opened run's dataset matrix, a cell under the pointer ({@code cka-dataset.png}). */
    private static void shootDatasetCka(MainViewModel vm, MainWindow window, Path out) throws Exception {
        onFx(() -> {
            window.selectTab("CKA");
            return null;
        });
        await("the run's dataset CKA", () -> vm.cka().datasetAvailableProperty().get());
        onFx(() -> {
            vm.cka().scopeProperty().set(org.gapscope.app.cka.CkaViewModel.Scope.DATASET);
            int top = vm.cka().dataProperty().get().size() - 1;
            vm.cka().hoverAt(top, top / 2);
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("cka-dataset.png"));
    }

    private static void shootPitchAndLevel(MainViewModel vm, MainWindow window, Path out) throws Exception {
        onFx(() -> {
            vm.audio().selectionProperty().set(null);
            vm.audio().prosody().showPitchProperty().set(true);
            vm.audio().prosody().showLevelProperty().set(true);
            return null;
        });
        await("the pitch and level tracks", () -> vm.audio().prosody().ready());
        onFx(() -> {
            var track = vm.audio().prosody().trackProperty().get();
            int k = 0;
            while (k < track.frames() - 1 && !(track.voiced(k) && track.time(k) > track.durationSeconds() / 3)) {
                k++;
            }
            double length = track.durationSeconds();
            vm.audio().selectionProperty().set(new org.gapscope.app.audio.TimeRange(length * 0.3, length * 0.6));
            vm.audio().prosody().pointAt(track.time(k));
            return null;
        });
        settle(vm);
        System.out.println("read-out: " + onFx(() -> vm.audio().prosody().readoutProperty().get()));
        shoot(window.lookup("#" + MainWindow.AUDIO_ID), out.resolve("audio-pitch-level.png"));
    }

    private static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(MINUTES, TimeUnit.MINUTES);
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
        long start = System.nanoTime();
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "%s after %.1f s%n", what, (System.nanoTime() - start) / 1e9);
    }

    /** Waits until no task runs and a few frames have been drawn. */
    private static void settle(MainViewModel vm) throws Exception {
        await("idle", () -> vm.tasks().running().isEmpty());
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Void> frame = new CompletableFuture<>();
            Platform.runLater(() -> new AnimationTimer() {
                private int frames;

                @Override
                public void handle(long now) {
                    if (++frames >= 5) {
                        stop();
                        frame.complete(null);
                    }
                }
            }.start());
            frame.get(1, TimeUnit.MINUTES);
        }
    }

    /** The logit lens of the shown example, every layer, the read-out of a speech cell of the top layer. */
    private static void shootLens(MainViewModel vm, MainWindow window, Path out) throws Exception {
        onFx(() -> {
            window.selectTab("Logit lens");
            return null;
        });
        await("the lens grid", () -> vm.lens().dataProperty().get() != null);
        onFx(() -> {
            LensData data = vm.lens().dataProperty().get();
            int middle = data.side("speech").positions() / 2;
            ((Label) window.lookup("#" + LensView.HOVER_ID)).setText(vm.lens().describe(
                    new LensRenderer.Cell("speech", middle, data.layers().length - 1)));
            return null;
        });
        settle(vm);
        shoot(window, out.resolve("logit-lens.png"));
    }

    private static void shoot(Node node, Path file) throws Exception {
        WritableImage image = onFx(() -> node.snapshot(null, null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        try {
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        System.out.println("wrote " + file + " (" + w + " x " + h + ")");
    }
}
