package org.gapscope.app.model;

import java.util.Locale;

import org.gapscope.engine.ModelCard;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The model card: name, layers, hidden size, device and dtype of the loaded model, and an open button. */
public final class ModelCardView extends VBox {

    /** Node ids used by tests. */
    public static final String NAME_ID = "model-name";
    public static final String DETAILS_ID = "model-details";
    public static final String OPEN_ID = "model-open";
    public static final String MESSAGE_ID = "model-message";

    /** Builds the card bound to {@code viewModel}; {@code onOpen} asks for a bundle folder. */
    public ModelCardView(ModelViewModel viewModel, Runnable onOpen) {
        setSpacing(4);
        setPadding(new Insets(6, 6, 2, 6));
        getStyleClass().add("model-card");

        Label heading = new Label("Model");
        heading.setStyle("-fx-font-weight: bold;");
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(viewModel.openingProperty());
        Button open = new Button("Open…");
        open.setId(OPEN_ID);
        open.setTooltip(new Tooltip("Open a model bundle folder (bundle.json, tokenizer.json, TorchScript parts)"));
        open.setOnAction(e -> onOpen.run());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox top = new HBox(6, heading, busy, spring, open);
        top.setAlignment(Pos.CENTER_LEFT);

        Label name = new Label();
        name.setId(NAME_ID);
        name.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelCard c = viewModel.cardProperty().get();
            return c == null ? "none" : c.name();
        }, viewModel.cardProperty()));
        name.setStyle("-fx-font-size: 1.1em;");

        GridPane details = new GridPane();
        details.setId(DETAILS_ID);
        details.setHgap(8);
        details.setVgap(1);
        String[] keys = {"layers", "hidden size", "device", "dtype"};
        for (int k = 0; k < keys.length; k++) {
            int index = k;
            Label key = new Label(keys[k]);
            key.getStyleClass().add("card-key");
            key.setStyle("-fx-opacity: 0.7;");
            Label value = new Label();
            value.textProperty().bind(Bindings.createStringBinding(() -> value(viewModel.cardProperty().get(), index),
                    viewModel.cardProperty()));
            details.addRow(k, key, value);
        }
        details.visibleProperty().bind(viewModel.cardProperty().isNotNull());
        details.managedProperty().bind(details.visibleProperty());
        Tooltip folder = new Tooltip();
        folder.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelCard c = viewModel.cardProperty().get();
            return c == null ? "" : c.folder() + "\nfamily: " + c.family();
        }, viewModel.cardProperty()));
        Tooltip.install(name, folder);

        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.textProperty().bind(viewModel.messageProperty());
        message.setWrapText(true);
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        getChildren().setAll(top, name, details, message);
    }

    private static String value(ModelCard c, int index) {
        if (c == null) {
            return "";
        }
        return switch (index) {
            case 0 -> Integer.toString(c.layers());
            case 1 -> Integer.toString(c.hiddenSize());
            case 2 -> c.device();
            default -> c.computeType().equals(c.storedType()) ? c.computeType()
                    : String.format(Locale.ROOT, "%s (stored %s)", c.computeType(), c.storedType());
        };
    }
}
