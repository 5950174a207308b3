package org.spectralssl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spectralssl.data.ImageDataset;
import org.spectralssl.nn.Mode;
import org.spectralssl.nn.Precision;
import org.spectralssl.nn.Sequential;
import org.spectralssl.nn.Tensor;

/**
 * Frozen features: a network in EVAL mode over a dataset, in chunks, on several threads. EVAL mode
 * reads the weights and running statistics and writes nothing, so chunks are independent and the
 * result is the same for any number of threads.
 */
public final class Features {
    private Features() {}

    /** Images per forward call. */
    static final int CHUNK = 500;

    /**
     * The outputs of {@code net} for every image of {@code data}: an N×F float array, row i for image i.
     *
     * @param inputShape the sample shape the network takes (images are reshaped to it)
     */
    public static float[] extract(Sequential net, int[] inputShape, int outputs, ImageDataset data, int threads) {
        int n = data.size();
        int p = data.pixelsPerImage();
        float[] out = new float[n * outputs];
        List<Runnable> jobs = new ArrayList<>();
        for (int start = 0; start < n; start += CHUNK) {
            int s = start;
            int e = Math.min(n, start + CHUNK);
            jobs.add(() -> {
                float[] x = java.util.Arrays.copyOfRange(data.pixels(), s * p, e * p);
                Tensor y = net.forward(Tensor.of(x, e - s, inputShape), Mode.EVAL).output();
                Tensor yf = y.precision() == Precision.FLOAT32 ? y : y.to(Precision.FLOAT32);
                System.arraycopy(yf.floats(), 0, out, s * outputs, (e - s) * outputs);
            });
        }
        Parallel.run(jobs, threads);
        return out;
    }

    /** Runs jobs on up to {@code threads} threads and waits; a job's exception is rethrown. */
    static final class Parallel {
        private Parallel() {}

        static void run(List<Runnable> jobs, int threads) {
            if (threads <= 1 || jobs.size() <= 1) {
                jobs.forEach(Runnable::run);
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.size()), r -> {
                Thread t = new Thread(r, "spectral-ssl-eval");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (Runnable j : jobs) {
                    fs.add(pool.submit(j));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
