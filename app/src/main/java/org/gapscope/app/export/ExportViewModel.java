package org.gapscope.app.export;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.gapscope.GapScopeException;
import org.gapscope.app.task.Tasks;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.ExportSettings;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.FigureStyle;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The export settings shared by every view (format, size preset, DPI, colour map, paper style, SVG
 * text as outlines, data files) and the export commands: write the figure (and its data) to files in
 * the background, atomically, or put it on the clipboard. Exports always use the light theme; a size
 * too small for the figure's labels is refused with the smallest size that fits.
 */
public final class ExportViewModel {

    /** Figure file formats. */
    public enum Format {
        /** Raster at the chosen DPI. */
        PNG("png"),
        /** Vector. */
        SVG("svg");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The file extension without the dot. */
        public String extension() {
            return extension;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Receives what is copied: the figure as an image and its data as CSV text. */
    @FunctionalInterface
    public interface ClipboardSink {
        /** Puts {@code image} and {@code csv} on the clipboard (UI thread). */
        void put(BufferedImage image, String csv);
    }

    /** The size presets offered. */
    public static final List<String> PRESETS = List.of("ieee-column", "ieee-double", "slide", "custom");

    private final Tasks tasks;
    private final Consumer<String> status;
    private final ObjectProperty<Format> format = new SimpleObjectProperty<>(Format.SVG);
    private final StringProperty preset = new SimpleStringProperty("ieee-double");
    private final StringProperty customSize = new SimpleStringProperty("6x4in");
    private final IntegerProperty dpi = new SimpleIntegerProperty(300);
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(ColorMap.VIRIDIS);
    private final BooleanProperty paperStyle = new SimpleBooleanProperty(false);
    private final BooleanProperty outlineText = new SimpleBooleanProperty(false);
    private final BooleanProperty csv = new SimpleBooleanProperty(false);
    private final BooleanProperty json = new SimpleBooleanProperty(false);

    /** Creates the view model. */
    public ExportViewModel(Tasks tasks, Consumer<String> status) {
        this.tasks = tasks;
        this.status = status;
    }

    /** The figure size of the chosen preset (custom: parsed from {@link #customSizeProperty()}). */
    public FigureSize size() {
        String p = preset.get();
        return FigureSize.parse("custom".equals(p) ? customSize.get().strip() : p);
    }

    /** The file name to suggest for {@code source}. */
    public String suggestedName(FigureSource source) {
        return source.fileStem() + "." + format.get().extension();
    }

    /**
     * Writes {@code source}'s figure to {@code file} (format from the extension, else the chosen one),
     * plus its data when asked, in the background; {@code done} receives the files written.
     */
    public void export(FigureSource source, Path file, Consumer<List<Path>> done) {
        FigureRenderer renderer = source.figure();
        if (renderer == null) {
            status.accept("Nothing to export yet.");
            return;
        }
        FigureSize figureSize;
        try {
            figureSize = size();
        } catch (RuntimeException e) {
            status.accept("Export: " + e.getMessage());
            return;
        }
        Path target = withExtension(file);
        ExportSettings settings = settings(target);
        boolean writeCsv = csv.get();
        boolean writeJson = json.get();
        tasks.start("Exporting " + target.getFileName(), ctx -> {
            List<Path> written = new ArrayList<>();
            FigureExporter.export(renderer, figureSize, settings, target);
            written.add(target);
            if (writeCsv) {
                written.add(FigureExporter.writeData(renderer.data(), target, FigureExporter.DataFormat.CSV));
            }
            if (writeJson) {
                written.add(FigureExporter.writeData(renderer.data(), target, FigureExporter.DataFormat.JSON));
            }
            return written;
        }, written -> {
            status.accept("Exported " + String.join(", ", written.stream().map(p -> p.getFileName().toString()).toList())
                    + " to " + target.toAbsolutePath().getParent());
            done.accept(written);
        }, error -> status.accept("Export failed: " + error.getMessage()));
    }

    /** Renders {@code source}'s figure at the chosen size (150 DPI) and hands it with its CSV data to {@code sink}. */
    public void copy(FigureSource source, ClipboardSink sink) {
        FigureRenderer renderer = source.figure();
        if (renderer == null) {
            status.accept("Nothing to copy yet.");
            return;
        }
        FigureSize figureSize;
        try {
            figureSize = size();
        } catch (RuntimeException e) {
            status.accept("Copy: " + e.getMessage());
            return;
        }
        ColorMap map = colorMap.get();
        boolean paper = paperStyle.get();
        tasks.start("Copying the figure", ctx -> {
            FigureStyle style = figureSize.style(map).withPaper(paper);
            double w = figureSize.widthPt();
            double h = FigureExporter.fittedHeight(renderer, figureSize, style);
            return new Object[] {FigureExporter.renderImage(renderer, w, h, style, 150), renderer.data().toCsv()};
        }, parts -> {
            sink.put((BufferedImage) parts[0], (String) parts[1]);
            status.accept("Copied the figure (image, 150 DPI) and its data (CSV text) to the clipboard.");
        }, error -> status.accept("Copy failed: " + error.getMessage()));
    }

    /** Hands {@code text} (a table as CSV; null or empty: nothing to copy yet) to {@code sink} and says so. */
    public void copyText(String what, String text, Consumer<String> sink) {
        if (text == null || text.isEmpty()) {
            status.accept("Nothing to copy yet.");
            return;
        }
        sink.accept(text);
        status.accept("Copied " + what + " (CSV text) to the clipboard.");
    }

    /** The chosen settings for a file (text as outlines only for SVG). */
    private ExportSettings settings(Path target) {
        boolean svg = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        return new ExportSettings(colorMap.get(), dpi.get(), paperStyle.get(), svg && outlineText.get());
    }

    private Path withExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".svg")) {
            return file;
        }
        if (file.getFileName().toString().isBlank()) {
            throw new GapScopeException(file + ": no file name");
        }
        return file.resolveSibling(file.getFileName() + "." + format.get().extension());
    }

    /** PNG or SVG. */
    public ObjectProperty<Format> formatProperty() {
        return format;
    }

    /** One of {@link #PRESETS}. */
    public StringProperty presetProperty() {
        return preset;
    }

    /** The custom size, e.g. {@code 6x4in}. */
    public StringProperty customSizeProperty() {
        return customSize;
    }

    /** PNG resolution. */
    public IntegerProperty dpiProperty() {
        return dpi;
    }

    /** The colour map of matrices in the exported figure. */
    public ObjectProperty<ColorMap> colorMapProperty() {
        return colorMap;
    }

    /** Paper style: no title block in the figure; title, scores and provenance in the file's metadata. */
    public BooleanProperty paperStyleProperty() {
        return paperStyle;
    }

    /** Whether SVG text is written as outlines (ignored for PNG). */
    public BooleanProperty outlineTextProperty() {
        return outlineText;
    }

    /** Whether the data is written as CSV next to the figure. */
    public BooleanProperty csvProperty() {
        return csv;
    }

    /** Whether the data is written as JSON next to the figure. */
    public BooleanProperty jsonProperty() {
        return json;
    }
}
