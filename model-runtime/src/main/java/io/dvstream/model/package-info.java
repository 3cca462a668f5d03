/**
 * DS2TA on ND4J, implementing docs/ds2ta-spec.md. One class per paper block, named as in the spec.
 *
 * <h2>Contents</h2>
 * <ul>
 *   <li>{@link io.dvstream.model.Ds2ta}: the whole model, {@code step(frame, state)} and batched
 *       {@code step(frames, states)}; {@link io.dvstream.model.Ds2taState} (every membrane and TASA
 *       history, versioned bytes), {@link io.dvstream.model.StepResult},
 *       {@link io.dvstream.model.StepEnergy}, {@link io.dvstream.model.WindowClassifier}.</li>
 *   <li>One class per spec block: {@link io.dvstream.model.SpikingPatchSplitting},
 *       {@link io.dvstream.model.Tasa}, {@link io.dvstream.model.Nsad},
 *       {@link io.dvstream.model.SpikingSelfAttention}, {@link io.dvstream.model.Mlp},
 *       {@link io.dvstream.model.EncoderBlock}, {@link io.dvstream.model.Head}, with
 *       {@link io.dvstream.model.Lif}, {@link io.dvstream.model.BatchNorm},
 *       {@link io.dvstream.model.ConvBn} and {@link io.dvstream.model.Linear}.</li>
 *   <li>{@link io.dvstream.model.ModelConfig}, {@link io.dvstream.model.StreamingConfig}, the cost
 *       model {@link io.dvstream.model.CostModel}, {@link io.dvstream.model.Accumulation} (dense,
 *       event-driven or by density) and {@link io.dvstream.model.Nd4jThreads}.</li>
 *   <li>{@code io.dvstream.model.weights}: safetensors reading and writing and the weight-file
 *       contract of section 6.</li>
 * </ul>
 * docs/model-runtime.md describes the API, the state format and the energy accounting.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Ds2ta model = Ds2ta.load(Path.of("model.safetensors"));   // validated against the contract
 * Ds2taState state = model.newState();                      // one stream at rest
 * for (float[] frame : frames) {                            // [2, H, W] event counts, OFF then ON
 *     StepResult r = model.step(frame, state);              // r.logits(), r.spikeCounts(), r.energy()
 * }
 * }</pre>
 */
package io.dvstream.model;
