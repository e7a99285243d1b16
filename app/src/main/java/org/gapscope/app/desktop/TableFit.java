package org.gapscope.app.desktop;

import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Table columns as wide as their widest text (header or cell) in the font the window uses now, and the
 * table as tall as its rows: nothing is cut to "Mat…" and no column hides behind a scroll bar at the
 * window's default size; the widths follow presentation mode's larger font and the rows as they change.
 */
public final class TableFit {

    private static final double MIN_WIDTH = 120;

    private TableFit() {
    }

    /**
     * Keeps {@code table}'s columns fitted to their text in {@code font} (a property of a node in the same
     * scene, whose CSS font size the table's cells share), and its height fitted to its rows when
     * {@code fitHeight}; the last column takes what room is left.
     */
    public static <R> void fit(TableView<R> table, ReadOnlyObjectProperty<Font> font, boolean fitHeight) {
        InvalidationListener refit = o -> apply(table, font.get(), fitHeight);
        table.getItems().addListener(refit);
        table.itemsProperty().addListener(refit);
        font.addListener(refit);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // a fixed minimum: the skin's own is the columns' current widths, so a table widened once (by the
        // larger font of presentation mode) kept its parent wide and its columns wide after it
        table.setMinWidth(MIN_WIDTH);
        apply(table, font.get(), fitHeight);
    }

    /** The width a column needs for its header and every cell of {@code table}'s rows in {@code font}. */
    public static <R> double width(TableView<R> table, TableColumn<R, ?> column, Font font) {
        Text probe = new Text(column.getText());
        probe.setFont(font);
        // a header label has half an em of padding on either side; a cell a sixth of an em
        double widest = probe.getLayoutBounds().getWidth() + font.getSize() * 1.0;
        for (R row : table.getItems()) {
            Object value = column.getCellData(row);
            if (value != null) {
                probe.setText(value.toString());
                widest = Math.max(widest, probe.getLayoutBounds().getWidth() + font.getSize() * 0.34);
            }
        }
        return Math.ceil(widest + 2); // the column's border and a pixel against rounding
    }

    private static <R> void apply(TableView<R> table, Font font, boolean fitHeight) {
        if (font == null) {
            return;
        }
        for (TableColumn<R, ?> c : table.getColumns()) {
            double w = width(table, c, font);
            c.setMinWidth(w);
            c.setPrefWidth(w);
        }
        if (fitHeight) {
            // rows of a fixed height (about 1.9 em with the cell padding), the header about as high, and
            // half a row's slack for the horizontal bar a very narrow window still needs
            double row = Math.ceil(font.getSize() * 1.9);
            table.setFixedCellSize(row);
            int rows = Math.max(1, table.getItems().size());
            double height = row * (rows + 1.6) + 4;
            table.setPrefHeight(height);
            table.setMinHeight(Math.min(height, row * 4));
            table.setMaxHeight(height);
        }
    }
}
