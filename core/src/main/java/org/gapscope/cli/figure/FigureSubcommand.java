package org.gapscope.cli.figure;

import java.util.concurrent.Callable;

import org.gapscope.figure.FigureRenderer;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A figure sub-command: its output options checked first, then its figure drawn and written. */
abstract class FigureSubcommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FigureOutput output = new FigureOutput();

    @Override
    public final Integer call() {
        FigureOutput.Target target = output.parse();
        target.write(draw(), spec.commandLine());
        return 0;
    }

    /** Reads the inputs and draws the figure (the options' title, when given, replaces the default). */
    abstract FigureRenderer draw();
}
