package io.dvstream.cli;

import io.dvstream.model.CostModel;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StateLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dvstream model info W}: configuration, parameter count, state size and dense cost of a weight file. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Load and validate a DS2TA weight file and print its configuration, parameter count, "
                + "per-stream state size, dense multiply-accumulates per step and its LIF layers.",
        footer = {"", "Example:", "  ./dvstream model info /tmp/w.safetensors"})
final class ModelInfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "W", description = "The weight file (safetensors).")
    Path weights;

    @Override
    public Integer call() throws Exception {
        Ds2ta m = Ds2ta.load(weights);
        ModelConfig c = m.config();
        CostModel cost = m.costModel();
        StateLayout layout = m.stateLayout();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "file        %s%n", weights);
        out.printf(Locale.ROOT, "input       [2, %d, %d] (OFF, ON event counts)%n", c.inputHeight(), c.inputWidth());
        out.printf(Locale.ROOT, "stem        channels %s, pool %s -> D %d, N %d tokens (%d x %d)%n", c.stemChannels(),
                c.stemPool(), c.D(), c.N(), c.stemOutHeight(), c.stemOutWidth());
        out.printf(Locale.ROOT, "blocks      %d, heads %d (d_h %d), mlp hidden %d, classes %d%n", c.blocks(), c.heads(),
                c.headDim(), c.hiddenDim(), c.numClasses());
        out.printf(Locale.ROOT, "TASA        taw %d, decay %s, tauInit %s; NSAD %s%n", c.taw(), c.decay().key(),
                c.tauInit(), c.nsad() ? "on" : "off");
        out.printf(Locale.ROOT, "LIF         tau %s, vth %s, vthAttn %s; T %d%n", c.lifTau(), c.vth(), c.vthAttn(), c.T());
        out.printf(Locale.ROOT, "streaming   mode %s, dt %d us, stride %d, classes %s%n", m.streaming().mode().key(),
                m.streaming().dtUs(), m.streaming().stride(), String.join(",", m.streaming().classes()));
        out.printf(Locale.ROOT, "parameters  %,d%n", m.weights().parameterCount());
        out.printf(Locale.ROOT, "state       %,d bytes per stream (%,d floats in %d slots)%n",
                m.newState().sizeBytes(), layout.floats(), layout.slots().size());
        out.printf(Locale.ROOT, "dense MACs  %,d per step%n", cost.denseMacs());
        int[] sizes = layout.lifLayerSizes();
        out.printf(Locale.ROOT, "LIF layers  %d:", sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            out.printf(Locale.ROOT, " %s(%,d)", layout.lifLayerNames().get(i), sizes[i]);
        }
        out.println();
        out.flush();
        return 0;
    }
}
