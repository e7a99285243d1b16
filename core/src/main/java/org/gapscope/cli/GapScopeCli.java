package org.gapscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.PhaseTrace;
import org.gapscope.cli.figure.FigureCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gapscope} command line: one sub-command per task, user errors reported as one line
 * with a non-zero exit status, never a stack trace.
 */
@Command(
        name = "gapscope",
        mixinStandardHelpOptions = true,
        versionProvider = GapScopeCli.Version.class,
        description = "Explore the speech-text modality gap of speech language models.%n"
                + "With no command, ./gapscope opens the explorer window.",
        subcommands = CommandLine.HelpCommand.class)
public final class GapScopeCli implements Callable<Integer> {

    /**
     * The sub-commands, by name, in the order of the help listing. Added when the command line is built
     * (not in the annotation) so that a run of {@code metrics} builds only its own: picocli reflects over
     * every command it is given, a noticeable part of a one-second run.
     */
    static final Map<String, Class<?>> COMMANDS = commands(
            "features", FeaturesCommand.class, "metrics", MetricsCommand.class, "lens", LensCommand.class,
            "figure", FigureCommand.class, "run", RunCommand.class, "bench-capture", BenchCaptureCommand.class,
            "bench-scale", BenchScaleCommand.class, "evaluate", EvaluateCommand.class,
            "analyse", AnalyseCommand.class, "intervene", InterveneCommand.class, "compare", CompareCommand.class);

    private static Map<String, Class<?>> commands(Object... nameThenClass) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            m.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return m;
    }

    /** Exit status for errors the user can fix (bad input, missing file, broken model). */
    public static final int EXIT_USER_ERROR = 2;

    /** Exit status for an unexpected internal failure. */
    public static final int EXIT_INTERNAL_ERROR = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    // read from the raw arguments in main (LibraryLogging), before any library logs; declared here
    // so that every command accepts and documents them
    @CommandLine.Option(names = LibraryLogging.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "also show the libraries' own messages (DJL, PyTorch, ND4J, JavaFX) on standard error")
    private boolean verbose;

    @CommandLine.Option(names = LibraryLogging.LOG_FILE, scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "write the Java libraries' messages (DJL, ND4J, JavaFX) to FILE, afresh each run")
    private Path logFile;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs the CLI with the given arguments and returns the process exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, making commands with {@code factory} (tests). */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        PhaseTrace.mark("command line starts");
        if (args.length > 0 && "metrics".equals(args[0])) {
            ExampleAnalyzer.startEngine(); // loads while picocli parses and the files are opened
        }
        CommandLine commandLine = new CommandLine(new GapScopeCli(), factory);
        boolean metricsOnly = args.length > 0 && "metrics".equals(args[0]);
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (!metricsOnly || c.getKey().equals("metrics")) {
                try {
                    commandLine.addSubcommand(new CommandLine(factory.create(c.getValue()), factory));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the " + c.getKey() + " command", e);
                }
            }
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
            Throwable cause = ex;
            while (cause != null && !(cause instanceof GapScopeException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                cl.getErr().println("gapscope: " + cause.getMessage());
                return EXIT_USER_ERROR;
            }
            cl.getErr().println("gapscope: internal error: " + ex);
            if (Boolean.getBoolean("gapscope.debug")) {
                ex.printStackTrace(cl.getErr());
            }
            return EXIT_INTERNAL_ERROR;
        });
        commandLine.setParameterExceptionHandler((ex, strings) -> {
            CommandLine cl = ex.getCommandLine();
            cl.getErr().println("gapscope: " + ex.getMessage());
            cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USER_ERROR;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Entry point for the command line without the explorer. */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Optional<String> problem = LibraryLogging.configure(args);
        if (problem.isPresent()) {
            System.err.println(problem.get());
            System.exit(EXIT_USER_ERROR);
        }
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(status);
    }

    /** Supplies {@code --version} from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"GapScope " + GapScopeVersion.get()};
        }
    }
}
