package org.spectralssl.gpu;

/** The floating-point type a kernel computes in, with the constants of its tolerance model. */
public enum DType {
    /** IEEE binary64: unit roundoff u = 2^−53. */
    F64("float64", 0x1p-53, Double.MIN_NORMAL),
    /** IEEE binary32: unit roundoff u = 2^−24. */
    F32("float32", 0x1p-24, Float.MIN_NORMAL);

    private final String id;
    private final double unitRoundoff;
    private final double minNormal;

    DType(String id, double unitRoundoff, double minNormal) {
        this.id = id;
        this.unitRoundoff = unitRoundoff;
        this.minNormal = minNormal;
    }

    public String id() {
        return id;
    }

    /** u: the largest relative error of one correctly rounded operation. */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /** The smallest normal number: OpenCL lets a device flush subnormal results below it to zero. */
    public double minNormal() {
        return minNormal;
    }
}
