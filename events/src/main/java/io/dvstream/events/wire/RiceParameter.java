package io.dvstream.events.wire;

/**
 * Chooses the Rice parameter k that makes a column smallest. The size of n values coded with k is
 * {@code n * (k + 1) + sum(v >>> k)}; it is convex in k, so starting from log2 of the mean and
 * walking downhill finds the minimum in a few passes.
 */
final class RiceParameter {

    private RiceParameter() {
    }

    /** Best k for the deltas {@code t[i] - t[i-1]}, i in 1..n-1. */
    static int forDeltas(long[] t, int n) {
        if (n < 2) {
            return 0;
        }
        long span = t[n - 1] - t[0];
        int k = start(span, n - 1);
        return downhill(k, kk -> {
            long size = (long) (n - 1) * (kk + 1);
            for (int i = 1; i < n; i++) {
                size += costOfQuotient((t[i] - t[i - 1]) >>> kk);
            }
            return size;
        });
    }

    /** Best k for {@code zigzag(v[i] - center)}, i in 0..n-1. */
    static int forOffsets(short[] v, int n, int center) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += WireCodec.zigzag(v[i] - center);
        }
        int k = start(sum, n);
        return downhill(k, kk -> {
            long size = (long) n * (kk + 1);
            for (int i = 0; i < n; i++) {
                size += WireCodec.zigzag(v[i] - center) >>> kk;
            }
            return size;
        });
    }

    private interface Cost {
        long bits(int k);
    }

    private static long costOfQuotient(long q) {
        // An escaped value costs 96 bits instead of q (see BitWriter.writeRice).
        return q < WireCodec.RICE_ESCAPE ? q : 96;
    }

    private static int start(long sum, int count) {
        long mean = sum / Math.max(1, count);
        return Math.min(WireCodec.MAX_RICE_K, mean <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(mean));
    }

    private static int downhill(int k, Cost cost) {
        long here = cost.bits(k);
        while (k > 0) {
            long lower = cost.bits(k - 1);
            if (lower > here) {
                break;
            }
            k--;
            here = lower;
        }
        while (k < WireCodec.MAX_RICE_K) {
            long higher = cost.bits(k + 1);
            if (higher >= here) {
                break;
            }
            k++;
            here = higher;
        }
        return k;
    }
}
