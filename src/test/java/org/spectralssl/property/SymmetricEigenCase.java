package org.spectralssl.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;

/**
 * A symmetric matrix built by construction for the eigensolver's properties: a chosen spectrum
 * (before the scale 10^scaleExp) in a chosen structure.
 *
 * @param seed the case seed (spectrum draws, rotation, off-diagonals)
 * @param n the size
 * @param spectrum the kind of spectrum
 * @param structure dense Q·Λ·Qᵀ (Q Haar), diagonal (Λ permuted) or tridiagonal (Λ on the diagonal,
 *     random off-diagonals, some zero or negligible)
 * @param scaleExp the matrix is multiplied by 10^scaleExp
 */
public record SymmetricEigenCase(long seed, int n, Spectrum spectrum, Structure structure, int scaleExp)
        implements Shrinkable<SymmetricEigenCase> {

    /** Kinds of spectra, simplest first (shrinking moves towards DISTINCT). */
    public enum Spectrum {
        /** Uniform in [−1, 1]. */
        DISTINCT,
        /** All equal (1.5). */
        EQUAL,
        /** A few values, each repeated in a block. */
        BLOCKS,
        /** Groups of values 1e−14 apart. */
        CLUSTERS,
        /** 10^(−300·t) for t evenly in [0, 1]. */
        GRADED,
        /** About half exact zeros, the rest uniform in [0.5, 1]. */
        RANK_DEFICIENT,
        /** All negative, uniform in [−2, −1]. */
        NEGATIVE,
        /** The zero matrix. */
        ZERO
    }

    /** How the spectrum is made into a matrix. */
    public enum Structure {
        DENSE, DIAGONAL, TRIDIAGONAL
    }

    /** A case for a seed: mostly n ≤ 80, one in eight up to 300; n = 1, 2, 3 and sizes around 32 and 64 often. */
    public static SymmetricEigenCase generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n;
        int pick = rnd.nextInt(8);
        if (pick == 0) {
            n = 1 + rnd.nextInt(3);
        } else if (pick == 1) {
            n = (rnd.nextBoolean() ? 32 : 64) + rnd.nextInt(-2, 3);
        } else if (pick == 2) {
            n = 100 + rnd.nextInt(201);
        } else {
            n = 4 + rnd.nextInt(77);
        }
        Spectrum[] kinds = Spectrum.values();
        Spectrum spectrum = kinds[rnd.nextInt(kinds.length)];
        Structure[] structures = Structure.values();
        Structure structure = rnd.nextInt(4) == 0 ? structures[1 + rnd.nextInt(2)] : Structure.DENSE;
        int s = rnd.nextInt(4);
        int scaleExp = s == 0 ? 0 : s == 1 ? 150 : s == 2 ? -150 : rnd.nextInt(-150, 151);
        return new SymmetricEigenCase(seed, n, spectrum, structure, scaleExp);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "n=%d %s spectrum, %s, scale 1e%d; seed %d", n, spectrum, structure, scaleExp,
                seed);
    }

    @Override
    public List<SymmetricEigenCase> shrinks() {
        LinkedHashSet<SymmetricEigenCase> out = new LinkedHashSet<>();
        for (int n2 : new int[] {1, 2, 3, n / 2, n - 1}) {
            if (n2 >= 1 && n2 < n) {
                out.add(new SymmetricEigenCase(seed, n2, spectrum, structure, scaleExp));
            }
        }
        if (scaleExp != 0) {
            out.add(new SymmetricEigenCase(seed, n, spectrum, structure, 0));
        }
        if (structure != Structure.DENSE) {
            out.add(new SymmetricEigenCase(seed, n, spectrum, Structure.DENSE, scaleExp));
        }
        if (spectrum != Spectrum.DISTINCT) {
            out.add(new SymmetricEigenCase(seed, n, Spectrum.DISTINCT, structure, scaleExp));
        }
        out.remove(this);
        return new ArrayList<>(out);
    }

    /** The chosen spectrum before scaling, in the order it is placed (not sorted). */
    public double[] spectrumValues() {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        double[] v = new double[n];
        switch (spectrum) {
            case DISTINCT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextDouble(-1, 1);
                }
            }
            case EQUAL -> Arrays.fill(v, 1.5);
            case BLOCKS -> {
                int blocks = 1 + rnd.nextInt(Math.min(4, n));
                for (int i = 0; i < n; i++) {
                    v[i] = 1 + (int) ((long) i * blocks / n) * 0.75;
                }
            }
            case CLUSTERS -> {
                int groups = 1 + rnd.nextInt(Math.min(5, n));
                for (int i = 0; i < n; i++) {
                    int g = (int) ((long) i * groups / n);
                    v[i] = -1 + g * 0.5 + i * 1e-14;
                }
            }
            case GRADED -> {
                for (int i = 0; i < n; i++) {
                    v[i] = n == 1 ? 1 : Math.pow(10, -300.0 * i / (n - 1));
                }
            }
            case RANK_DEFICIENT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextBoolean() ? 0 : rnd.nextDouble(0.5, 1);
                }
            }
            case NEGATIVE -> {
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextDouble(-2, -1);
                }
            }
            case ZERO -> {
                // all zero
            }
            default -> throw new IllegalStateException();
        }
        return v;
    }

    /** The matrix. */
    public DMatrixRMaj matrix() {
        double[] lambda = spectrumValues();
        double scale = Math.pow(10, scaleExp);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0xA54FF53A5F1D36F1L);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        switch (structure) {
            case DIAGONAL -> {
                int[] perm = RandomMatrices.permutationIndices(n, rnd);
                for (int i = 0; i < n; i++) {
                    a.set(i, i, lambda[perm[i]] * scale);
                }
            }
            case TRIDIAGONAL -> {
                double size = 0;
                for (double x : lambda) {
                    size = Math.max(size, Math.abs(x));
                }
                for (int i = 0; i < n; i++) {
                    a.set(i, i, lambda[i] * scale);
                    if (i + 1 < n) {
                        int kind = rnd.nextInt(5);
                        double e = kind == 0 ? 0 : kind == 1 ? 1e-20 * size * rnd.nextGaussian()
                                : size * rnd.nextGaussian();
                        a.set(i, i + 1, e * scale);
                        a.set(i + 1, i, e * scale);
                    }
                }
            }
            case DENSE -> {
                DMatrixRMaj q = RandomMatrices.orthogonal(n, rnd);
                double[] scaled = new double[n];
                for (int i = 0; i < n; i++) {
                    scaled[i] = lambda[i] * scale;
                }
                a = Mat.symmetrize(Mat.spectralProduct(q, scaled));
            }
            default -> throw new IllegalStateException();
        }
        return a;
    }
}
