package io.dvstream.training;

/**
 * Linear warm-up to {@code peak} over {@code warmup} steps, then cosine decay to 0 at {@code total}
 * (spec section 8: cosine schedule with warm-up).
 */
public record CosineSchedule(double peak, long warmup, long total) {

    public CosineSchedule {
        if (!(peak > 0) || warmup < 0 || total < 1 || warmup > total) {
            throw new IllegalArgumentException("need peak > 0 and 0 <= warmup <= total, total >= 1; got " + peak
                    + ", " + warmup + ", " + total);
        }
    }

    /** The learning rate of step {@code step} (0-based). */
    public double lr(long step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
