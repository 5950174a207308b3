package org.spectralssl.nn;

import java.util.Arrays;
import org.spectralssl.linalg.InvalidInputException;

/**
 * A batch: m rows, each a sample of shape {@link #sampleShape()} (for example {o} for features
 * or {C, H, W} for images), stored row-major in one float[] or double[] of m·{@link #cols()}
 * values, by {@link Precision}. Tensors are mutable buffers; who may modify one is said where it
 * is passed.
 */
public final class Tensor {
    private final Precision precision;
    private final int rows;
    private final int[] sampleShape;
    private final int cols;
    private final float[] f;
    private final double[] d;

    private Tensor(Precision precision, int rows, int[] sampleShape, float[] f, double[] d) {
        if (rows < 0) {
            throw new InvalidInputException("a tensor needs rows >= 0, got " + rows);
        }
        long c = 1;
        for (int s : sampleShape) {
            if (s < 1) {
                throw new InvalidInputException("sample shape " + Arrays.toString(sampleShape) + " must be positive");
            }
            c *= s;
        }
        if (c * rows > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("tensor of " + rows + " × " + Arrays.toString(sampleShape) + " is too large");
        }
        this.precision = precision;
        this.rows = rows;
        this.sampleShape = sampleShape.clone();
        this.cols = (int) c;
        int len = f != null ? f.length : d.length;
        if (len != rows * cols) {
            throw new InvalidInputException("data has " + len + " values but " + rows + " × " + Arrays.toString(sampleShape)
                    + " needs " + rows * cols);
        }
        this.f = f;
        this.d = d;
    }

    /** A zero tensor of m rows of the given sample shape. */
    public static Tensor zeros(Precision precision, int rows, int... sampleShape) {
        int c = 1;
        for (int s : sampleShape) {
            c *= Math.max(s, 0);
        }
        return precision == Precision.FLOAT32
                ? new Tensor(precision, rows, sampleShape, new float[rows * c], null)
                : new Tensor(precision, rows, sampleShape, null, new double[rows * c]);
    }

    /** A float tensor over {@code data} (not copied). */
    public static Tensor of(float[] data, int rows, int... sampleShape) {
        return new Tensor(Precision.FLOAT32, rows, sampleShape, data, null);
    }

    /** A double tensor over {@code data} (not copied). */
    public static Tensor of(double[] data, int rows, int... sampleShape) {
        return new Tensor(Precision.FLOAT64, rows, sampleShape, null, data);
    }

    /** A zero tensor with this one's precision and shape. */
    public Tensor zerosLike() {
        return zeros(precision, rows, sampleShape);
    }

    public Precision precision() {
        return precision;
    }

    /** m. */
    public int rows() {
        return rows;
    }

    /** Values per row: the product of the sample shape. */
    public int cols() {
        return cols;
    }

    /** The shape of one sample (a copy). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Number of values, rows·cols. */
    public int size() {
        return rows * cols;
    }

    /** The float storage (shared), or null for FLOAT64. */
    public float[] floats() {
        return f;
    }

    /** The double storage (shared), or null for FLOAT32. */
    public double[] doubles() {
        return d;
    }

    /** Value {@code k} of the storage, as a double. */
    public double get(int k) {
        return f != null ? f[k] : d[k];
    }

    /** Row r, column c. */
    public double get(int r, int c) {
        return get(r * cols + c);
    }

    /** Sets value {@code k} (rounded to float in FLOAT32). */
    public void set(int k, double v) {
        if (f != null) {
            f[k] = (float) v;
        } else {
            d[k] = v;
        }
    }

    /** Adds {@code v} to value {@code k}. */
    public void add(int k, double v) {
        if (f != null) {
            f[k] += (float) v;
        } else {
            d[k] += v;
        }
    }

    /** The same storage seen with another sample shape of equal size (the storage is shared). */
    public Tensor reshape(int... newSampleShape) {
        return new Tensor(precision, rows, newSampleShape, f, d);
    }

    /** A copy in {@code p} (values rounded when going to FLOAT32). */
    public Tensor to(Precision p) {
        Tensor t = zeros(p, rows, sampleShape);
        for (int k = 0; k < size(); k++) {
            t.set(k, get(k));
        }
        return t;
    }

    /** A copy in the same precision. */
    public Tensor copy() {
        return f != null ? new Tensor(precision, rows, sampleShape, f.clone(), null)
                : new Tensor(precision, rows, sampleShape, null, d.clone());
    }

    /** All values as doubles (a copy). */
    public double[] toDoubles() {
        double[] out = new double[size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = get(k);
        }
        return out;
    }

    /** Sets every value to 0. */
    public void fillZero() {
        if (f != null) {
            Arrays.fill(f, 0f);
        } else {
            Arrays.fill(d, 0d);
        }
    }

    /** "[m, C, H, W]"-style shape for messages. */
    public String shapeString() {
        StringBuilder b = new StringBuilder("[").append(rows);
        for (int s : sampleShape) {
            b.append(", ").append(s);
        }
        return b.append("]").toString();
    }

    /** Fails unless {@code t} has this precision and sample shape; {@code who} names the caller. */
    static void requireSample(String who, Tensor t, Precision p, int... shape) {
        if (t.precision != p) {
            throw new InvalidInputException(who + ": input is " + t.precision + " but the layer is " + p);
        }
        if (!Arrays.equals(t.sampleShape, shape)) {
            throw new InvalidInputException(who + ": input has shape " + t.shapeString() + " but [m, "
                    + Arrays.toString(shape).replace("[", "").replace("]", "") + "] is required");
        }
    }

    /** Fails unless {@code dy} has exactly the shape and precision of {@code y}. */
    static void requireSameShape(String who, Tensor dy, Tensor y) {
        if (dy.precision != y.precision || dy.rows != y.rows || !Arrays.equals(dy.sampleShape, y.sampleShape)) {
            throw new InvalidInputException(who + ": output gradient has shape " + dy.shapeString() + " (" + dy.precision
                    + ") but the output has " + y.shapeString() + " (" + y.precision + ")");
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + " " + precision;
    }
}
