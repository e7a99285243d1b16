package org.gapscope.app.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.controlsfx.control.PropertySheet;
import org.gapscope.analysis.AnalysisSettings;

import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * The analysis settings of METHOD.md that are the user's choice, in a property sheet: whether layer 0
 * (the input embeddings) enters the averages, and whether GapScope's DTW extension is computed.
 * Changing them runs the shown example again.
 */
public final class AnalysisSettingsDialog {

    /** Node id used by tests. */
    public static final String SHEET_ID = "settings-sheet";

    private AnalysisSettingsDialog() {
    }

    /** Shows the dialog; OK applies the settings to {@code run}. */
    public static void show(Window owner, RunViewModel run) {
        AnalysisSettings current = run.settingsProperty().get();
        boolean[] layer0 = {current.includeLayer0()};
        boolean[] dtw = {current.dtwExtension()};
        PropertySheet sheet = new PropertySheet(FXCollections.observableArrayList(List.of(
                item("Averages", "Include layer 0 in the averages",
                        "Layer 0 (the input embeddings) is always shown; METHOD.md leaves it out of APS, S and the other averages by default.",
                        () -> layer0[0], v -> layer0[0] = v),
                item("Extensions", "Compute the DTW path (GapScope extension)",
                        "A monotonic dynamic-time-warping path over the same matrix; not part of the paper's method.",
                        () -> dtw[0], v -> dtw[0] = v))));
        sheet.setId(SHEET_ID);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setPrefSize(520, 200);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Analysis settings");
        dialog.setHeaderText("Settings of the analysis (METHOD.md); the example is analysed again when they change.");
        dialog.getDialogPane().setContent(sheet);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            AnalysisSettings chosen = AnalysisSettings.defaults().withIncludeLayer0(layer0[0]).withDtwExtension(dtw[0]);
            if (!chosen.equals(current)) {
                run.settingsProperty().set(chosen);
            }
        });
    }

    private static PropertySheet.Item item(String category, String name, String description, Supplier<Boolean> get,
            Consumer<Boolean> set) {
        return new PropertySheet.Item() {
            @Override
            public Class<?> getType() {
                return Boolean.class;
            }

            @Override
            public String getCategory() {
                return category;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getDescription() {
                return description;
            }

            @Override
            public Object getValue() {
                return get.get();
            }

            @Override
            public void setValue(Object value) {
                set.accept((Boolean) value);
            }

            @Override
            public Optional<ObservableValue<? extends Object>> getObservableValue() {
                return Optional.empty();
            }
        };
    }
}
