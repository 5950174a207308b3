package org.spectralssl.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Buffer;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;

/**
 * The model's parameters and buffers in one file (big-endian): the magic {@code SSLCKPT1}, the
 * number of tensors, then for each its name (modified UTF-8), value count and values as float32.
 * Rebuild the model from the run's config, then {@link #load} into it: names and sizes must match.
 * Written atomically (CheckpointStore#writeAtomically). This is the export of the trained model;
 * the resume checkpoints, with optimiser state and everything else, are {@link CheckpointStore}'s.
 */
public final class Checkpoint {
    private Checkpoint() {}

    static final String MAGIC = "SSLCKPT1";

    public static void save(Model model, Path file) throws IOException {
        Map<String, Tensor> all = tensors(model);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            out.writeBytes(MAGIC);
            out.writeInt(all.size());
            for (Map.Entry<String, Tensor> e : all.entrySet()) {
                out.writeUTF(e.getKey());
                Tensor t = e.getValue();
                out.writeInt(t.size());
                for (int k = 0; k < t.size(); k++) {
                    out.writeFloat((float) t.get(k));
                }
            }
        }
        CheckpointStore.writeAtomically(file, CheckpointStore.FILES, bytes.toByteArray());
    }

    /** Overwrites the model's parameters and buffers from {@code file}. */
    public static void load(Model model, Path file) {
        Map<String, Tensor> all = tensors(model);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new InvalidInputException(file + ": not a spectral-ssl checkpoint (wrong magic)");
            }
            int n = in.readInt();
            if (n != all.size()) {
                throw new InvalidInputException(file + ": holds " + n + " tensors but the model of config.txt has "
                        + all.size() + " (config and checkpoint from different runs?)");
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                Tensor t = all.get(name);
                int size = in.readInt();
                if (t == null || t.size() != size) {
                    throw new InvalidInputException(file + ": tensor '" + name + "' of " + size
                            + " values does not match the model of config.txt");
                }
                for (int k = 0; k < size; k++) {
                    t.set(k, in.readFloat());
                }
            }
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(file + ": truncated checkpoint");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read checkpoint: " + e.getMessage());
        }
    }

    private static Map<String, Tensor> tensors(Model model) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            all.put(p.name(), p.value());
        }
        for (Buffer b : model.buffers()) {
            all.put(b.name(), b.value());
        }
        return all;
    }
}
