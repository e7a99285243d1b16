package org.gapscope.cli.figure;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gapscope figure}: draws a figure from hidden-state dumps (or a CSV of points, or an audio
 * file) and writes it as SVG or PNG, optionally with its data as CSV or JSON.
 */
@Command(
        name = "figure",
        mixinStandardHelpOptions = true,
        description = {
            "Draw a publication-ready figure and write it as SVG (text stays text) or PNG.",
            "Sizes: ieee-column (3.5 in), ieee-double (7.16 in), slide (10 x 5.625 in) or WxHin.",
            "--no-title gives the paper style: no title block; title, scores and provenance go into the",
            "file's metadata (SVG <title>/<desc>, PNG text) for the caption."},
        subcommands = {
            HeatmapFigure.class,
            CurvesFigure.class,
            ScatterFigure.class,
            AudioFigure.class,
            CkaFigure.class,
            LensFigure.class,
        })
public final class FigureCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
