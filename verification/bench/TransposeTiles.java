// Times the row-major transpose of rows×cols arrays with square tiles of 8…64 walked in either
// order, float and double: the measurement behind Gemm.TRANSPOSE_TILE (verification/bench/README.md).
// Run: java verification/bench/TransposeTiles.java        (no dependencies; best of 400 per cell, ms)
public class TransposeTiles {
    interface Transpose {
        void run(int r0, int r1, int c0, int c1);
    }

    static double best(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 400; rep++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    static void tiled(int rows, int cols, int t, boolean columnFirst, Transpose copy) {
        for (int r0 = 0; r0 < rows; r0 += t) {
            for (int c0 = 0; c0 < cols; c0 += t) {
                copy.run(r0, Math.min(rows, r0 + t), c0, Math.min(cols, c0 + t));
            }
        }
    }

    public static void main(String[] args) {
        int[][] shapes = {{512, 512}, {784, 512}, {512, 128}, {256, 512}};
        for (String type : new String[] {"float", "double"}) {
            for (int[] s : shapes) {
                int rows = s[0];
                int cols = s[1];
                float[] af = new float[rows * cols];
                float[] of = new float[rows * cols];
                double[] ad = new double[rows * cols];
                double[] od = new double[rows * cols];
                for (int i = 0; i < af.length; i++) {
                    af[i] = i;
                    ad[i] = i;
                }
                StringBuilder line = new StringBuilder(String.format("%-6s %4dx%-4d", type, rows, cols));
                for (boolean columnFirst : new boolean[] {false, true}) {
                    for (int t : new int[] {8, 16, 32, 64}) {
                        Transpose copy;
                        if (type.equals("float")) {
                            copy = columnFirst
                                    ? (r0, r1, c0, c1) -> { for (int c = c0; c < c1; c++) { for (int r = r0; r < r1; r++) { of[c * rows + r] = af[r * cols + c]; } } }
                                    : (r0, r1, c0, c1) -> { for (int r = r0; r < r1; r++) { for (int c = c0; c < c1; c++) { of[c * rows + r] = af[r * cols + c]; } } };
                        } else {
                            copy = columnFirst
                                    ? (r0, r1, c0, c1) -> { for (int c = c0; c < c1; c++) { for (int r = r0; r < r1; r++) { od[c * rows + r] = ad[r * cols + c]; } } }
                                    : (r0, r1, c0, c1) -> { for (int r = r0; r < r1; r++) { for (int c = c0; c < c1; c++) { od[c * rows + r] = ad[r * cols + c]; } } };
                        }
                        int tile = t;
                        double ms = best(() -> tiled(rows, cols, tile, columnFirst, copy));
                        line.append(String.format("  %s%d=%.3f", columnFirst ? "col" : "row", t, ms));
                    }
                }
                System.out.println(line);
            }
        }
    }
}
