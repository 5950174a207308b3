package org.spectralssl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.spectralssl.loss.WhiteningLoss;
import org.spectralssl.spectral.IterNorm;
import org.spectralssl.spectral.SpectralTransform;
import org.spectralssl.spectral.SpectrumFunctions;
import org.spectralssl.spectral.Whitener;
import org.spectralssl.spectral.WhiteningMode;

/** The view-parallel loss is the reference WhiteningLoss bit for bit; pairs counted. */
class ViewParallelLossTest {
    @Test
    void bitIdenticalToTheReference() {
        SplittableRandom rnd = new SplittableRandom(4);
        int pairs = 0;
        for (Whitener w : List.<Whitener>of(new IterNorm(WhiteningMode.SAMPLES), new IterNorm(WhiteningMode.FEATURES),
                new SpectralTransform(WhiteningMode.FEATURES, SpectrumFunctions.power(0.5)))) {
            for (int nViews : new int[] {2, 3}) {
                List<DMatrixRMaj> views = new ArrayList<>();
                for (int v = 0; v < nViews; v++) {
                    DMatrixRMaj z = new DMatrixRMaj(24, 10);
                    for (int k = 0; k < z.data.length; k++) {
                        z.data[k] = rnd.nextGaussian() * (1 + k % 10);
                    }
                    views.add(z);
                }
                WhiteningLoss.Result ref = WhiteningLoss.compute(views, w, 0.03);
                WhiteningLoss.Result par = ViewParallelLoss.compute(views, w, 0.03, 3);
                assertEquals(ref.loss().value(), par.loss().value());
                assertEquals(ref.loss().terms(), par.loss().terms());
                for (int v = 0; v < nViews; v++) {
                    assertArrayEquals(ref.loss().gradient(v).data, par.loss().gradient(v).data);
                    assertArrayEquals(ref.views().get(v).output().data, par.views().get(v).output().data);
                }
                pairs++;
            }
        }
        assertEquals(6, pairs);
    }
}
