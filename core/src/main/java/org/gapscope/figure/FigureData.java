package org.gapscope.figure;

/**
 * The immutable data of one figure, exportable next to it as CSV (tidy, one observation per row)
 * or JSON (everything, including titles and scores).
 */
public interface FigureData {

    /** A short name for the kind of figure, e.g. {@code heatmap}; also the JSON {@code kind} field. */
    String kind();

    /** The figure's title as given with the data, possibly empty. */
    String title();

    /** The data as CSV with a header row (RFC 4180 quoting, '.' decimals, UTF-8 text). */
    String toCsv();

    /** The data as a JSON object with a {@code kind} field. */
    String toJson();
}
