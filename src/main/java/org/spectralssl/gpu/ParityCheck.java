package org.spectralssl.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parity suite: every {@link GpuKernel} on an OpenCL device against its CPU twin, on seeded
 * inputs, element by element within {@link ParityTolerance}. The shapes cover single elements,
 * sizes that are not multiples of the work-group tile (so the padding guard is exercised), all
 * three GEMM layouts, and inputs whose magnitudes span 2^±20 (so the per-element bound, not a
 * global one, is what is tested). Used by the tests, by {@code spectral-ssl device} and by
 * verification/gpu.
 */
public final class ParityCheck {
    private ParityCheck() {}

    /** One kernel on one shape: what was compared and how it came out. */
    public record Case(GpuKernel kernel, String shape, ParityTolerance.Comparison comparison) {
        public boolean passes() {
            return comparison.passes();
        }

        public String line() {
            return String.format(java.util.Locale.ROOT, "%-9s %-24s %s  %s", kernel, shape, passes() ? "PASS" : "FAIL",
                    comparison.summary());
        }
    }

    /** GEMM shapes {m, n, k}. */
    static final int[][] GEMM_SHAPES = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 64, 64}, {65, 2, 130}};

    /** Runs every kernel's cases, in the order of {@link GpuKernel}. Seed fixed per kernel. */
    public static List<Case> run(OpenClDevice device) {
        List<Case> all = new ArrayList<>();
        for (GpuKernel k : GpuKernel.values()) {
            all.addAll(run(device, k));
        }
        return all;
    }

    /** Runs one kernel's cases. */
    public static List<Case> run(OpenClDevice device, GpuKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(0x5eed0000L + kernel.ordinal());
        List<Case> cases = new ArrayList<>();
        switch (kernel) {
            case GEMM_F64 -> {
                for (int[] s : GEMM_SHAPES) {
                    for (Layout l : Layout.values()) {
                        for (boolean wide : new boolean[] {false, true}) {
                            cases.add(gemmF64(device, s[0], s[1], s[2], l, wide, rnd));
                        }
                    }
                }
            }
            case GEMM_F32 -> {
                for (int[] s : GEMM_SHAPES) {
                    for (Layout l : Layout.values()) {
                        for (boolean wide : new boolean[] {false, true}) {
                            cases.add(gemmF32(device, s[0], s[1], s[2], l, wide, rnd));
                        }
                    }
                }
            }
            case GRAM_F64 -> {
                for (int[] s : new int[][] {{1, 1}, {5, 3}, {17, 40}, {64, 100}, {33, 1}}) {
                    for (boolean wide : new boolean[] {false, true}) {
                        cases.add(gram(device, s[0], s[1], wide, rnd));
                    }
                }
            }
            case AXPBY_F64 -> {
                for (int len : new int[] {1, 63, 64, 1000}) {
                    for (boolean wide : new boolean[] {false, true}) {
                        cases.add(axpby(device, len, wide, rnd));
                    }
                }
            }
            case PROBE_F64 -> cases.add(probe(device));
            default -> throw new IllegalStateException("no parity cases for " + kernel);
        }
        return cases;
    }

    /** Which operands are transposed: A·B, Aᵀ·B, A·Bᵀ. */
    enum Layout {
        NN, TN, NT;

        /** Strides {aRow, aCol, bRow, bCol} for C m×n = op(A)·op(B) with inner dimension k. */
        int[] strides(int m, int n, int k) {
            return switch (this) {
                case NN -> new int[] {k, 1, n, 1};
                case TN -> new int[] {1, m, n, 1};
                case NT -> new int[] {k, 1, 1, k};
            };
        }
    }

    private static double value(SplittableRandom rnd, boolean wide) {
        double v = rnd.nextDouble(-1, 1);
        return wide ? Math.scalb(v, rnd.nextInt(-20, 21)) : v;
    }

    private static Case gemmF64(OpenClDevice dev, int m, int n, int k, Layout l, boolean wide, SplittableRandom rnd) {
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = value(rnd, wide);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = value(rnd, wide);
        }
        int[] s = l.strides(m, n, k);
        double[] got = new double[m * n];
        double[] want = new double[m * n];
        dev.gemm(a, s[0], s[1], b, s[2], s[3], got, m, n, k);
        CpuTwins.gemm(a, s[0], s[1], b, s[2], s[3], want, m, n, k);
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    abs += Math.abs(a[i * s[0] + p * s[1]] * b[p * s[2] + j * s[3]]);
                }
                bound[i * n + j] = ParityTolerance.dot(abs, k, DType.F64);
            }
        }
        return new Case(GpuKernel.GEMM_F64, l + " " + m + "x" + n + "x" + k + (wide ? " 2^±20" : ""),
                ParityTolerance.compare(got, want, bound, m * n));
    }

    private static Case gemmF32(OpenClDevice dev, int m, int n, int k, Layout l, boolean wide, SplittableRandom rnd) {
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) value(rnd, wide);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) value(rnd, wide);
        }
        int[] s = l.strides(m, n, k);
        float[] got = new float[m * n];
        float[] want = new float[m * n];
        dev.gemm(a, s[0], s[1], b, s[2], s[3], got, m, n, k);
        CpuTwins.gemm(a, s[0], s[1], b, s[2], s[3], want, m, n, k);
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    abs += Math.abs((double) a[i * s[0] + p * s[1]] * b[p * s[2] + j * s[3]]);
                }
                bound[i * n + j] = ParityTolerance.dot(abs, k, DType.F32);
            }
        }
        return new Case(GpuKernel.GEMM_F32, l + " " + m + "x" + n + "x" + k + (wide ? " 2^±20" : ""),
                ParityTolerance.compare(toDouble(got), toDouble(want), bound, m * n));
    }

    private static Case gram(OpenClDevice dev, int n, int k, boolean wide, SplittableRandom rnd) {
        double[] x = new double[n * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = value(rnd, wide);
        }
        double[] got = new double[n * n];
        double[] want = new double[n * n];
        dev.gram(x, got, n, k);
        CpuTwins.gram(x, want, n, k);
        double[] bound = new double[n * n];
        int asymmetric = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    abs += Math.abs(x[i * k + p] * x[j * k + p]);
                }
                bound[i * n + j] = ParityTolerance.dot(abs, k, DType.F64);
                if (Double.compare(got[i * n + j], got[j * n + i]) != 0) {
                    asymmetric++;
                }
            }
        }
        ParityTolerance.Comparison c = ParityTolerance.compare(got, want, bound, n * n);
        if (asymmetric > 0) {
            // The kernel promises exact symmetry; an asymmetric result fails whatever its distance.
            c = new ParityTolerance.Comparison(c.elements(), c.differing(), c.maxAbsError(), -1,
                    Double.POSITIVE_INFINITY);
        }
        return new Case(GpuKernel.GRAM_F64, n + "x" + k + (wide ? " 2^±20" : "") + (asymmetric > 0 ? " ASYMMETRIC"
                : ""), c);
    }

    private static Case axpby(OpenClDevice dev, int len, boolean wide, SplittableRandom rnd) {
        double[] a = new double[len];
        double[] b = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = value(rnd, wide);
            b[i] = value(rnd, wide);
        }
        double alpha = 1.5;
        double beta = -0.5;
        double[] got = new double[len];
        double[] want = new double[len];
        dev.axpby(alpha, a, beta, b, got, len);
        CpuTwins.axpby(alpha, a, beta, b, want, len);
        double[] bound = new double[len];
        for (int i = 0; i < len; i++) {
            bound[i] = ParityTolerance.axpby(alpha, a[i], beta, b[i], DType.F64);
        }
        return new Case(GpuKernel.AXPBY_F64, "len " + len + (wide ? " 2^±20" : ""),
                ParityTolerance.compare(got, want, bound, len));
    }

    private static Case probe(OpenClDevice dev) {
        double[] x = {1, 1, 0x1p30, -3};
        double[] y = {0x1p-40, -0x1p-40, 1, 0x1p-45};
        double[] got = new double[4];
        double[] want = new double[4];
        dev.probe(x, y, got, 4);
        CpuTwins.probe(x, y, want, 4);
        return new Case(GpuKernel.PROBE_F64, "4 exact cases", ParityTolerance.compare(got, want, new double[4], 4));
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
