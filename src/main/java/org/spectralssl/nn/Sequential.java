package org.spectralssl.nn;

import java.util.ArrayList;
import java.util.List;
import org.spectralssl.linalg.InvalidInputException;

/**
 * Layers applied in order. Parameters and buffers are named {@code index.name}, for example
 * {@code "0.weight"}, {@code "1.running_var"}; nested blocks nest the prefixes.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new InvalidInputException("Sequential needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Pass forward(Tensor x, Mode mode) {
        List<Pass> passes = new ArrayList<>(layers.size());
        Tensor h = x;
        for (Layer l : layers) {
            Pass p = l.forward(h, mode);
            passes.add(p);
            h = p.output();
        }
        return Pass.of("Sequential", h, (dy, inputGradient) -> {
            Tensor g = dy;
            for (int i = passes.size() - 1; i >= 0; i--) {
                g = passes.get(i).backward(g, i > 0 || inputGradient);
            }
            return g;
        });
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                out.add(p.prefixed(Integer.toString(i)));
            }
        }
        return out;
    }

    @Override
    public List<Buffer> buffers() {
        List<Buffer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Buffer b : layers.get(i).buffers()) {
                out.add(b.prefixed(Integer.toString(i)));
            }
        }
        return out;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) {
            s = l.outputShape(s);
        }
        return s;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.value().size();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Sequential[");
        for (int i = 0; i < layers.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(layers.get(i));
        }
        return b.append("]").toString();
    }
}
