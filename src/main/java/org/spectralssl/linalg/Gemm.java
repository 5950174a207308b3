package org.spectralssl.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The general matrix product of the whole project, C (+)= op(A)·B on row-major arrays at given
 * offsets, in float and double, on up to {@link #threads()} threads.
 *
 * <p>Operands: element (i, p) of A is {@code a[aOff + i·aRowStride + p·aColStride]} (so A and Aᵀ
 * are the same call with the strides swapped), element (p, j) of B is {@code b[bOff + p·ldb + j]},
 * element (i, j) of C is {@code c[cOff + i·ldc + j]}; C is m×n, the inner size is k.
 *
 * <p>The contract, which makes every implementation agree bit for bit: each element of C starts
 * at 0 (or at its old value when accumulating) and receives the k terms in the order p = 0, 1, …,
 * k−1; in double each term is added as {@code c = c + a·b} (two roundings, exactly EJML's
 * products, which add in the same order), in float as {@code c = fma(a, b, c)} (one rounding).
 * So the result does not depend on the number of threads, on the blocking or on which
 * implementation ran. The implementations:
 * <ul>
 *   <li>{@code VectorGemm}: register-blocked {@code jdk.incubator.vector} kernels (6 rows × 4
 *       vectors of C held in registers, k in blocks of {@value #KC}), used when the JVM was
 *       started with {@code --add-modules jdk.incubator.vector};</li>
 *   <li>{@link ScalarGemm}: the same blocking in plain loops, the fallback without the module;</li>
 *   <li>{@link NaiveGemm}: the triple loop, the reference twin of both (parity test
 *       {@code linalg/GemmParityTest}).</li>
 * </ul>
 *
 * <p>Threads: the product is cut into as many pieces as threads (along the larger of m and n)
 * when it has at least {@value #PARALLEL_MIN_FLOPS} multiply-adds; each piece is a set of whole
 * elements of C, so the split cannot change a bit. The default is the number of processors;
 * {@code -Dspectralssl.threads=N} or {@link #setThreads(int)} changes it.
 *
 * <p>Non-finite values propagate by IEEE arithmetic; nothing is checked here. Nothing is
 * allocated per call except the task objects of a parallel call.
 */
public final class Gemm {
    private Gemm() {}

    /** Rows of B (the inner size) per block; C is stored and reloaded between blocks, which changes no bit. */
    static final int KC = 256;
    /** Multiply-adds below which a product runs on the calling thread. */
    static final long PARALLEL_MIN_FLOPS = 1L << 18;

    /**
     * The Vector API checks every vector load and store against the array's bounds unless this JDK
     * property says otherwise; it costs about 15 % of the float kernel's speed here
     * (verification/bench/README.md). {@link #gemm} checks the whole extent of A, B and C once per
     * call instead, and the kernels' own index arithmetic is tested with the per-access checks on
     * (surefire sets the property to 2). Set before the Vector API is loaded, and only when the
     * user has not set it.
     */
    static final String OOB_CHECK_PROPERTY = "jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK";

    private static final boolean PER_ACCESS_CHECKS = perAccessChecks();
    private static final Impl IMPL = chooseImpl();

    private static boolean perAccessChecks() {
        String p = System.getProperty(OOB_CHECK_PROPERTY);
        if (p == null) {
            System.setProperty(OOB_CHECK_PROPERTY, "0");
            return false;
        }
        return !p.trim().equals("0");
    }
    private static volatile int threads = defaultThreads();
    private static volatile ForkJoinPool pool;

    /** One implementation of the contract, on a rectangle [i0, i1) × [j0, j1) of C. */
    interface Impl {
        String name();

        void run(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                int k, int i0, int i1, int j0, int j1, boolean accumulate);

        void run(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                int k, int i0, int i1, int j0, int j1, boolean accumulate);
    }

    private static Impl chooseImpl() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule && !"scalar".equals(System.getProperty("spectralssl.kernel"))) {
            try {
                return (Impl) Class.forName("org.spectralssl.linalg.VectorGemm").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return ScalarGemm.INSTANCE;
            }
        }
        return ScalarGemm.INSTANCE;
    }

    private static int defaultThreads() {
        String p = System.getProperty("spectralssl.threads");
        if (p != null) {
            try {
                int t = Integer.parseInt(p.trim());
                if (t >= 1) {
                    return t;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Which implementation runs: "vector (jdk.incubator.vector, N-bit)" or "scalar (…)" with the
     * reason, for benchmark reports.
     */
    public static String kernel() {
        return IMPL.name() + (IMPL != ScalarGemm.INSTANCE
                ? (PER_ACCESS_CHECKS ? ", bounds checked per access" : ", bounds checked once per call") : "");
    }

    /** True when the {@code jdk.incubator.vector} kernels run. */
    public static boolean vectorised() {
        return IMPL != ScalarGemm.INSTANCE;
    }

    /** The implementation in use and the scalar fallback (the same object when the module is absent), for tests. */
    static List<Impl> implementations() {
        return IMPL == ScalarGemm.INSTANCE ? List.of(IMPL) : List.of(IMPL, ScalarGemm.INSTANCE);
    }

    /** Threads a large product uses. */
    public static int threads() {
        return threads;
    }

    /** Sets the threads of large products (≥ 1); the results do not depend on it. */
    public static synchronized void setThreads(int t) {
        if (t < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + t);
        }
        if (t != threads) {
            threads = t;
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static synchronized ForkJoinPool pool() {
        if (pool == null) {
            pool = new ForkJoinPool(threads, p -> {
                var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setDaemon(true);
                w.setName("gemm-" + w.getPoolIndex());
                return w;
            }, null, false);
        }
        return pool;
    }

    /** C (+)= op(A)·B in double; see the class comment for the operands. Modified: c. */
    public static void gemm(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb, double[] c,
            int cOff, int ldc, int m, int k, int n, boolean accumulate) {
        checkExtents(a.length, aOff, ars, acs, b.length, bOff, ldb, c.length, cOff, ldc, m, k, n);
        if (m == 0 || n == 0) {
            return;
        }
        int t = threads;
        if (t == 1 || (long) m * n * k < PARALLEL_MIN_FLOPS) {
            IMPL.run(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, k, 0, m, 0, n, accumulate);
            return;
        }
        forEachPiece(m, n, t, (i0, i1, j0, j1) ->
                IMPL.run(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, k, i0, i1, j0, j1, accumulate));
    }

    /** C (+)= op(A)·B in float; see the class comment for the operands. Modified: c. */
    public static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int m, int k, int n, boolean accumulate) {
        checkExtents(a.length, aOff, ars, acs, b.length, bOff, ldb, c.length, cOff, ldc, m, k, n);
        if (m == 0 || n == 0) {
            return;
        }
        int t = threads;
        if (t == 1 || (long) m * n * k < PARALLEL_MIN_FLOPS) {
            IMPL.run(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, k, 0, m, 0, n, accumulate);
            return;
        }
        forEachPiece(m, n, t, (i0, i1, j0, j1) ->
                IMPL.run(a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, k, i0, i1, j0, j1, accumulate));
    }

    /**
     * Every index a product touches lies in its array: the largest index of A, B and C is computed
     * from the sizes and strides (in long, so that it cannot wrap), strides and offsets are
     * non-negative. Throws IndexOutOfBoundsException otherwise.
     */
    static void checkExtents(int aLen, int aOff, int ars, int acs, int bLen, int bOff, int ldb, int cLen, int cOff,
            int ldc, int m, int k, int n) {
        if (m < 0 || k < 0 || n < 0 || aOff < 0 || bOff < 0 || cOff < 0 || ars < 0 || acs < 0 || ldb < 0 || ldc < 0) {
            throw new IndexOutOfBoundsException("gemm: negative size, offset or stride (m=" + m + ", k=" + k + ", n=" + n
                    + ")");
        }
        if (m > 0 && n > 0) {
            if (n > ldc && m > 1) {
                throw new IndexOutOfBoundsException("gemm: rows of C overlap (n=" + n + " > ldc=" + ldc + ")");
            }
            long cMax = cOff + (long) (m - 1) * ldc + n - 1;
            if (cMax >= cLen) {
                throw new IndexOutOfBoundsException("gemm: C needs index " + cMax + ", length " + cLen);
            }
            if (k > 0) {
                long aMax = aOff + (long) (m - 1) * ars + (long) (k - 1) * acs;
                long bMax = bOff + (long) (k - 1) * ldb + n - 1;
                if (aMax >= aLen) {
                    throw new IndexOutOfBoundsException("gemm: A needs index " + aMax + ", length " + aLen);
                }
                if (bMax >= bLen) {
                    throw new IndexOutOfBoundsException("gemm: B needs index " + bMax + ", length " + bLen);
                }
            }
        }
    }

    /**
     * Runs the tasks to completion on the pool's threads: forked and joined inside the pool, handed
     * over as one task from any other thread, which waits. (Letting the outside caller run one of
     * the tasks and hand the rest to a pool of threads − 1 gained 2 % on the train step but
     * serialised the nested products of {@link #parallelFor}'s bodies: an outside thread's join does
     * not run a task that no worker has started, so INTL float32 went from 0.046 s to 0.075 s;
     * verification/bench/README.md, run G.)
     */
    private static void runAll(List<? extends ForkJoinTask<?>> tasks) {
        ForkJoinPool fj = pool();
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == fj) {
            ForkJoinTask.invokeAll(tasks);
            return;
        }
        fj.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    interface Piece {
        void run(int i0, int i1, int j0, int j1);
    }

    /** Cuts C into t pieces along its larger side (rows in multiples of 12, columns of 64, whole tiles) and runs them. */
    private static void forEachPiece(int m, int n, int t, Piece piece) {
        List<int[]> pieces = new ArrayList<>(t);
        if (m >= n) {
            int step = Math.max(12, ((m + t - 1) / t + 11) / 12 * 12);
            for (int i = 0; i < m; i += step) {
                pieces.add(new int[] {i, Math.min(m, i + step), 0, n});
            }
        } else {
            int step = Math.max(64, ((n + t - 1) / t + 63) / 64 * 64);
            for (int j = 0; j < n; j += step) {
                pieces.add(new int[] {0, m, j, Math.min(n, j + step)});
            }
        }
        if (pieces.size() == 1) {
            int[] p = pieces.get(0);
            piece.run(p[0], p[1], p[2], p[3]);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>(pieces.size());
        for (int[] p : pieces) {
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    piece.run(p[0], p[1], p[2], p[3]);
                }
            });
        }
        runAll(tasks);
    }

    /**
     * Runs {@code body.accept(i)} for i = 0 … count−1 on the product threads (each index once, in
     * any order and concurrently; products inside the bodies share the same threads). For
     * independent pieces of work, such as the views of a loss: the result cannot depend on the
     * number of threads as long as the bodies do not share what they write. When bodies throw,
     * the exception of the lowest index is rethrown (the others are added as suppressed), so
     * errors are reported the same way whatever the threads.
     */
    public static void parallelFor(int count, java.util.function.IntConsumer body) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || threads == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Throwable[] failures = new Throwable[count];
        List<RecursiveAction> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    try {
                        body.accept(index);
                    } catch (RuntimeException | Error e) {
                        failures[index] = e;
                    }
                }
            });
        }
        runAll(tasks);
        Throwable first = null;
        for (Throwable t : failures) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else {
                first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    // ---- Conveniences on whole row-major matrices ------------------------------------------------

    /** C = A·B, A m×k, B k×n, C m×n, all whole row-major arrays. Modified: c. */
    public static void mult(double[] a, double[] b, double[] c, int m, int k, int n) {
        gemm(a, 0, k, 1, b, 0, n, c, 0, n, m, k, n, false);
    }

    /** C = Aᵀ·B, A k×m, B k×n, C m×n. Modified: c. */
    public static void multTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        gemm(a, 0, 1, m, b, 0, n, c, 0, n, m, k, n, false);
    }

    /**
     * C = A·Bᵀ, A m×k, B n×k, C m×n: Bᵀ is copied into {@code scratch} (k·n values at least, or
     * null to allocate) and the product runs on it, which adds in the same order. Modified: c,
     * scratch.
     */
    public static void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, double[] scratch) {
        double[] bt = scratch != null && scratch.length >= k * n ? scratch : new double[k * n];
        transpose(b, n, k, bt);
        gemm(a, 0, k, 1, bt, 0, n, c, 0, n, m, k, n, false);
    }

    /** The float twin of {@link #mult(double[], double[], double[], int, int, int)}. */
    public static void mult(float[] a, float[] b, float[] c, int m, int k, int n) {
        gemm(a, 0, k, 1, b, 0, n, c, 0, n, m, k, n, false);
    }

    /**
     * Side of the square tiles of the transposes ({@link #transpose}, {@code nn/Kernels.transpose},
     * {@code loss/IntlLossF32}), which walk each tile column by column: the writes run along a
     * row of the output and the reads touch {@value} lines of the input. With 32 and the other
     * loop order, a 512×512 float transpose took 0.57 ms instead of 0.14 ms here: the 32 output
     * lines of a tile lie 2 KiB apart and share two sets of the 12-way L1, so they evict each
     * other ({@code java verification/bench/TransposeTiles.java}; verification/bench/README.md,
     * "The train step").
     */
    public static final int TRANSPOSE_TILE = 16;

    /** out (cols×rows) = transpose of a (rows×cols), in {@link #TRANSPOSE_TILE} tiles. Modified: out. */
    public static void transpose(double[] a, int rows, int cols, double[] out) {
        final int tile = TRANSPOSE_TILE;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            int r1 = Math.min(rows, r0 + tile);
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int c1 = Math.min(cols, c0 + tile);
                for (int cc = c0; cc < c1; cc++) {
                    for (int r = r0; r < r1; r++) {
                        out[cc * rows + r] = a[r * cols + cc];
                    }
                }
            }
        }
    }
}
