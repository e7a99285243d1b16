package org.gapscope.app.export;

import java.awt.image.BufferedImage;
import java.util.List;

import org.gapscope.app.desktop.FileDialogs;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureExporter;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The export dialog: format, size preset, DPI, colour map, paper style, SVG outlines, data files; save or copy. */
public final class ExportDialog {

    /** Node ids used by tests. */
    public static final String FORMAT_ID = "export-format";
    public static final String PRESET_ID = "export-preset";
    public static final String PAPER_ID = "export-paper";

    private static final ButtonType SAVE = new ButtonType("Save…", ButtonBar.ButtonData.OK_DONE);
    private static final ButtonType COPY = new ButtonType("Copy to clipboard", ButtonBar.ButtonData.OTHER);

    private ExportDialog() {
    }

    /** Shows the dialog for {@code source}; the export itself runs in the background. */
    public static void show(Window owner, ExportViewModel viewModel, FigureSource source, FileDialogs dialogs) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Export figure");
        dialog.setHeaderText("Export “" + source.fileStem() + "” (light theme, as for a paper)");

        ComboBox<ExportViewModel.Format> format = new ComboBox<>();
        format.setId(FORMAT_ID);
        format.getItems().setAll(ExportViewModel.Format.values());
        format.valueProperty().bindBidirectional(viewModel.formatProperty());
        ComboBox<String> preset = new ComboBox<>();
        preset.setId(PRESET_ID);
        preset.getItems().setAll(ExportViewModel.PRESETS);
        preset.valueProperty().bindBidirectional(viewModel.presetProperty());
        TextField custom = new TextField();
        custom.textProperty().bindBidirectional(viewModel.customSizeProperty());
        custom.setPromptText("e.g. 6x4in");
        custom.disableProperty().bind(preset.valueProperty().isNotEqualTo("custom"));
        ComboBox<Integer> dpi = new ComboBox<>();
        for (int d : FigureExporter.STANDARD_DPI) {
            dpi.getItems().add(d);
        }
        dpi.setEditable(false);
        dpi.setValue(viewModel.dpiProperty().get());
        dpi.valueProperty().addListener((obs, old, v) -> {
            if (v != null) {
                viewModel.dpiProperty().set(v);
            }
        });
        dpi.disableProperty().bind(format.valueProperty().isEqualTo(ExportViewModel.Format.SVG));
        ComboBox<ColorMap> colors = new ComboBox<>();
        colors.getItems().setAll(ColorMap.values());
        colors.valueProperty().bindBidirectional(viewModel.colorMapProperty());
        CheckBox paper = new CheckBox("paper style: no title block (title, scores, model in the file's metadata)");
        paper.setId(PAPER_ID);
        paper.selectedProperty().bindBidirectional(viewModel.paperStyleProperty());
        CheckBox outlines = new CheckBox("text as outlines (SVG)");
        outlines.selectedProperty().bindBidirectional(viewModel.outlineTextProperty());
        outlines.disableProperty().bind(format.valueProperty().isNotEqualTo(ExportViewModel.Format.SVG));
        CheckBox csv = new CheckBox("data as CSV");
        csv.selectedProperty().bindBidirectional(viewModel.csvProperty());
        CheckBox json = new CheckBox("data as JSON");
        json.selectedProperty().bindBidirectional(viewModel.jsonProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Format"), format);
        grid.addRow(1, new Label("Size"), preset, custom);
        grid.addRow(2, new Label("Resolution (PNG)"), dpi, new Label("DPI"));
        grid.addRow(3, new Label("Colour map"), colors);
        grid.add(new Label("Style"), 0, 4);
        grid.add(paper, 1, 4, 2, 1);
        grid.add(outlines, 1, 5, 2, 1);
        grid.addRow(6, new Label("Data"), csv, json);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, COPY, ButtonType.CANCEL);

        dialog.showAndWait().ifPresent(choice -> {
            if (choice == SAVE) {
                ExportViewModel.Format f = viewModel.formatProperty().get();
                dialogs.saveFile(owner, "Export figure", viewModel.suggestedName(source),
                        List.of(FileDialogs.Filter.of(f.name(), "*." + f.extension())))
                        .ifPresent(file -> viewModel.export(source, file, written -> { }));
            } else if (choice == COPY) {
                viewModel.copy(source, ExportDialog::toClipboard);
            }
        });
    }

    /** Puts text (e.g. a table as CSV) on the system clipboard. */
    public static void textToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Puts an AWT image and CSV text on the system clipboard. */
    public static void toClipboard(BufferedImage image, String csv) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        WritableImage fx = new WritableImage(w, h);
        fx.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        ClipboardContent content = new ClipboardContent();
        content.putImage(fx);
        content.putString(csv);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
