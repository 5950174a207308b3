package org.spectralssl.cli;

import java.io.PrintWriter;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.linalg.NonFiniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code java -jar target/spectral-ssl.jar COMMAND [OPTIONS]}. */
@Command(name = "spectral-ssl", mixinStandardHelpOptions = true, version = "spectral-ssl 0.1.0",
        description = "Reference implementation of Spectral Transformation and INTL (Weng et al., ICLR 2024).",
        subcommands = {WhitenCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs a command line and returns its exit code: 0 success, 1 a check failed, 2 bad input or usage. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof InvalidInputException || ex instanceof NonFiniteException
                    || ex instanceof java.io.IOException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
