/**
 * DS2TA on ND4J, implementing docs/ds2ta-spec.md. One class per paper block, named as in the spec.
 *
 * <h2>What exists</h2>
 * <ul>
 *   <li>{@link io.dvstream.model.ModelConfig}: the section-1 configuration with the presets
 *       {@code gesture-2-256} (paper scale) and {@code small-1-64}; every size ({@code D},
 *       {@code N}, {@code d_h}, hidden width, per-stage stem sizes) is derived from it.</li>
 *   <li>{@link io.dvstream.model.StreamingConfig}: mode ({@code carry}/{@code reset}), dt_us,
 *       stride and class names, recorded with the weights.</li>
 *   <li>{@link io.dvstream.model.Lif} with an explicit {@link io.dvstream.model.LifState}: the
 *       spiking neuron of section 3.</li>
 *   <li>{@link io.dvstream.model.SpikingPatchSplitting}: the stem of section 4.1, built from
 *       {@link io.dvstream.model.ConvBn} and {@link io.dvstream.model.BatchNorm}.</li>
 *   <li>{@link io.dvstream.model.Nd4jThreads}: ND4J's native thread count, default 1.</li>
 *   <li>{@code io.dvstream.model.weights}: safetensors reading and writing and the weight-file
 *       contract of section 6.</li>
 * </ul>
 * Still to come (issue 6): TASA with the attenuated window sum, NSAD, MLP, head, the whole-model
 * step with serialisable state, energy accounting, the sparse path and the CLI.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Ds2taWeights w = Ds2taWeights.read(Path.of("model.safetensors"));   // validated against the contract
 * var stem = new SpikingPatchSplitting(w);                              // applies Nd4jThreads (default 1)
 * var state = SpikingPatchSplitting.State.zeros(w.config().model(), 1); // one stream at rest
 * for (INDArray frame : frames) {                                       // [1, 2, H, W] event counts
 *     var out = stem.step(frame, state);                                // out.tokens(): [1, D, N]
 *     state = out.state();                                              // carry mode: keep it
 * }
 * }</pre>
 */
package io.dvstream.model;
