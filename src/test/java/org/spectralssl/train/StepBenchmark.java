package org.spectralssl.train;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.data.Augmenter;
import org.spectralssl.data.FashionMnist;
import org.spectralssl.data.ImageDataset;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Pass;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Tensor;

/**
 * Times the parts of one training step of the default config (not a test; run by hand):
 * <pre>
 * mvn -q -B test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.spectralssl.train.StepBenchmark [method]
 * </pre>
 */
public final class StepBenchmark {
    private StepBenchmark() {}

    public static void main(String[] args) {
        TrainConfig c = args.length > 0 ? TrainConfig.with(TrainConfig.DEFAULTS, java.util.Map.of("method", args[0]), "args")
                : TrainConfig.DEFAULTS;
        ImageDataset train = FashionMnist.load((java.nio.file.Path) null).train();
        Model model = Model.build(c, 28, 28, Precision.FLOAT32);
        Augmenter aug = new Augmenter(Trainer.augmentation(c), 28, 28);
        int[] idx = new int[c.batch()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        double tAug = 0, tNet = 0, tLoss = 0, tBack = 0;
        int reps = 12;
        for (int r = 0; r < reps; r++) {
            long a = System.nanoTime();
            List<Tensor> views = new ArrayList<>();
            for (int v = 0; v < c.views(); v++) {
                views.add(Tensor.of(aug.view(train, idx, c.seed(), r, v), idx.length, model.inputShape()));
            }
            long b = System.nanoTime();
            model.zeroGrad();
            List<Pass> enc = new ArrayList<>();
            List<Pass> proj = new ArrayList<>();
            List<DMatrixRMaj> z = new ArrayList<>();
            for (Tensor x : views) {
                Pass e = model.encoder().forward(x, Mode.TRAIN);
                Pass p = model.projector().forward(e.output(), Mode.TRAIN);
                enc.add(e);
                proj.add(p);
                z.add(Step.toMatrix(p.output()));
            }
            long cc = System.nanoTime();
            Method.Evaluation ev = c.method().evaluate(z, c.objective(), 2);
            long d = System.nanoTime();
            for (int v = 0; v < views.size(); v++) {
                Tensor dh = proj.get(v).backward(Step.fromMatrix(ev.loss().gradient(v), Precision.FLOAT32), true);
                enc.get(v).backward(dh, false);
            }
            long e = System.nanoTime();
            if (r >= 2) {
                tAug += (b - a) / 1e6;
                tNet += (cc - b) / 1e6;
                tLoss += (d - cc) / 1e6;
                tBack += (e - d) / 1e6;
            }
        }
        int n = reps - 2;
        System.out.printf("%s: augment %.1f ms, forward %.1f ms, loss %.1f ms, backward %.1f ms per step%n",
                c.method().id(), tAug / n, tNet / n, tLoss / n, tBack / n);
    }
}
