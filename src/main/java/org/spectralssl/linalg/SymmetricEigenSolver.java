package org.spectralssl.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * The symmetric eigensolver behind {@link Mat#eigSymmetric}, the method of LAPACK's dsyevd in three
 * parts, each timed apart by {@link #phaseSeconds}:
 * <ol>
 *   <li>Householder tridiagonalisation A = Q·T·Qᵀ ({@link Tridiagonalization}: unblocked, with the
 *       rank-2 update fused with the next matrix-vector product, on vector kernels);</li>
 *   <li>T = Z·Λ·Zᵀ by Cuppen's divide and conquer with Gu–Eisenstat's eigenvectors
 *       ({@link TridiagonalEigen}; merges on {@link Gemm});</li>
 *   <li>back-transformation U = Q·Z with the reflectors in compact-WY blocks on {@link Gemm}.</li>
 * </ol>
 * Every part runs in a fixed order of operations (Gemm's contract and the kernels' fixed lanes),
 * so the result is the same for any number of threads and with or without the vector module.
 * Design and measurements: spec/EIGEN.md.
 *
 * <p>Which solver {@link Mat#eigSymmetric(DMatrixRMaj)} runs ({@link Method}) is chosen by the system
 * property {@code spectralssl.eig}, read once when this class is loaded:
 * <ul>
 *   <li>unset (or "auto"): {@link Method#AUTO}, this solver above {@value #SMALL} rows and EJML's
 *       symmetric QR algorithm ({@code DecompositionFactory_DDRM.eig}) up to {@value #SMALL}, where
 *       it costs well under a millisecond and where this solver would anyway hand the whole
 *       tridiagonal to EJML's QR iteration (its leaf); this keeps the golden vectors bit for bit
 *       (spec/EIGEN.md);</li>
 *   <li>"dc": {@link Method#DIVIDE_AND_CONQUER} at every size;</li>
 *   <li>"ejml": {@link Method#EJML} at every size, the reference twin.</li>
 * </ul>
 */
public final class SymmetricEigenSolver {
    /** The system property that selects the solver: "auto" (default), "dc" or "ejml". */
    public static final String PROPERTY = "spectralssl.eig";
    /** Up to this size {@link Method#AUTO} runs EJML's solver. */
    public static final int SMALL = TridiagonalEigen.LEAF;

    /** The eigensolvers {@link Mat#eigSymmetric(DMatrixRMaj, Method)} can run. */
    public enum Method {
        /** EJML's solver up to {@value SymmetricEigenSolver#SMALL} rows, divide and conquer above. */
        AUTO,
        /** This class's solver at every size. */
        DIVIDE_AND_CONQUER,
        /** EJML's symmetric QR algorithm at every size. */
        EJML
    }

    private static final Method SELECTED = parse(System.getProperty(PROPERTY));

    private SymmetricEigenSolver() {}

    private static Method parse(String p) {
        String v = p == null ? "" : p.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "ejml" -> Method.EJML;
            case "dc" -> Method.DIVIDE_AND_CONQUER;
            default -> Method.AUTO;
        };
    }

    /** The method selected by {@code -Dspectralssl.eig} (AUTO when unset). */
    public static Method selected() {
        return SELECTED;
    }

    /** True when {@code method} runs EJML's solver on an n×n matrix. */
    public static boolean usesEjml(Method method, int n) {
        return method == Method.EJML || (method == Method.AUTO && n <= SMALL);
    }

    /** Which solver {@link Mat#eigSymmetric(DMatrixRMaj)} runs, for benchmark reports. */
    public static String name() {
        String ejml = "EJML symmetric QR (DecompositionFactory_DDRM.eig)";
        String dc = "divide and conquer (Householder tridiagonalisation, kernel " + TridiagonalKernel.get().name()
                + "; Cuppen/Gu-Eisenstat, leaves of " + TridiagonalEigen.LEAF
                + " by EJML's tridiagonal QR; compact-WY back-transformation)";
        return switch (SELECTED) {
            case EJML -> ejml + " at every size (-Dspectralssl.eig=ejml)";
            case DIVIDE_AND_CONQUER -> dc + " at every size (-Dspectralssl.eig=dc)";
            default -> dc + " above n = " + SMALL + ", " + ejml + " up to n = " + SMALL;
        };
    }

    /** Eigenvalues ascending and eigenvectors as the columns of a row-major n×n array. */
    record Raw(double[] values, double[] vectors) {}

    /**
     * Decomposes the symmetric n×n matrix {@code sym} (both triangles are read and must agree).
     * Not modified: sym.
     *
     * @throws IllegalStateException if an iteration does not converge (non-finite entries)
     */
    static Raw decompose(DMatrixRMaj sym) {
        return decompose(sym, null);
    }

    private static Raw decompose(DMatrixRMaj sym, long[] nanos) {
        int n = sym.numRows;
        double[] a = sym.data.clone();
        for (double x : a) {
            if (!Double.isFinite(x)) {
                throw new IllegalStateException("symmetric eigendecomposition did not converge (n = " + n
                        + "): the matrix has a non-finite entry");
            }
        }
        long t0 = System.nanoTime();
        Tridiagonalization tri = Tridiagonalization.reduce(a, n);
        long t1 = System.nanoTime();
        TridiagonalEigen.Result te = TridiagonalEigen.solve(tri.diag, tri.off, n);
        long t2 = System.nanoTime();
        double[] z = te.vectors();
        tri.applyQ(z, n);
        long t3 = System.nanoTime();
        if (nanos != null) {
            nanos[0] = t1 - t0;
            nanos[1] = t2 - t1;
            nanos[2] = t3 - t2;
        }
        return new Raw(te.values(), z);
    }

    /**
     * Seconds of the three parts (tridiagonalisation, divide and conquer, back-transformation) of
     * one decomposition of the symmetric matrix {@code sym}, for the benchmark. Not modified: sym.
     */
    public static double[] phaseSeconds(DMatrixRMaj sym) {
        long[] nanos = new long[3];
        decompose(sym, nanos);
        return new double[] {nanos[0] * 1e-9, nanos[1] * 1e-9, nanos[2] * 1e-9};
    }
}
