package io.dvstream.jobs.inference;

import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StateLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a live {@link Ds2taState} (membranes and TASA histories of one stream) for
 * the models of one {@link ModelConfig}. The job keeps the state object itself in keyed state, so
 * on the heap backend this runs only at checkpoints, savepoints and restores, and as {@link #copy}
 * when the heap backend's copy-on-write protects a snapshot in progress.
 *
 * <p>Record layout: a length (int) and {@link Ds2taState#toBytes()} (magic, version, step count,
 * layout fingerprint, the float slots, CRC32), so a corrupt or foreign state fails on restore with
 * the offset and field named. Snapshot ({@link Snapshot}, version 1): every field of the
 * {@link ModelConfig} in declaration order (stem stages as channel/pool pairs, decay by its key); a restore is compatible as is when the state layout (slot names and shapes)
 * is the same, and incompatible otherwise (the state of a model of other shapes cannot be migrated).
 */
public final class Ds2taStateSerializer extends TypeSerializer<Ds2taState> {

    private static final long serialVersionUID = 1L;

    /** Serialisable form of the config (ModelConfig itself is not java.io.Serializable). */
    private final SerializedConfig config;
    private transient ModelConfig modelConfig;

    public Ds2taStateSerializer(ModelConfig config) {
        this.modelConfig = Objects.requireNonNull(config, "config");
        this.config = SerializedConfig.of(config);
    }

    public ModelConfig config() {
        if (modelConfig == null) {
            modelConfig = config.toModelConfig();
        }
        return modelConfig;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Ds2taState> duplicate() {
        return this; // stateless: the config is immutable
    }

    @Override
    public Ds2taState createInstance() {
        return Ds2taState.zeros(config());
    }

    @Override
    public Ds2taState copy(Ds2taState from) {
        return from.copy();
    }

    @Override
    public Ds2taState copy(Ds2taState from, Ds2taState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Ds2taState record, DataOutputView target) throws IOException {
        byte[] b = record.toBytes();
        target.writeInt(b.length);
        target.write(b);
    }

    @Override
    public Ds2taState deserialize(DataInputView source) throws IOException {
        byte[] b = new byte[source.readInt()];
        source.readFully(b);
        return Ds2taState.fromBytes(config(), b);
    }

    @Override
    public Ds2taState deserialize(Ds2taState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int n = source.readInt();
        target.writeInt(n);
        target.write(source, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ds2taStateSerializer s && config().equals(s.config());
    }

    @Override
    public int hashCode() {
        return config().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Ds2taState> snapshotConfiguration() {
        return new Snapshot(config());
    }

    /** Version 1: the model configuration the state belongs to. */
    public static final class Snapshot implements TypeSerializerSnapshot<Ds2taState> {

        private static final int VERSION = 1;

        private ModelConfig config;

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
        }

        Snapshot(ModelConfig config) {
            this.config = config;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            SerializedConfig.of(config).write(out);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException("DS2TA state serializer snapshot version " + readVersion + " is unknown; this build reads "
                        + VERSION);
            }
            config = SerializedConfig.read(in).toModelConfig();
        }

        @Override
        public TypeSerializer<Ds2taState> restoreSerializer() {
            return new Ds2taStateSerializer(config);
        }

        /**
         * Called on the new serializer's snapshot with the one the checkpoint was written with: the
         * bytes stay readable when the state layout is the same.
         */
        @Override
        public TypeSerializerSchemaCompatibility<Ds2taState> resolveSchemaCompatibility(TypeSerializerSnapshot<Ds2taState> old) {
            if (!(old instanceof Snapshot o)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return sameLayout(new StateLayout(o.config), new StateLayout(config))
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }

        private static boolean sameLayout(StateLayout a, StateLayout b) {
            if (a.slots().size() != b.slots().size()) {
                return false;
            }
            for (int i = 0; i < a.slots().size(); i++) {
                StateLayout.Slot x = a.slots().get(i);
                StateLayout.Slot y = b.slots().get(i);
                if (!x.name().equals(y.name()) || !Arrays.equals(x.shape(), y.shape())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The config as Java serialisation can carry it inside the job graph. */
    private record SerializedConfig(int inputHeight, int inputWidth, int[] stemChannels, boolean[] stemPool, int blocks,
                                    int heads, int mlpRatio, int numClasses, int t, int taw, double tauInit, String decay,
                                    boolean nsad, double lifTau, double vth, double vthAttn, double bnEps)
            implements java.io.Serializable {

        static SerializedConfig of(ModelConfig c) {
            int[] channels = c.stemChannels().stream().mapToInt(Integer::intValue).toArray();
            boolean[] pool = new boolean[c.stemPool().size()];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = c.stemPool().get(i);
            }
            return new SerializedConfig(c.inputHeight(), c.inputWidth(), channels, pool, c.blocks(), c.heads(), c.mlpRatio(),
                    c.numClasses(), c.T(), c.taw(), c.tauInit(), c.decay().key(), c.nsad(), c.lifTau(), c.vth(), c.vthAttn(),
                    c.bnEps());
        }

        void write(DataOutputView out) throws IOException {
            out.writeInt(inputHeight);
            out.writeInt(inputWidth);
            out.writeInt(stemChannels.length);
            for (int i = 0; i < stemChannels.length; i++) {
                out.writeInt(stemChannels[i]);
                out.writeBoolean(stemPool[i]);
            }
            for (int v : new int[] {blocks, heads, mlpRatio, numClasses, t, taw}) {
                out.writeInt(v);
            }
            out.writeDouble(tauInit);
            out.writeUTF(decay);
            out.writeBoolean(nsad);
            for (double v : new double[] {lifTau, vth, vthAttn, bnEps}) {
                out.writeDouble(v);
            }
        }

        static SerializedConfig read(DataInputView in) throws IOException {
            int h = in.readInt();
            int w = in.readInt();
            int stages = in.readInt();
            int[] channels = new int[stages];
            boolean[] pool = new boolean[stages];
            for (int i = 0; i < stages; i++) {
                channels[i] = in.readInt();
                pool[i] = in.readBoolean();
            }
            return new SerializedConfig(h, w, channels, pool, in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readDouble(), in.readUTF(), in.readBoolean(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble());
        }

        ModelConfig toModelConfig() {
            List<Integer> channels = Arrays.stream(stemChannels).boxed().toList();
            List<Boolean> pool = new ArrayList<>(stemPool.length);
            for (boolean p : stemPool) {
                pool.add(p);
            }
            return new ModelConfig(inputHeight, inputWidth, channels, pool, blocks, heads, mlpRatio, numClasses, t, taw, tauInit,
                    ModelConfig.Decay.fromKey(decay), nsad, lifTau, vth, vthAttn, bnEps);
        }
    }
}
