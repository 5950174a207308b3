package org.spectralssl.train;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/** The central difference of a loss along a direction in parameter space, for the step-gradient tests. */
final class DirectionalDifference {
    private DirectionalDifference() {}

    /** (L(θ + h·dir) − L(θ − h·dir)) / 2h; the parameters are restored afterwards. */
    static double central(DoubleSupplier loss, List<Parameter> params, List<double[]> dirs, double h) {
        shift(params, dirs, h);
        double plus = loss.getAsDouble();
        shift(params, dirs, -2 * h);
        double minus = loss.getAsDouble();
        shift(params, dirs, h);
        return (plus - minus) / (2 * h);
    }

    private static void shift(List<Parameter> params, List<double[]> dirs, double h) {
        for (int i = 0; i < params.size(); i++) {
            Tensor t = params.get(i).value();
            for (int k = 0; k < t.size(); k++) {
                t.add(k, h * dirs.get(i)[k]);
            }
        }
    }
}
