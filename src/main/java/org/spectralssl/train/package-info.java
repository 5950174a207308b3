/**
 * The reference SSL trainer: a run from config to run directory.
 *
 * <pre>
 *   TrainConfig (every default, once) ─ TrainData (Fashion-MNIST, class-balanced subsets)
 *     → Trainer.run: floors (probe on pixels, same encoder at init)
 *       → epochs: shuffle (Seeds SHUFFLE) → Augmenter per view (Seeds AUGMENTATION)
 *         → Step: encoder → projector (float32) → Method.evaluate (double, loss/ and spectral/) → backward
 *         → Optimizer step at the WarmupCosine rate
 *         → monitor: kNN on held-out images, spectra of embedding / projector / last batch
 *       → final Knn + LinearProbe on frozen backbone features
 *     → RunFiles: config.txt, manifest.json, metrics.csv/.jsonl, spectra.csv, checkpoint.bin, plots/, summary.json
 * </pre>
 *
 * Shapes: m batch, V views, P = H·W pixels, F backbone features, d projector output; features
 * are N×F float arrays, row-major. A seed fixes every number a run writes except timings
 * ({@code seconds}, {@code images_per_second}, the manifest's start time).
 */
package org.spectralssl.train;
