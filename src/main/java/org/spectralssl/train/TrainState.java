package org.spectralssl.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spectralssl.linalg.InvalidInputException;
import org.spectralssl.nn.Buffer;
import org.spectralssl.nn.Parameter;
import org.spectralssl.nn.Tensor;
import org.spectralssl.optim.Optimizer;

/**
 * Everything a training run needs to continue exactly from a step boundary: the position (steps
 * done, the epoch and the next batch within it), the model's parameters and buffers, the EMA
 * target's, the optimiser's state, this epoch's running sums, every metrics row, step loss and
 * spectrum so far, the floors measured before training, and the guard's state.
 *
 * <p>Random numbers need no state: every stream is derived from (seed, purpose, coordinates) by
 * data/Seeds (shuffle per epoch, augmentation per (epoch, image, view)), so the position fixes
 * them. An instance is an independent deep copy: the in-memory snapshot the guard rolls back to,
 * and the payload of a checkpoint ({@link CheckpointStore}).
 */
final class TrainState {
    /** Completed optimiser steps. */
    final long step;
    /** The epoch in progress (1-based); epochs + 1 once pre-training is done. */
    final int epoch;
    /** The next batch of {@link #epoch} (0 at an epoch boundary). */
    final int batch;
    final Map<String, double[]> model;
    /** The EMA target's parameters and buffers; empty without one. */
    final Map<String, double[]> target;
    final long optimizerSteps;
    final List<double[]> optimizer;
    final Map<String, Object> sums;
    final List<Map<String, Object>> metrics;
    final List<double[]> stepLoss;
    final Map<Integer, Map<String, double[]>> spectra;
    final Map<String, Object> floors;
    final Map<String, Object> guard;

    private TrainState(long step, int epoch, int batch, Map<String, double[]> model, Map<String, double[]> target,
            long optimizerSteps, List<double[]> optimizer, Map<String, Object> sums, List<Map<String, Object>> metrics,
            List<double[]> stepLoss, Map<Integer, Map<String, double[]>> spectra, Map<String, Object> floors,
            Map<String, Object> guard) {
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
        this.model = model;
        this.target = target;
        this.optimizerSteps = optimizerSteps;
        this.optimizer = optimizer;
        this.sums = sums;
        this.metrics = metrics;
        this.stepLoss = stepLoss;
        this.spectra = spectra;
        this.floors = floors;
        this.guard = guard;
    }

    /** A deep copy of the run's state at a step boundary. */
    static TrainState capture(long step, int epoch, int batch, Model model, Model target, Optimizer opt,
            Map<String, Double> sums, List<Map<String, Object>> metrics, List<double[]> stepLoss,
            Trainer.Spectra spectra, Map<String, Object> floors, Map<String, Object> guard) {
        List<double[]> o = new ArrayList<>();
        for (double[] a : opt.state()) {
            o.add(a.clone());
        }
        List<double[]> sl = new ArrayList<>();
        for (double[] s : stepLoss) {
            sl.add(s.clone());
        }
        return new TrainState(step, epoch, batch, tensors(model), target == null ? new LinkedHashMap<>()
                : tensors(target), opt.steps(), o, copyMap(sums), copyRows(metrics), sl, copySpectra(spectra.byEpoch),
                copyMap(floors), copyMap(guard));
    }

    /** Overwrites the model, target and optimiser with this state's values (names and sizes must match). */
    void restoreInto(Model m, Model t, Optimizer opt) {
        load(m, model, "model");
        if (t != null) {
            load(t, target, "EMA target");
        } else if (!target.isEmpty()) {
            throw new InvalidInputException("the checkpoint has an EMA target but the config's method has none");
        }
        opt.restore(optimizerSteps, optimizer);
    }

