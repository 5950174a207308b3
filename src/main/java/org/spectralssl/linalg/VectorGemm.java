package org.spectralssl.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s contract in {@code jdk.incubator.vector} kernels: a tile of 6 rows × 4 vectors of
 * C stays in registers while p runs over a block of {@link Gemm#KC} (6 broadcasts of A and 4 loads
 * of B per 24 vector updates), then is stored; C is cut into panels of {@link #PANEL} vectors so
 * that the block of B a panel reads stays in the L2 cache while all rows pass over it. When the
 * rectangle has at least {@link #PACK_MIN_ROWS} rows, each block of B is first copied into
 * contiguous strips of 4 vectors (a per-thread buffer allocated once), so that the tile reads B
 * sequentially instead of one row of B every 4 KiB; copying changes no value. Remainders: 6 rows
 * × 1 vector and plain loops for the last columns; tiles of 1–5 rows × 4 vectors for the last rows
 * (four independent sums per row, where a single vector would wait on every fma's latency). All
 * follow the same contract, so every element gets the same bits wherever it falls.
 *
 * <p>Double adds the product then rounds twice ({@code c.add(x.mul(b))}, never fused, as EJML and
 * {@link NaiveGemm}); float uses the fused {@code x.fma(b, c)} (as {@code Math.fma}). Loaded by
 * name from {@link Gemm} only when the module is present.
 */
final class VectorGemm implements Gemm.Impl {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Vectors of C per panel (6 tiles of 4 vectors). */
    static final int PANEL = 24;
    /**
     * Rows of C from which a block of B is first copied into contiguous strips: timed with one
     * thread (n = k = 512, float, 12 to 768 rows, with and without the copy), the copy pays only
     * from about 96 rows and costs much more than it saves below 48.
     */
    static final int PACK_MIN_ROWS = 96;
    /** Per-thread copy of a block of B: {@link Gemm#KC} rows × one panel, allocated once per thread. */
    private static final ThreadLocal<double[]> PACK_DOUBLE =
            ThreadLocal.withInitial(() -> new double[Gemm.KC * PANEL * DoubleVector.SPECIES_PREFERRED.length()]);
    private static final ThreadLocal<float[]> PACK_FLOAT =
            ThreadLocal.withInitial(() -> new float[Gemm.KC * PANEL * FloatVector.SPECIES_PREFERRED.length()]);

    @Override
    public String name() {
        return "vector (jdk.incubator.vector, " + DS.vectorBitSize() + "-bit: " + FS.length() + " floats, "
                + DS.length() + " doubles)";
    }

    @Override
    public void run(double[] a, int aOff, int ars, int acs, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
            int k, int i0, int i1, int j0, int j1, boolean accumulate) {
        final int v = DS.length();
        if (k == 0 && !accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0d);
            }
            return;
        }
        final int panel = PANEL * v;
        final int strip = 4 * v;
        boolean pack = i1 - i0 >= PACK_MIN_ROWS;
        double[] packed = pack ? PACK_DOUBLE.get() : null;
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
            int p1 = Math.min(k, p0 + Gemm.KC);
            boolean load = accumulate || p0 > 0;
            for (int jc = j0; jc < j1; jc += panel) {
                int je = Math.min(j1, jc + panel);
                int strips = (je - jc) / strip;
                if (pack) {
                    // B[p0:p1, jc:jc+strips·strip] as contiguous strips, row by row: the same values, so the same bits.
                    for (int s = 0; s < strips; s++) {
                        int dst = s * Gemm.KC * strip;
                        int src = bOff + jc + s * strip;
                        for (int p = p0; p < p1; p++) {
                            System.arraycopy(b, src + p * ldb, packed, dst + (p - p0) * strip, strip);
                        }
                    }
                }
                int i = i0;
                for (; i + 6 <= i1; i += 6) {
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {
                        if (pack) {
                            tile6x4(a, ai, ars, acs, packed, s * Gemm.KC * strip - p0 * strip, strip, c, ci + j, ldc,
                                    p0, p1, load);
                        } else {
                            tile6x4(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                        }
                    }
                    for (; j + v <= je; j += v) {
                        tile6x1(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                    }
                    for (int r = 0; r < 6; r++) {
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }
                }
                int rem = i1 - i;
                if (rem > 0) {
                    // The last 1…5 rows: tiles of rem rows × 4 vectors (4 independent sums per row,
                    // where one vector at a time would wait on each fma's latency).
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {
                        double[] bb = pack ? packed : b;
                        int bj = pack ? s * Gemm.KC * strip - p0 * strip : bOff + j;
                        int bl = pack ? strip : ldb;
                        switch (rem) {
                            case 1 -> tile1x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 2 -> tile2x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 3 -> tile3x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 4 -> tile4x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 5 -> tile5x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            default -> throw new IllegalStateException("rows left: " + rem);
                        }
                    }
                    for (; j + v <= je; j += v) {
                        for (int r = 0; r < rem; r++) {
                            tile1x1(a, ai + r * ars, ars, acs, b, bOff + j, ldb, c, ci + r * ldc + j, ldc, p0, p1, load);
                        }
                    }
                    for (int r = 0; r < rem; r++) {
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }
                }
            }
        }
    }

    private static void tile6x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c11 = DoubleVector.fromArray(DS, c, cij + ldc + v);
            c12 = DoubleVector.fromArray(DS, c, cij + ldc + 2 * v);
            c13 = DoubleVector.fromArray(DS, c, cij + ldc + 3 * v);
            c20 = DoubleVector.fromArray(DS, c, cij + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + v);
            c22 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 2 * v);
            c23 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 3 * v);
            c30 = DoubleVector.fromArray(DS, c, cij + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + v);
            c32 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 2 * v);
            c33 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 3 * v);
            c40 = DoubleVector.fromArray(DS, c, cij + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + v);
            c42 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + 2 * v);
            c43 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + 3 * v);
            c50 = DoubleVector.fromArray(DS, c, cij + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cij + 5 * ldc + v);
            c52 = DoubleVector.fromArray(DS, c, cij + 5 * ldc + 2 * v);
            c53 = DoubleVector.fromArray(DS, c, cij + 5 * ldc + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
            c40 = c00;
            c41 = c00;
            c42 = c00;
            c43 = c00;
            c50 = c00;
            c51 = c00;
            c52 = c00;
            c53 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            c23 = c23.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 3 * ars]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            c32 = c32.add(x.mul(b2));
            c33 = c33.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 4 * ars]);
            c40 = c40.add(x.mul(b0));
            c41 = c41.add(x.mul(b1));
            c42 = c42.add(x.mul(b2));
            c43 = c43.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 5 * ars]);
            c50 = c50.add(x.mul(b0));
            c51 = c51.add(x.mul(b1));
            c52 = c52.add(x.mul(b2));
            c53 = c53.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
        c40.intoArray(c, cij + 4 * ldc);
        c41.intoArray(c, cij + 4 * ldc + v);
        c42.intoArray(c, cij + 4 * ldc + 2 * v);
        c43.intoArray(c, cij + 4 * ldc + 3 * v);
        c50.intoArray(c, cij + 5 * ldc);
        c51.intoArray(c, cij + 5 * ldc + v);
        c52.intoArray(c, cij + 5 * ldc + 2 * v);
        c53.intoArray(c, cij + 5 * ldc + 3 * v);
    }

    private static void tile1x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
    }

    private static void tile2x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c11 = DoubleVector.fromArray(DS, c, cij + ldc + v);
            c12 = DoubleVector.fromArray(DS, c, cij + ldc + 2 * v);
            c13 = DoubleVector.fromArray(DS, c, cij + ldc + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
    }

    private static void tile3x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c11 = DoubleVector.fromArray(DS, c, cij + ldc + v);
            c12 = DoubleVector.fromArray(DS, c, cij + ldc + 2 * v);
            c13 = DoubleVector.fromArray(DS, c, cij + ldc + 3 * v);
            c20 = DoubleVector.fromArray(DS, c, cij + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + v);
            c22 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 2 * v);
            c23 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            c23 = c23.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
    }

    private static void tile4x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c11 = DoubleVector.fromArray(DS, c, cij + ldc + v);
            c12 = DoubleVector.fromArray(DS, c, cij + ldc + 2 * v);
            c13 = DoubleVector.fromArray(DS, c, cij + ldc + 3 * v);
            c20 = DoubleVector.fromArray(DS, c, cij + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + v);
            c22 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 2 * v);
            c23 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 3 * v);
            c30 = DoubleVector.fromArray(DS, c, cij + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + v);
            c32 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 2 * v);
            c33 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            c23 = c23.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 3 * ars]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            c32 = c32.add(x.mul(b2));
            c33 = c33.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
    }

    private static void tile5x4(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c01 = DoubleVector.fromArray(DS, c, cij + v);
            c02 = DoubleVector.fromArray(DS, c, cij + 2 * v);
            c03 = DoubleVector.fromArray(DS, c, cij + 3 * v);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c11 = DoubleVector.fromArray(DS, c, cij + ldc + v);
            c12 = DoubleVector.fromArray(DS, c, cij + ldc + 2 * v);
            c13 = DoubleVector.fromArray(DS, c, cij + ldc + 3 * v);
            c20 = DoubleVector.fromArray(DS, c, cij + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + v);
            c22 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 2 * v);
            c23 = DoubleVector.fromArray(DS, c, cij + 2 * ldc + 3 * v);
            c30 = DoubleVector.fromArray(DS, c, cij + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + v);
            c32 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 2 * v);
            c33 = DoubleVector.fromArray(DS, c, cij + 3 * ldc + 3 * v);
            c40 = DoubleVector.fromArray(DS, c, cij + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + v);
            c42 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + 2 * v);
            c43 = DoubleVector.fromArray(DS, c, cij + 4 * ldc + 3 * v);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
            c40 = c00;
            c41 = c00;
            c42 = c00;
            c43 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + v);
            DoubleVector b2 = DoubleVector.fromArray(DS, b, bp + 2 * v);
            DoubleVector b3 = DoubleVector.fromArray(DS, b, bp + 3 * v);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            c23 = c23.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 3 * ars]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            c32 = c32.add(x.mul(b2));
            c33 = c33.add(x.mul(b3));
            x = DoubleVector.broadcast(DS, a[ap + 4 * ars]);
            c40 = c40.add(x.mul(b0));
            c41 = c41.add(x.mul(b1));
            c42 = c42.add(x.mul(b2));
            c43 = c43.add(x.mul(b3));
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
        c40.intoArray(c, cij + 4 * ldc);
        c41.intoArray(c, cij + 4 * ldc + v);
        c42.intoArray(c, cij + 4 * ldc + 2 * v);
        c43.intoArray(c, cij + 4 * ldc + 3 * v);
    }

    private static void tile6x1(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00, c10, c20, c30, c40, c50;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
            c10 = DoubleVector.fromArray(DS, c, cij + ldc);
            c20 = DoubleVector.fromArray(DS, c, cij + 2 * ldc);
            c30 = DoubleVector.fromArray(DS, c, cij + 3 * ldc);
            c40 = DoubleVector.fromArray(DS, c, cij + 4 * ldc);
            c50 = DoubleVector.fromArray(DS, c, cij + 5 * ldc);
        } else {
            c00 = DoubleVector.zero(DS);
            c10 = c00;
            c20 = c00;
            c30 = c00;
            c40 = c00;
            c50 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
            x = DoubleVector.broadcast(DS, a[ap + ars]);
            c10 = c10.add(x.mul(b0));
            x = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
            c20 = c20.add(x.mul(b0));
            x = DoubleVector.broadcast(DS, a[ap + 3 * ars]);
            c30 = c30.add(x.mul(b0));
            x = DoubleVector.broadcast(DS, a[ap + 4 * ars]);
            c40 = c40.add(x.mul(b0));
            x = DoubleVector.broadcast(DS, a[ap + 5 * ars]);
            c50 = c50.add(x.mul(b0));
        }
        c00.intoArray(c, cij);
        c10.intoArray(c, cij + ldc);
        c20.intoArray(c, cij + 2 * ldc);
        c30.intoArray(c, cij + 3 * ldc);
        c40.intoArray(c, cij + 4 * ldc);
        c50.intoArray(c, cij + 5 * ldc);
    }

    private static void tile1x1(double[] a, int ai, int ars, int acs, double[] b, int bj, int ldb, double[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = DS.length();
        DoubleVector c00;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cij);
        } else {
            c00 = DoubleVector.zero(DS);
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
            int ap = ai + p * acs;
            DoubleVector x = DoubleVector.broadcast(DS, a[ap]);
            c00 = c00.add(x.mul(b0));
        }
        c00.intoArray(c, cij);
    }

    /** Columns [j, je) of one row, in plain loops under the same contract. */
    private static void plain(double[] a, int ai, int acs, double[] b, int bOff, int ldb, double[] c, int ci, int j, int je,
            int p0, int p1, boolean load) {
        for (int jj = j; jj < je; jj++) {
            double s = load ? c[ci + jj] : 0d;
            for (int p = p0; p < p1; p++) {
                s = s + a[ai + p * acs] * b[bOff + p * ldb + jj];
            }
            c[ci + jj] = s;
        }
    }

    @Override
    public void run(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int k, int i0, int i1, int j0, int j1, boolean accumulate) {
        final int v = FS.length();
        if (k == 0 && !accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
            }
            return;
        }
        final int panel = PANEL * v;
        final int strip = 4 * v;
        boolean pack = i1 - i0 >= PACK_MIN_ROWS;
        float[] packed = pack ? PACK_FLOAT.get() : null;
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
            int p1 = Math.min(k, p0 + Gemm.KC);
            boolean load = accumulate || p0 > 0;
            for (int jc = j0; jc < j1; jc += panel) {
                int je = Math.min(j1, jc + panel);
                int strips = (je - jc) / strip;
                if (pack) {
                    // B[p0:p1, jc:jc+strips·strip] as contiguous strips, row by row: the same values, so the same bits.
                    for (int s = 0; s < strips; s++) {
                        int dst = s * Gemm.KC * strip;
                        int src = bOff + jc + s * strip;
                        for (int p = p0; p < p1; p++) {
                            System.arraycopy(b, src + p * ldb, packed, dst + (p - p0) * strip, strip);
                        }
                    }
                }
                int i = i0;
                for (; i + 6 <= i1; i += 6) {
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {
                        if (pack) {
                            tile6x4(a, ai, ars, acs, packed, s * Gemm.KC * strip - p0 * strip, strip, c, ci + j, ldc,
                                    p0, p1, load);
                        } else {
                            tile6x4(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                        }
                    }
                    for (; j + v <= je; j += v) {
                        tile6x1(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                    }
                    for (int r = 0; r < 6; r++) {
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }
                }
                int rem = i1 - i;
                if (rem > 0) {
                    // The last 1…5 rows: tiles of rem rows × 4 vectors (4 independent sums per row,
                    // where one vector at a time would wait on each fma's latency).
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {
                        float[] bb = pack ? packed : b;
                        int bj = pack ? s * Gemm.KC * strip - p0 * strip : bOff + j;
                        int bl = pack ? strip : ldb;
                        switch (rem) {
                            case 1 -> tile1x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 2 -> tile2x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 3 -> tile3x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 4 -> tile4x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 5 -> tile5x4(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            default -> throw new IllegalStateException("rows left: " + rem);
                        }
                    }
                    for (; j + v <= je; j += v) {
                        for (int r = 0; r < rem; r++) {
                            tile1x1(a, ai + r * ars, ars, acs, b, bOff + j, ldb, c, ci + r * ldc + j, ldc, p0, p1, load);
                        }
                    }
                    for (int r = 0; r < rem; r++) {
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }
                }
            }
        }
    }

    private static void tile6x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c11 = FloatVector.fromArray(FS, c, cij + ldc + v);
            c12 = FloatVector.fromArray(FS, c, cij + ldc + 2 * v);
            c13 = FloatVector.fromArray(FS, c, cij + ldc + 3 * v);
            c20 = FloatVector.fromArray(FS, c, cij + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cij + 2 * ldc + v);
            c22 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 2 * v);
            c23 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 3 * v);
            c30 = FloatVector.fromArray(FS, c, cij + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, cij + 3 * ldc + v);
            c32 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 2 * v);
            c33 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 3 * v);
            c40 = FloatVector.fromArray(FS, c, cij + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, cij + 4 * ldc + v);
            c42 = FloatVector.fromArray(FS, c, cij + 4 * ldc + 2 * v);
            c43 = FloatVector.fromArray(FS, c, cij + 4 * ldc + 3 * v);
            c50 = FloatVector.fromArray(FS, c, cij + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, cij + 5 * ldc + v);
            c52 = FloatVector.fromArray(FS, c, cij + 5 * ldc + 2 * v);
            c53 = FloatVector.fromArray(FS, c, cij + 5 * ldc + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
            c40 = c00;
            c41 = c00;
            c42 = c00;
            c43 = c00;
            c50 = c00;
            c51 = c00;
            c52 = c00;
            c53 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(FS, a[ap + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(FS, a[ap + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
        c40.intoArray(c, cij + 4 * ldc);
        c41.intoArray(c, cij + 4 * ldc + v);
        c42.intoArray(c, cij + 4 * ldc + 2 * v);
        c43.intoArray(c, cij + 4 * ldc + 3 * v);
        c50.intoArray(c, cij + 5 * ldc);
        c51.intoArray(c, cij + 5 * ldc + v);
        c52.intoArray(c, cij + 5 * ldc + 2 * v);
        c53.intoArray(c, cij + 5 * ldc + 3 * v);
    }

    private static void tile1x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
    }

    private static void tile2x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c11 = FloatVector.fromArray(FS, c, cij + ldc + v);
            c12 = FloatVector.fromArray(FS, c, cij + ldc + 2 * v);
            c13 = FloatVector.fromArray(FS, c, cij + ldc + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
    }

    private static void tile3x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c11 = FloatVector.fromArray(FS, c, cij + ldc + v);
            c12 = FloatVector.fromArray(FS, c, cij + ldc + 2 * v);
            c13 = FloatVector.fromArray(FS, c, cij + ldc + 3 * v);
            c20 = FloatVector.fromArray(FS, c, cij + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cij + 2 * ldc + v);
            c22 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 2 * v);
            c23 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
    }

    private static void tile4x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c11 = FloatVector.fromArray(FS, c, cij + ldc + v);
            c12 = FloatVector.fromArray(FS, c, cij + ldc + 2 * v);
            c13 = FloatVector.fromArray(FS, c, cij + ldc + 3 * v);
            c20 = FloatVector.fromArray(FS, c, cij + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cij + 2 * ldc + v);
            c22 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 2 * v);
            c23 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 3 * v);
            c30 = FloatVector.fromArray(FS, c, cij + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, cij + 3 * ldc + v);
            c32 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 2 * v);
            c33 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
    }

    private static void tile5x4(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c01 = FloatVector.fromArray(FS, c, cij + v);
            c02 = FloatVector.fromArray(FS, c, cij + 2 * v);
            c03 = FloatVector.fromArray(FS, c, cij + 3 * v);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c11 = FloatVector.fromArray(FS, c, cij + ldc + v);
            c12 = FloatVector.fromArray(FS, c, cij + ldc + 2 * v);
            c13 = FloatVector.fromArray(FS, c, cij + ldc + 3 * v);
            c20 = FloatVector.fromArray(FS, c, cij + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cij + 2 * ldc + v);
            c22 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 2 * v);
            c23 = FloatVector.fromArray(FS, c, cij + 2 * ldc + 3 * v);
            c30 = FloatVector.fromArray(FS, c, cij + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, cij + 3 * ldc + v);
            c32 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 2 * v);
            c33 = FloatVector.fromArray(FS, c, cij + 3 * ldc + 3 * v);
            c40 = FloatVector.fromArray(FS, c, cij + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, cij + 4 * ldc + v);
            c42 = FloatVector.fromArray(FS, c, cij + 4 * ldc + 2 * v);
            c43 = FloatVector.fromArray(FS, c, cij + 4 * ldc + 3 * v);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
            c40 = c00;
            c41 = c00;
            c42 = c00;
            c43 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + v);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * v);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * v);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(FS, a[ap + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + v);
        c02.intoArray(c, cij + 2 * v);
        c03.intoArray(c, cij + 3 * v);
        c10.intoArray(c, cij + ldc);
        c11.intoArray(c, cij + ldc + v);
        c12.intoArray(c, cij + ldc + 2 * v);
        c13.intoArray(c, cij + ldc + 3 * v);
        c20.intoArray(c, cij + 2 * ldc);
        c21.intoArray(c, cij + 2 * ldc + v);
        c22.intoArray(c, cij + 2 * ldc + 2 * v);
        c23.intoArray(c, cij + 2 * ldc + 3 * v);
        c30.intoArray(c, cij + 3 * ldc);
        c31.intoArray(c, cij + 3 * ldc + v);
        c32.intoArray(c, cij + 3 * ldc + 2 * v);
        c33.intoArray(c, cij + 3 * ldc + 3 * v);
        c40.intoArray(c, cij + 4 * ldc);
        c41.intoArray(c, cij + 4 * ldc + v);
        c42.intoArray(c, cij + 4 * ldc + 2 * v);
        c43.intoArray(c, cij + 4 * ldc + 3 * v);
    }

    private static void tile6x1(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00, c10, c20, c30, c40, c50;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
            c10 = FloatVector.fromArray(FS, c, cij + ldc);
            c20 = FloatVector.fromArray(FS, c, cij + 2 * ldc);
            c30 = FloatVector.fromArray(FS, c, cij + 3 * ldc);
            c40 = FloatVector.fromArray(FS, c, cij + 4 * ldc);
            c50 = FloatVector.fromArray(FS, c, cij + 5 * ldc);
        } else {
            c00 = FloatVector.zero(FS);
            c10 = c00;
            c20 = c00;
            c30 = c00;
            c40 = c00;
            c50 = c00;
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(FS, a[ap + 4 * ars]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(FS, a[ap + 5 * ars]);
            c50 = x.fma(b0, c50);
        }
        c00.intoArray(c, cij);
        c10.intoArray(c, cij + ldc);
        c20.intoArray(c, cij + 2 * ldc);
        c30.intoArray(c, cij + 3 * ldc);
        c40.intoArray(c, cij + 4 * ldc);
        c50.intoArray(c, cij + 5 * ldc);
    }

    private static void tile1x1(float[] a, int ai, int ars, int acs, float[] b, int bj, int ldb, float[] c, int cij,
            int ldc, int p0, int p1, boolean load) {
        final int v = FS.length();
        FloatVector c00;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cij);
        } else {
            c00 = FloatVector.zero(FS);
        }
        for (int p = p0; p < p1; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            int ap = ai + p * acs;
            FloatVector x = FloatVector.broadcast(FS, a[ap]);
            c00 = x.fma(b0, c00);
        }
        c00.intoArray(c, cij);
    }

    /** Columns [j, je) of one row, in plain loops under the same contract. */
    private static void plain(float[] a, int ai, int acs, float[] b, int bOff, int ldb, float[] c, int ci, int j, int je,
            int p0, int p1, boolean load) {
        for (int jj = j; jj < je; jj++) {
            float s = load ? c[ci + jj] : 0f;
            for (int p = p0; p < p1; p++) {
                s = Math.fma(a[ai + p * acs], b[bOff + p * ldb + jj], s);
            }
            c[ci + jj] = s;
        }
    }
}
