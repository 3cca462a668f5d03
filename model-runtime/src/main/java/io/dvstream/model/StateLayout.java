package io.dvstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-stream state of docs/ds2ta-spec.md section 5 as an ordered list of named float32 slots,
 * derived from the {@link ModelConfig} alone: first the membrane of every LIF layer in the spec's
 * layer order (stem stages at their pre-pool resolution, rpe, then per block q, k, v, attn, proj,
 * fc1, fc2), then per block the TASA histories {@code z_q, z_k, z_v, v} with entries
 * {@code 1..W-1} (entry k holds step t-k). The LIF layer order is also the order of
 * {@link StepResult#spikeCounts()}.
 */
public final class StateLayout {

    /** One slot: its name and per-stream shape. */
    public record Slot(String name, int[] shape) {
        public int size() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private final List<Slot> slots;
    private final int lifLayers;

    public StateLayout(ModelConfig c) {
        var s = new ArrayList<Slot>();
        for (int i = 0; i < c.stemStages(); i++) {
            s.add(new Slot("stem." + i, new int[] {c.stemChannels().get(i), c.stemHeight(i), c.stemWidth(i)}));
        }
        s.add(new Slot("rpe", new int[] {c.D(), c.stemOutHeight(), c.stemOutWidth()}));
        int[] dn = {c.D(), c.N()};
        for (int l = 0; l < c.blocks(); l++) {
            for (String p : List.of("q", "k", "v", "attn", "proj")) {
                s.add(new Slot("blocks." + l + ".attn." + p, dn));
            }
            s.add(new Slot("blocks." + l + ".mlp.fc1", new int[] {c.hiddenDim(), c.N()}));
            s.add(new Slot("blocks." + l + ".mlp.fc2", dn));
        }
        this.lifLayers = s.size();
        for (int l = 0; l < c.blocks(); l++) {
            for (String p : List.of("z_q", "z_k", "z_v", "v")) {
                for (int k = 1; k < c.taw(); k++) {
                    s.add(new Slot("blocks." + l + ".tasa." + p + ".t-" + k, dn));
                }
            }
        }
        this.slots = List.copyOf(s);
    }

    public List<Slot> slots() {
        return slots;
    }

    /** Number of LIF layers; slots {@code 0..lifLayers()-1} are their membranes. */
    public int lifLayers() {
        return lifLayers;
    }

    /** Names of the LIF layers in the spec's order. */
    public List<String> lifLayerNames() {
        return slots.subList(0, lifLayers).stream().map(Slot::name).toList();
    }

    /** Neurons per stream of each LIF layer. */
    public int[] lifLayerSizes() {
        return slots.subList(0, lifLayers).stream().mapToInt(Slot::size).toArray();
    }

    /** Index of the first TASA history slot of block {@code l}, history {@code p} (0 z_q, 1 z_k, 2 z_v, 3 v). */
    int historySlot(ModelConfig c, int l, int p) {
        return lifLayers + (l * 4 + p) * (c.taw() - 1);
    }

    /** Total floats per stream. */
    public long floats() {
        return slots.stream().mapToLong(Slot::size).sum();
    }
}
