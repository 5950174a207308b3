package org.spectralssl.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The value of a loss over V views, its named terms (in the order they are added) and its
 * gradient with respect to each input view, each with that view's shape (m×d).
 *
 * @param value the loss
 * @param terms named parts of the loss, for example {@code align}, {@code trace1}; unmodifiable
 * @param gradients dL/dZ_v for v = 0..V−1; unmodifiable
 */
public record LossResult(double value, Map<String, Double> terms, List<DMatrixRMaj> gradients) {
    public LossResult {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        gradients = List.copyOf(gradients);
    }

    /** dL/dZ of view {@code v}. */
    public DMatrixRMaj gradient(int v) {
        return gradients.get(v);
    }
}
