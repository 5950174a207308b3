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
 * <p>EJML's symmetric QR algorithm ({@code DecompositionFactory_DDRM.eig}) is kept as the reference
 * twin: {@code -Dspectralssl.eig=ejml} makes {@link Mat#eigSymmetric} use it instead (read once,
 * when this class is loaded).
 */
public final class SymmetricEigenSolver {
    /** The system property that selects the solver: "ejml" for EJML's, anything else for this one. */
    public static final String PROPERTY = "spectralssl.eig";
    private static final boolean EJML = "ejml".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());

    private SymmetricEigenSolver() {}

    /** True when {@code -Dspectralssl.eig=ejml} selected EJML's solver. */
    public static boolean ejmlSelected() {
        return EJML;
    }

    /** Which solver {@link Mat#eigSymmetric} runs, for benchmark reports. */
    public static String name() {
        return EJML ? "EJML symmetric QR (DecompositionFactory_DDRM.eig; -Dspectralssl.eig=ejml)"
                : "divide and conquer (Householder tridiagonalisation, kernel "
                        + TridiagonalKernel.get().name() + "; Cuppen/Gu-Eisenstat, leaves of "
                        + TridiagonalEigen.LEAF + " by QL; compact-WY back-transformation)";
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
