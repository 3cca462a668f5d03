package io.dvstream.model;

/**
 * Cost of one step (or a sum of steps) by docs/ds2ta-spec.md section 7: synaptic operations on
 * spike inputs, multiply-accumulates on real-valued inputs, and the 45 nm estimate
 * {@code E = 4.6 pJ * MAC + 0.9 pJ * SOP}.
 */
public record StepEnergy(double sops, double macs, double joules) {

    /** Energy of one MAC at 45 nm, joules. */
    public static final double MAC_JOULES = 4.6e-12;
    /** Energy of one SOP (an accumulate) at 45 nm, joules. */
    public static final double SOP_JOULES = 0.9e-12;

    public static final StepEnergy ZERO = new StepEnergy(0, 0, 0);

    /** The estimate for {@code sops} and {@code macs}. */
    public static StepEnergy of(double sops, double macs) {
        return new StepEnergy(sops, macs, MAC_JOULES * macs + SOP_JOULES * sops);
    }

    public StepEnergy plus(StepEnergy o) {
        return new StepEnergy(sops + o.sops, macs + o.macs, joules + o.joules);
    }
}
