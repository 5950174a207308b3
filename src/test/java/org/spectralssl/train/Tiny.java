package org.spectralssl.train;

import java.util.Map;
import org.spectralssl.data.FashionMnist;

/** Small configs and data shared by the train tests. */
final class Tiny {
    private Tiny() {}

    /** A run of seconds: MLP 784-32, projector 32-32-16, batch 64, 2 epochs, 300 / 100 images. */
    static TrainConfig config(String method) {
        return TrainConfig.with(TrainConfig.DEFAULTS, Map.ofEntries(Map.entry("method", method),
                Map.entry("hidden", "32"), Map.entry("projector-hidden", "32"), Map.entry("projector-out", "16"),
                Map.entry("batch", "64"), Map.entry("epochs", "2"), Map.entry("train-images", "300"),
                Map.entry("test-images", "100"), Map.entry("monitor-bank", "200"), Map.entry("monitor-queries", "100"),
                Map.entry("probe-epochs", "3"), Map.entry("seed", "7")), "Tiny");
    }

    /** The bundled subset, whatever is installed, cut to the config's sizes. */
    static TrainData data(TrainConfig c) {
        FashionMnist.Splits s = FashionMnist.load(new FashionMnist.Source(FashionMnist.Origin.BUNDLED_SUBSET, null));
        return new TrainData(TrainData.balanced(s.train(), c.trainImages(), "train-images"),
                TrainData.balanced(s.test(), c.testImages(), "test-images"), s.source().describe(), s.dataSha256());
    }
}
