package org.spectralssl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spectralssl.data.Seeds;
import org.spectralssl.nn.Buffer;
import org.spectralssl.nn.Encoders;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Sequential;

/**
 * The backbone (whose output is the representation evaluated downstream) and the projector
 * (whose output the loss sees). Parameters and buffers are named {@code encoder.…} and
 * {@code projector.…}.
 *
 * @param inputShape the sample shape the encoder takes: {P} for the MLP, {1, H, W} for the CNN
 * @param features   the backbone's output width
 */
public record Model(Sequential encoder, Sequential projector, Precision precision, int[] inputShape, int features) {

    /** Init-stream coordinates: encoder 0, projector 1 (data/Seeds, purpose INITIALISATION). */
    static final int ENCODER_STREAM = 0;
    static final int PROJECTOR_STREAM = 1;

    /** Builds the networks of {@code c} for H×W images, weights drawn from the run seed's init streams. */
    public static Model build(TrainConfig c, int height, int width, Precision precision) {
        SplittableRandom re = Seeds.random(c.seed(), Seeds.Purpose.INITIALISATION, ENCODER_STREAM);
        SplittableRandom rp = Seeds.random(c.seed(), Seeds.Purpose.INITIALISATION, PROJECTOR_STREAM);
        Sequential enc;
        int[] in;
        if (c.encoder() == EncoderKind.MLP) {
            int[] h = c.hidden().stream().mapToInt(Integer::intValue).toArray();
            enc = Encoders.mlp(height * width, h, precision, re);
            in = new int[] {height * width};
        } else {
            if (height != 28 || width != 28) {
                throw new org.spectralssl.linalg.InvalidInputException("the CNN encoder takes 28×28 images, not "
                        + height + "×" + width + "; use --encoder mlp");
            }
            enc = Encoders.cnn(precision, re);
            in = new int[] {1, height, width};
        }
        int f = enc.outputShape(in)[0];
        Sequential proj = Encoders.projector(f, c.projectorHidden(), c.projectorOut(), precision, rp);
        return new Model(enc, proj, precision, in, f);
    }

    /** Every trainable parameter, encoder first. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : encoder.parameters()) {
            out.add(p.prefixed("encoder"));
        }
        for (Parameter p : projector.parameters()) {
            out.add(p.prefixed("projector"));
        }
        return out;
    }

    /** Every buffer (batch-norm running statistics), encoder first. */
    public List<Buffer> buffers() {
        List<Buffer> out = new ArrayList<>();
        for (Buffer b : encoder.buffers()) {
            out.add(b.prefixed("encoder"));
        }
        for (Buffer b : projector.buffers()) {
            out.add(b.prefixed("projector"));
        }
        return out;
    }

    public void zeroGrad() {
        encoder.zeroGrad();
        projector.zeroGrad();
    }
}
