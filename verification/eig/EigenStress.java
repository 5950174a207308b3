import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.Mat;
import org.spectralssl.linalg.SymmetricEigenSolver;
// Structured matrices through the divide-and-conquer eigensolver, against EJML's: residual
// ‖A·U − U·Λ‖_F / (n·u·‖A‖_F), orthogonality ‖UᵀU − I‖_F / (n·u), and max |λ − λ_EJML| / (n·u·‖A‖_F),
// u = 2⁻⁵³, for Wilkinson W⁺, Clement, ones + 1e-12·I, graded random (1 … 1e-20), zero and 3·I at
// n = 65, 201, 400 (the zero matrix's ratios are 0/0: NaN). A spot check beside the property suite
// (property/SymmetricEigenProperties). Run after `mvn -q -B package -DskipTests`:
//   java --add-modules jdk.incubator.vector -cp target/spectral-ssl.jar verification/eig/EigenStress.java
public class EigenStress {
    static void check(String name, DMatrixRMaj a) {
        int n = a.numRows;
        var e = Mat.eigSymmetric(a, SymmetricEigenSolver.Method.DIVIDE_AND_CONQUER);
        var r = Mat.eigSymmetric(a, SymmetricEigenSolver.Method.EJML);
        DMatrixRMaj u = e.vectors();
        double na = 0; for (double x : a.data) na += x * x; na = Math.sqrt(na);
        double res = 0, orth = 0, dl = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0; for (int k = 0; k < n; k++) s += a.get(i, k) * u.get(k, j);
            double d = s - u.get(i, j) * e.values()[j]; res += d * d;
            double o = 0; for (int k = 0; k < n; k++) o += u.get(k, i) * u.get(k, j);
            o -= (i == j ? 1 : 0); orth += o * o;
        }
        for (int i = 0; i < n; i++) dl = Math.max(dl, Math.abs(e.values()[i] - r.values()[i]));
        double u52 = Math.ulp(1.0) / 2;
        System.out.printf("%-28s n=%d residual/(n u |A|) %.3f  orth/(n u) %.3f  max|λ-λ_ejml|/(n u |A|) %.3f%n", name, n,
                Math.sqrt(res) / (n * u52 * na), Math.sqrt(orth) / (n * u52), dl / (n * u52 * na));
    }
    public static void main(String[] x) {
        for (int n : new int[]{65, 201, 400}) {
            DMatrixRMaj w = new DMatrixRMaj(n, n); int m = n / 2;
            for (int i = 0; i < n; i++) { w.set(i, i, Math.abs(m - i)); if (i + 1 < n) { w.set(i, i + 1, 1); w.set(i + 1, i, 1); } }
            check("Wilkinson W+", w);
            DMatrixRMaj c = new DMatrixRMaj(n, n);
            for (int i = 0; i + 1 < n; i++) { double v = Math.sqrt((i + 1.0) * (n - 1 - i)); c.set(i, i + 1, v); c.set(i + 1, i, v); }
            check("Clement", c);
            DMatrixRMaj o = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) o.set(i, j, 1.0 + (i == j ? 1e-12 : 0));
            check("ones + 1e-12 I", o);
            DMatrixRMaj g = new DMatrixRMaj(n, n); java.util.Random r = new java.util.Random(n);
            double[][] q = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) { double v = r.nextGaussian() * Math.pow(10, -20.0 * (i + j) / (2 * n)); g.set(i, j, v); g.set(j, i, v); }
            check("graded random 1e0..1e-20", g);
            DMatrixRMaj z = new DMatrixRMaj(n, n); check("zero", z);
            DMatrixRMaj id = new DMatrixRMaj(n, n); for (int i = 0; i < n; i++) id.set(i, i, 3.0); check("3·I", id);
        }
    }
}
