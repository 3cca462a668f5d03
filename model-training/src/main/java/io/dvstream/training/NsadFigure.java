package io.dvstream.training;

import io.dvstream.model.Ds2ta;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The learned NSAD tables of a model (spec 4.3) as one PNG: LUT[v] against the score v for every
 * head of every block, with the initial table 0.125 v for reference; how the tables settle is an
 * open question of the DS2TA paper, so the figure is part of every evaluation.
 */
public final class NsadFigure {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private NsadFigure() {
    }

    public static void write(Ds2ta model, Path png) throws IOException {
        var c = model.config();
        int width = c.headDim() + 1;
        double[] x = new double[width];
        double[] init = new double[width];
        for (int v = 0; v < width; v++) {
            x[v] = v;
            init[v] = 0.125 * v;
        }
        var series = new ArrayList<Plots.Series>();
        double hi = init[width - 1];
        for (int l = 0; l < c.blocks(); l++) {
            float[] lut = model.weights().get("blocks." + l + ".attn.nsad.lut");
            for (int h = 0; h < c.heads(); h++) {
                double[] y = new double[width];
                for (int v = 0; v < width; v++) {
                    y[v] = lut[h * width + v];
                    hi = Math.max(hi, y[v]);
                }
                series.add(new Plots.Series("block " + l + " head " + h, y, COLORS[series.size() % COLORS.length]));
            }
        }
        series.add(new Plots.Series("initial 0.125 v", init, Color.GRAY));
        Plots.lines("learned NSAD tables LUT[v] (spec 4.3)", "score v", x, series, 0, Math.ceil(hi * 4) / 4, png);
    }
}
