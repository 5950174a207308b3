package org.spectralssl.repro;

/** Whether our measurement agrees with the paper's claim, decided by rules stated in each report. */
public enum Verdict {
    AGREES("agrees"),
    PARTLY("partly agrees"),
    DISAGREES("does not agree");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** The verdict as written in reports: "agrees", "partly agrees", "does not agree". */
    public String words() {
        return words;
    }

    /** AGREES when every check holds, DISAGREES when none does, PARTLY otherwise. */
    public static Verdict of(int held, int total) {
        if (total > 0 && held == total) {
            return AGREES;
        }
        return held == 0 ? DISAGREES : PARTLY;
    }
}
