/**
 * Layers with forward and backward side by side, encoders and the projector.
 *
 * <h2>Shape legend</h2>
 * Used on every buffer in this package:
 * <ul>
 *   <li>m: samples in the batch (the rows of every {@link org.spectralssl.nn.Tensor});</li>
 *   <li>i, o: input and output features of a linear layer;</li>
 *   <li>C, H, W: channels, height, width of a sample that is an image (stored C×H×W, row-major);</li>
 *   <li>C', H', W': the same at a layer's output; K: kernel side; s: stride; q: zero padding;</li>
 *   <li>D = C·K·K: rows of an im2col matrix; L = H'·W': its columns;</li>
 *   <li>S: values per channel that batch normalisation pools over with m (1 for features, H·W for images).</li>
 * </ul>
 *
 * <h2>Precision</h2>
 * A network is built in one {@link org.spectralssl.nn.Precision}: {@code FLOAT32} stores
 * activations, weights and gradients as float and multiplies in float (training); {@code FLOAT64}
 * does everything in double (finite-difference checks, parity with the spectral core).
 * Reductions that are not matrix products (batch-norm statistics, bias gradients) accumulate in
 * double in both precisions.
 *
 * <h2>Conventions</h2>
 * {@link org.spectralssl.nn.Layer#forward} returns a {@link org.spectralssl.nn.Pass}: the output
 * and the closure that runs the backward pass of that call. Several passes may be open at once
 * (one per view); each backward adds into the parameters' gradients, which
 * {@link org.spectralssl.nn.Parameter#zeroGrad()} clears.
 */
package org.spectralssl.nn;