    /** This epoch's running sums, a fresh mutable copy. */
    Map<String, Double> sumsCopy() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : sums.entrySet()) {
            out.put(e.getKey(), (Double) e.getValue());
        }
        return out;
    }

    List<Map<String, Object>> metricsCopy() {
        return copyRows(metrics);
    }

    List<double[]> stepLossCopy() {
        List<double[]> out = new ArrayList<>();
        for (double[] s : stepLoss) {
            out.add(s.clone());
        }
        return out;
    }

    void spectraInto(Trainer.Spectra s) {
        s.byEpoch.clear();
        s.byEpoch.putAll(copySpectra(spectra));
    }

    // ---- serialisation (big-endian, see CheckpointStore for the envelope) ----

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(step);
            out.writeInt(epoch);
            out.writeInt(batch);
            writeTensors(out, model);
            writeTensors(out, target);
            out.writeLong(optimizerSteps);
            out.writeInt(optimizer.size());
            for (double[] a : optimizer) {
                writeDoubles(out, a);
            }
            writeValue(out, sums);
            writeValue(out, metrics);
            out.writeInt(stepLoss.size());
            for (double[] s : stepLoss) {
                writeDoubles(out, s);
            }
            out.writeInt(spectra.size());
            for (Map.Entry<Integer, Map<String, double[]>> e : spectra.entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue().size());
                for (Map.Entry<String, double[]> k : e.getValue().entrySet()) {
                    out.writeUTF(k.getKey());
                    writeDoubles(out, k.getValue());
                }
            }
            writeValue(out, floors);
            writeValue(out, guard);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Parses {@link #toBytes()}; a malformed payload is an {@link InvalidInputException}. */
    @SuppressWarnings("unchecked")
    static TrainState fromBytes(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long step = in.readLong();
            int epoch = in.readInt();
            int batch = in.readInt();
            Map<String, double[]> model = readTensors(in);
            Map<String, double[]> target = readTensors(in);
            long optSteps = in.readLong();
            int n = count(in);
            List<double[]> opt = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                opt.add(readDoubles(in));
            }
            Map<String, Object> sums = (Map<String, Object>) readValue(in);
            List<Map<String, Object>> metrics = (List<Map<String, Object>>) (List<?>) readValue(in);
            int ns = count(in);
            List<double[]> sl = new ArrayList<>();
            for (int i = 0; i < ns; i++) {
                sl.add(readDoubles(in));
            }
            int ne = count(in);
            Map<Integer, Map<String, double[]>> spectra = new LinkedHashMap<>();
            for (int i = 0; i < ne; i++) {
                int e = in.readInt();
                int nk = count(in);
                Map<String, double[]> kinds = new LinkedHashMap<>();
                for (int k = 0; k < nk; k++) {
                    kinds.put(in.readUTF(), readDoubles(in));
                }
                spectra.put(e, kinds);
            }
            Map<String, Object> floors = (Map<String, Object>) readValue(in);
            Map<String, Object> guard = (Map<String, Object>) readValue(in);
            if (in.available() != 0) {
                throw new InvalidInputException("payload has " + in.available() + " unexpected trailing bytes");
            }
            return new TrainState(step, epoch, batch, model, target, optSteps, opt, sums, metrics, sl, spectra, floors,
                    guard);
        } catch (IOException | ClassCastException e) {
            throw new InvalidInputException("malformed payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, double[]> tensors(Model m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Parameter p : m.parameters()) {
            out.put(p.name(), p.value().toDoubles());
        }
        for (Buffer b : m.buffers()) {
            out.put(b.name(), b.value().toDoubles());
        }
        return out;
    }

    private static void load(Model m, Map<String, double[]> saved, String what) {
        Map<String, Tensor> live = new LinkedHashMap<>();
        for (Parameter p : m.parameters()) {
            live.put(p.name(), p.value());
        }
        for (Buffer b : m.buffers()) {
            live.put(b.name(), b.value());
        }
        if (!live.keySet().equals(saved.keySet())) {
            throw new InvalidInputException("the " + what + " in the checkpoint has tensors " + saved.size()
                    + " that do not match the config's " + live.size());
        }
        for (Map.Entry<String, Tensor> e : live.entrySet()) {
            double[] v = saved.get(e.getKey());
            Tensor t = e.getValue();
            if (v.length != t.size()) {
                throw new InvalidInputException("tensor " + e.getKey() + " has " + v.length + " values in the checkpoint, "
                        + t.size() + " in the config's model");
            }
            for (int k = 0; k < v.length; k++) {
                t.set(k, v[k]);
            }
        }
    }

    /** Tensors as float32 when every value is one (the training precision), else float64: exact either way. */
    private static void writeTensors(DataOutputStream out, Map<String, double[]> t) throws IOException {
        out.writeInt(t.size());
        for (Map.Entry<String, double[]> e : t.entrySet()) {
            out.writeUTF(e.getKey());
            double[] v = e.getValue();
            boolean single = true;
            for (double x : v) {
                if ((double) (float) x != x && !Double.isNaN(x)) {
                    single = false;
                    break;
                }
            }
            out.writeByte(single ? 4 : 8);
            out.writeInt(v.length);
            for (double x : v) {
                if (single) {
                    out.writeFloat((float) x);
                } else {
                    out.writeDouble(x);
                }
            }
        }
    }

    private static Map<String, double[]> readTensors(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int width = in.readByte();
            if (width != 4 && width != 8) {
                throw new InvalidInputException("tensor " + name + " has element width " + width);
            }
            double[] v = new double[count(in)];
            for (int k = 0; k < v.length; k++) {
                v[k] = width == 4 ? in.readFloat() : in.readDouble();
            }
            out.put(name, v);
        }
        return out;
    }

    private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double x : a) {
            out.writeDouble(x);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[count(in)];
        for (int k = 0; k < a.length; k++) {
            a[k] = in.readDouble();
        }
        return a;
    }

    /** A non-negative count that the remaining payload could hold (so a corrupt one cannot allocate gigabytes). */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new InvalidInputException("count " + n + " does not fit the payload");
        }
        return n;
    }

    /** Typed values: the metrics rows, sums, floors and guard records (Integer, Long, Double, String, Boolean, Map, List, double[]). */
    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte('N');
        } else if (v instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte('L');
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte('D');
            out.writeDouble(d);
        } else if (v instanceof String s) {
            out.writeByte('S');
            out.writeUTF(s);
        } else if (v instanceof Boolean b) {
            out.writeByte('B');
            out.writeBoolean(b);
        } else if (v instanceof double[] a) {
            out.writeByte('V');
            writeDoubles(out, a);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte('M');
            out.writeInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.writeUTF((String) e.getKey());
                writeValue(out, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            out.writeByte('A');
            out.writeInt(l.size());
            for (Object x : l) {
                writeValue(out, x);
            }
        } else {
            throw new IllegalArgumentException("cannot store a " + v.getClass().getSimpleName() + " in a checkpoint");
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 'N': return null;
            case 'I': return in.readInt();
            case 'L': return in.readLong();
            case 'D': return in.readDouble();
            case 'S': return in.readUTF();
            case 'B': return in.readBoolean();
            case 'V': return readDoubles(in);
            case 'M': {
                int n = count(in);
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = in.readUTF();
                    m.put(k, readValue(in));
                }
                return m;
            }
            case 'A': {
                int n = count(in);
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(readValue(in));
                }
                return l;
            }
            default:
                throw new InvalidInputException("unknown value tag " + tag);
        }
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, Object> copyMap(Map<String, V> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : m.entrySet()) {
            out.put(e.getKey(), deep(e.getValue()));
        }
        return out;
    }

    private static Object deep(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put((String) e.getKey(), deep(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(deep(x));
            }
            return out;
        }
        if (v instanceof double[] a) {
            return a.clone();
        }
        return v;
    }

    private static List<Map<String, Object>> copyRows(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(copyMap(r));
        }
        return out;
    }

    private static Map<Integer, Map<String, double[]>> copySpectra(Map<Integer, Map<String, double[]>> s) {
        Map<Integer, Map<String, double[]>> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, double[]>> e : s.entrySet()) {
            Map<String, double[]> k = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> x : e.getValue().entrySet()) {
                k.put(x.getKey(), x.getValue().clone());
            }
            out.put(e.getKey(), k);
        }
        return out;
    }
}
