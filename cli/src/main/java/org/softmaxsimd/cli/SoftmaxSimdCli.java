package org.softmaxsimd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code softmax-simd}: train, evaluate and predict softmax regression on data in the MNIST IDX layout.
 * Every failure (bad arguments, a missing or corrupt file) is one line on standard error and a non-zero exit
 * status: 2 for usage errors, 1 for the rest; never a stack trace.
 */
@Command(name = "softmax-simd", mixinStandardHelpOptions = true, versionProvider = SoftmaxSimdCli.Version.class,
        description = "Softmax regression on the Java Vector API: train, evaluate, predict.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class})
public final class SoftmaxSimdCli implements Runnable {

    /** Exit status of a usage error. */
    static final int USAGE_ERROR = 2;
    /** Exit status of a failure while running (I/O, bad data). */
    static final int FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The version of the build, from the jar's manifest ("development build" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SoftmaxSimdCli.class.getPackage().getImplementationVersion();
            return new String[] {"softmax-simd " + (version == null ? "(development build)" : version)};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, evaluate or predict");
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with these streams; returns the exit status (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SoftmaxSimdCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            err.println(command.getCommandName() + ": " + e.getMessage() + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            err.println(command.getCommandName() + ": error: " + describe(e));
            err.flush();
            return FAILURE;
        });
        return cli.execute(args);
    }

    /** One line that says what went wrong, for the exceptions a user can cause. */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile()
                    + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return String.valueOf(e.getMessage());
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
