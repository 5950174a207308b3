package org.spectralssl.repro;

import java.io.IOException;

/** One reproduced finding of the paper: runs, writes its CSVs and plots, and judges the claim. */
public interface Experiment {
    /** The name on the command line. */
    String name();

    /** The paper's claim in one line, for the summary table (the report states it in full). */
    String shortClaim();

    /** One line: what is measured. */
    String title();

    /** What the quick and the full preset cost, for {@code reproduce list} (measured or estimated: say which). */
    String cost(Preset preset);

    /** Runs in {@code ctx.out()} and returns the judgement and the report's body. */
    Outcome run(Context ctx) throws IOException;

    /**
     * The result of an experiment.
     *
     * @param claim   the paper's claim, with its source
     * @param figure  our figure in one line (numbers)
     * @param verdict agrees, partly or not, decided by {@code rules}
     * @param rules   the rules the verdict follows, stated before the numbers
     * @param body    the report's tables and notes (markdown)
     */
    record Outcome(String claim, String figure, Verdict verdict, String rules, String body) {}
}
