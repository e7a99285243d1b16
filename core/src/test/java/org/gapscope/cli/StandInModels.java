package org.gapscope.cli;

import picocli.CommandLine;

/** Makes the CLI's commands with evaluate and intervene opening their models through a stand-in factory. */
final class StandInModels {

    private StandInModels() {
    }

    /** A picocli factory whose evaluate and intervene commands open models with {@code models}. */
    static CommandLine.IFactory commands(ModelRunnerFactory models) {
        return new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == EvaluateCommand.class) {
                    return (K) new EvaluateCommand(models);
                }
                if (cls == InterveneCommand.class) {
                    return (K) new InterveneCommand(models);
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }
}
