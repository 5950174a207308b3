package org.spectralssl.oracle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** Small seeded cases for the oracle's tests, built as JSON as a user would write them. */
final class Cases {
    private Cases() {}

    static DMatrixRMaj gaussian(int m, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj a = new DMatrixRMaj(m, d);
        for (int i = 0; i < a.getNumElements(); i++) {
            a.data[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** A case object with the given op and views, and optional extra top-level fields. */
    static Map<String, Object> json(String op, DMatrixRMaj z1, DMatrixRMaj z2, Object... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        m.put("z1", NumericArray.json(z1));
        if (z2 != null) {
            m.put("z2", NumericArray.json(z2));
        }
        return m;
    }

    /** Parses the JSON text of a case object, as the CLI would. */
    static CaseSpec parse(Map<String, Object> json) {
        return CaseSpec.parse(Json.write(json));
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
