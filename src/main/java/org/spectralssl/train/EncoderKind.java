package org.spectralssl.train;

import org.spectralssl.linalg.InvalidInputException;

/** The backbones of {@link org.spectralssl.nn.Encoders}, by the name used on the command line. */
public enum EncoderKind {
    /** Linear–BatchNorm–ReLU blocks on the flattened image; widths from the config's {@code hidden}. */
    MLP("mlp"),
    /** The small CNN (32, 64, 128 channels, 128 features); {@code hidden} is ignored. */
    CNN("cnn");

    private final String id;

    EncoderKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static EncoderKind parse(String s) {
        for (EncoderKind k : values()) {
            if (k.id.equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new InvalidInputException("unknown encoder '" + s + "'; use mlp or cnn");
    }
}
