package org.gapscope.cli.figure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.figure.ScoreVsGapData;

/** Reads the scatter's points: a CSV with a header naming label, gap, score and optionally group. */
final class PointsCsv {

    private PointsCsv() {
    }

    /** The points of {@code path}; a missing file, a bad header or a malformed line is a one-line error. */
    static List<ScoreVsGapData.Point> read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GapScopeException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            throw new GapScopeException(path + ": empty; expected a header label,gap,score[,group]");
        }
        List<String> header = List.of(lines.get(0).trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        int label = header.indexOf("label");
        int gap = header.indexOf("gap");
        int score = header.indexOf("score");
        int group = header.indexOf("group");
        if (gap < 0 || score < 0) {
            throw new GapScopeException(path + ": the header must name the columns gap and score (and label,"
                    + " group), got '" + lines.get(0) + "'");
        }
        List<ScoreVsGapData.Point> pts = new ArrayList<>();
        for (int k = 1; k < lines.size(); k++) {
            String[] f = lines.get(k).split("\\s*,\\s*", -1);
            try {
                pts.add(new ScoreVsGapData.Point(label >= 0 && label < f.length ? f[label].trim() : "",
                        Double.parseDouble(f[gap].trim()), Double.parseDouble(f[score].trim()),
                        group >= 0 && group < f.length ? f[group].trim() : ""));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new GapScopeException(path + ": line " + (k + 1) + ": expected numbers for gap and score, got '"
                        + lines.get(k) + "'");
            } catch (IllegalArgumentException e) {
                throw new GapScopeException(path + ": line " + (k + 1) + ": " + e.getMessage());
            }
        }
        if (pts.isEmpty()) {
            throw new GapScopeException(path + ": no points after the header");
        }
        return pts;
    }
}
