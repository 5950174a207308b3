package org.spectralssl.oracle;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.spectralssl.linalg.InvalidInputException;

/**
 * A foreign implementation started as a subprocess ({@code /bin/sh -c COMMAND}) that speaks the
 * JSON-lines protocol of FORMAT.md §6: one case per line on its standard input, one answer per
 * line on its standard output. Its standard error goes to ours.
 */
public final class ProcessAdapter implements Adapter {
    private static final String EOF = "\u0000EOF";
    private final String command;
    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    private final long timeoutMillis;
    private boolean dead;

    /**
     * Starts the command.
     *
     * @param command a shell command line
     * @param timeoutSeconds how long one answer may take
     */
    public ProcessAdapter(String command, double timeoutSeconds) throws IOException {
        this.command = command;
        this.timeoutMillis = (long) (timeoutSeconds * 1000);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot start '" + command + "': " + e.getMessage());
        }
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.put(line);
                }
            } catch (IOException | InterruptedException e) {
                // the process ended or we were closed: EOF below
            }
            lines.offer(EOF);
        }, "adapter-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public Map<?, ?> ask(Map<String, Object> caseJson) throws AdapterException {
        if (dead) {
            throw new AdapterException("the adapter is no longer running");
        }
        try {
            in.write(Json.write(caseJson));
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            dead = true;
            throw new AdapterException("cannot write to the adapter (it exited?): " + e.getMessage());
        }
        String line;
        try {
            line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdapterException("interrupted");
        }
        if (line == null) {
            dead = true;
            process.destroyForcibly();
            throw new AdapterException("no answer within " + timeoutMillis / 1000.0 + " s; the adapter was stopped");
        }
        if (line.equals(EOF)) {
            dead = true;
            throw new AdapterException("the adapter closed its output (exited" + exitText() + ")");
        }
        Object json;
        try {
            json = Json.parse(line);
        } catch (InvalidInputException e) {
            throw new AdapterException("the answer is not JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> m)) {
            throw new AdapterException("the answer is not a JSON object");
        }
        Object id = caseJson.get("id");
        if (m.containsKey("id") && !m.get("id").equals(id)) {
            throw new AdapterException("the answer's id " + Json.write(m.get("id")) + " is not the case's "
                    + Json.write(id));
        }
        return m;
    }

    private String exitText() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    @Override
    public String describe() {
        return "'" + command + "'";
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
