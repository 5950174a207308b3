package org.spectralssl.cli;

import java.io.PrintWriter;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code java -jar target/spectral-ssl.jar COMMAND [OPTIONS]}. */
@Command(name = "spectral-ssl", mixinStandardHelpOptions = true, version = "spectral-ssl 0.1.0",
        description = "Reference implementation of Spectral Transformation and INTL (Weng et al., ICLR 2024).",
        subcommands = {WhitenCommand.class, AccuracyCommand.class, OracleCommand.class, TrainCommand.class,
            EvalCommand.class, SpectrumCommand.class, DeviceCommand.class, SoakCommand.class,
            ReproduceCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs a command line and returns its exit code: 0 success, 1 a check failed, 2 bad input or
     * usage, 3 an internal error.
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing to the given streams (for tests). */
    public static int execute(PrintWriter out, PrintWriter errOut, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(errOut);
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.footer());
        // A usage error (unknown flag, bad value, missing option) is one line and a pointer to
        // --help, not the whole usage text.
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage().lines().findFirst().orElse("")
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof InvalidInputException || ex instanceof NonFiniteException
                    || ex instanceof java.io.IOException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            // A bug, not bad input: still one line, never a stack trace (set SPECTRAL_SSL_DEBUG=1 to see it).
            if (System.getenv("SPECTRAL_SSL_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("internal error: " + ex.getClass().getSimpleName() + ": "
                    + String.valueOf(ex.getMessage()).lines().findFirst().orElse("")
                    + " (please report it with the input; SPECTRAL_SSL_DEBUG=1 shows the stack trace)");
            return 3;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
