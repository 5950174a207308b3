package org.spectralssl.property;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * A small seeded property runner over JUnit 5 (no jqwik: the project does not use it).
 *
 * <p>{@link #forAll} draws one seed per case from the base seed and the property's name, builds
 * the case from that seed alone, and runs the property on it. The first failure is shrunk: the
 * runner walks {@link Shrinkable#shrinks()} greedily, keeping any simpler case that still fails,
 * until none of the candidates fails. The {@link AssertionError} then names the property, the
 * base seed, the case seed, the original and the smallest failing case, the failure, and the
 * command that reruns it.
 *
 * <p>System properties: {@code -Dprops.seed=N} replaces the base seed; {@code -Dprops.cases=X}
 * multiplies every property's number of cases by X (for example 10 for a long run, 0.1 for a
 * smoke run); {@code -Dprops.case=N} runs the one case with seed N (and shrinks it if it fails).
 */
public final class PropertyRunner {
    /** The fixed base seed of the suite. Changing it changes every generated case. */
    public static final long DEFAULT_SEED = 20240516L;

    private static final int MAX_SHRINK_TRIES = 400;

    private PropertyRunner() {}

    /** A property: returns normally when it holds, throws (usually an AssertionError) when not. */
    @FunctionalInterface
    public interface Property<C> {
        void check(C c) throws Exception;
    }

    /**
     * Where the seeds come from and how many cases to run.
     *
     * @param baseSeed the base seed
     * @param caseMultiplier every property's case count is multiplied by this
     * @param onlyCase when present, run only the case with this seed
     */
    public record Settings(long baseSeed, double caseMultiplier, OptionalLong onlyCase) {
        public static Settings fromSystemProperties() {
            String seed = System.getProperty("props.seed");
            String cases = System.getProperty("props.cases");
            String only = System.getProperty("props.case");
            return new Settings(seed == null || seed.isBlank() ? DEFAULT_SEED : Long.decode(seed.trim()),
                    cases == null || cases.isBlank() ? 1 : Double.parseDouble(cases.trim()),
                    only == null || only.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.decode(only.trim())));
        }

        /** The number of cases to run for a property that asks for {@code base}. */
        int cases(int base) {
            return onlyCase.isPresent() ? 1 : Math.max(1, (int) Math.round(base * caseMultiplier));
        }
    }

    /** What a passing run did: printed as one line, so the suite's output lists every property. */
    public record Summary(String property, String test, int cases, double seconds, long baseSeed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "[props] %s '%s': %d cases passed in %.2f s (base seed %d)", test,
                    property, cases, seconds, baseSeed);
        }
    }

    /** Runs {@code property} over {@code cases} cases built by {@code generator} (seed → case). */
    public static <C extends Shrinkable<C>> Summary forAll(String name, int cases, LongFunction<C> generator,
            Property<? super C> property) {
        return runAll(Settings.fromSystemProperties(), callerTest(), name, cases, generator, property);
    }

    /** As {@link #forAll(String, int, LongFunction, Property)} with explicit settings. */
    public static <C extends Shrinkable<C>> Summary forAll(Settings settings, String name, int cases,
            LongFunction<C> generator, Property<? super C> property) {
        return runAll(settings, callerTest(), name, cases, generator, property);
    }

    private static <C extends Shrinkable<C>> Summary runAll(Settings settings, String test, String name, int cases,
            LongFunction<C> generator, Property<? super C> property) {
        long start = System.nanoTime();
        int n = settings.cases(cases);
        long[] seeds = settings.onlyCase().isPresent() ? new long[] {settings.onlyCase().getAsLong()}
                : caseSeeds(settings.baseSeed(), name, n);
        for (int i = 0; i < seeds.length; i++) {
            C c = generator.apply(seeds[i]);
            Throwable failure = run(property, c);
            if (failure != null) {
                throw shrinkAndReport(settings, test, name, i, seeds.length, seeds[i], c, failure, property);
            }
        }
        Summary s = new Summary(name, test, seeds.length, (System.nanoTime() - start) * 1e-9, settings.baseSeed());
        System.out.println(s);
        return s;
    }

    /** The case seeds of a property: a pure function of the base seed and the property's name. */
    static long[] caseSeeds(long baseSeed, String name, int cases) {
        SplittableRandom master = new SplittableRandom(baseSeed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
        long[] seeds = new long[cases];
        for (int i = 0; i < cases; i++) {
            seeds[i] = master.nextLong();
        }
        return seeds;
    }

    private static <C> Throwable run(Property<? super C> property, C c) {
        try {
            property.check(c);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    /**
     * A property's failure after shrinking. The message is the report; the fields let the harness's
     * own tests inspect what the shrinker found.
     */
    public static final class PropertyFailure extends AssertionError {
        private final transient Object original;
        private final transient Object smallest;

        PropertyFailure(String message, Throwable cause, Object original, Object smallest) {
            super(message, cause);
            this.original = original;
            this.smallest = smallest;
        }

        /** The case first found to fail. */
        public Object original() {
            return original;
        }

        /** The simplest case found that still fails. */
        public Object smallest() {
            return smallest;
        }
    }

    private static <C extends Shrinkable<C>> PropertyFailure shrinkAndReport(Settings settings, String test,
            String name, int index, int total, long seed, C original, Throwable originalFailure,
            Property<? super C> property) {
        C smallest = original;
        Throwable failure = originalFailure;
        int steps = 0;
        int tries = 0;
        boolean progress = true;
        while (progress && tries < MAX_SHRINK_TRIES) {
            progress = false;
            List<C> candidates = smallest.shrinks();
            for (C candidate : candidates) {
                if (++tries > MAX_SHRINK_TRIES) {
                    break;
                }
                Throwable t = run(property, candidate);
                if (t != null) {
                    smallest = candidate;
                    failure = t;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        String rerun = "mvn test -Dtest=" + test + " -Dprops.seed=" + settings.baseSeed();
        StringBuilder m = new StringBuilder();
        m.append("Property '").append(name).append("' failed on case ").append(index + 1).append(" of ").append(total)
                .append(" (base seed ").append(settings.baseSeed()).append(", case seed ").append(seed).append(")\n");
        m.append("  original case: ").append(original.describe()).append('\n');
        m.append("  smallest case: ").append(smallest.describe()).append(" (").append(steps)
                .append(" shrink steps, ").append(Math.min(tries, MAX_SHRINK_TRIES)).append(" tries)\n");
        m.append("  failure: ").append(oneLine(failure)).append('\n');
        if (!oneLine(failure).equals(oneLine(originalFailure))) {
            m.append("  original failure: ").append(oneLine(originalFailure)).append('\n');
        }
        m.append("  rerun: ").append(rerun).append('\n');
        m.append("  rerun this case only: ").append(rerun).append(" -Dprops.case=").append(seed);
        return new PropertyFailure(m.toString(), failure, original, smallest);
    }

    private static String oneLine(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + ": " + (msg == null ? "" : msg.strip().replace("\n", " | "));
    }

    /**
     * Class#method of the test that called forAll, for the rerun command: the nearest caller frame
     * whose method is a JUnit {@code @Test} (so helpers and lambdas in between are skipped).
     */
    private static String callerTest() {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> f.getDeclaringClass() != PropertyRunner.class).toList());
        for (StackWalker.StackFrame f : frames) {
            for (java.lang.reflect.Method m : f.getDeclaringClass().getDeclaredMethods()) {
                if (m.getName().equals(f.getMethodName()) && m.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                    return simpleName(f.getClassName()) + "#" + f.getMethodName();
                }
            }
        }
        return frames.isEmpty() ? "?" : simpleName(frames.get(0).getClassName()) + "#" + frames.get(0).getMethodName();
    }

    private static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return className.substring(dot + 1);
    }
}
