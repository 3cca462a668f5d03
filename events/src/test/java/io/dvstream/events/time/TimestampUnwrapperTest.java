package io.dvstream.events.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {

    @Test
    void shouldPassMonotoneTimestampsThrough() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap32(41_306_606)).isEqualTo(41_306_606L);
        assertThat(u.unwrap32(41_309_379)).isEqualTo(41_309_379L);
        assertThat(u.wraps()).isZero();
    }

    @Test
    void shouldUnwrapSignedOverflowAndFullWrap() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap32(Integer.MAX_VALUE - 5)).isEqualTo(Integer.MAX_VALUE - 5L);
        // int32 goes negative after 2^31 us: still just later time, not a wrap
        assertThat(u.unwrap32(Integer.MIN_VALUE + 5)).isEqualTo((1L << 31) + 5);
        assertThat(u.unwrap32(-1)).isEqualTo((1L << 32) - 1);
        // the 32-bit counter wraps to small values
        assertThat(u.unwrap32(10)).isEqualTo((1L << 32) + 10);
        assertThat(u.unwrap32(Integer.MIN_VALUE)).isEqualTo((1L << 32) + (1L << 31));
        assertThat(u.unwrap32(-1)).isEqualTo((2L << 32) - 1);
        assertThat(u.unwrap32(3)).isEqualTo((2L << 32) + 3);
        assertThat(u.wraps()).isEqualTo(2);
        assertThat(u.resets()).isZero();
    }

    @Test
    void shouldCountAndReportResetAndKeepClockMonotone() {
        List<long[]> heard = new ArrayList<>();
        TimestampUnwrapper u = new TimestampUnwrapper(1_000, (latest, raw, n) -> heard.add(new long[] {latest, raw, n}));
        u.unwrap32(5_000_000);
        u.unwrap32(5_000_100);
        long afterReset = u.unwrap32(20);   // the camera zeroed its clock
        long later = u.unwrap32(1_020);
        assertThat(afterReset).isEqualTo(5_000_100);
        assertThat(later).isEqualTo(5_000_100 + 1_000);
        assertThat(u.resets()).isEqualTo(1);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).containsExactly(5_000_100, 20, 1);
    }

    @Test
    void shouldHoldSmallBackwardStepsAndCountThem() {
        TimestampUnwrapper u = new TimestampUnwrapper(1_000, (a, b, c) -> { });
        u.unwrap32(10_000);
        assertThat(u.unwrap32(9_995)).isEqualTo(10_000);
        assertThat(u.unwrap32(10_001)).isEqualTo(10_001);
        assertThat(u.backwardSteps()).isEqualTo(1);
        assertThat(u.resets()).isZero();
    }

    @Test
    void shouldUnwrapAfterResetAgainstTheRestartedCounter() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        u.unwrap32(-100);            // near the top of the 32-bit range
        u.unwrap32(500_000_000);      // wrapped: 2^32 + 5e8
        long t = u.unwrap32(400_000_000); // 1e8 back: a reset, not a wrap
        assertThat(u.wraps()).isEqualTo(1);
        assertThat(u.resets()).isEqualTo(1);
        assertThat(u.unwrap32(400_000_010)).isEqualTo(t + 10);
    }

    @Test
    void shouldTreatSixtyFourBitSourcesWithoutWrapping() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.monotone(1_633_953_690_975_950L)).isEqualTo(1_633_953_690_975_950L);
        assertThat(u.monotone(1_633_953_690_975_954L)).isEqualTo(1_633_953_690_975_954L);
        assertThat(u.monotone(12L)).isEqualTo(1_633_953_690_975_954L);
        assertThat(u.resets()).isEqualTo(1);
    }
    @Test
    void shouldUnwrapRunsExactlyLikeSingleCalls() {
        java.util.Random random = new java.util.Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(300);
            int[] raw = new int[n];
            int v = random.nextInt();
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(20)) {
                    case 0 -> v -= random.nextInt(2_000); // jitter or small reset
                    case 1 -> v = random.nextInt(); // reset or wrap
                    default -> v += random.nextInt(50_000_000);
                }
                raw[i] = v;
            }
            TimestampUnwrapper single = new TimestampUnwrapper();
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = single.unwrap32(raw[i]);
            }
            TimestampUnwrapper bulk = new TimestampUnwrapper();
            long[] out = new long[n + 2];
            int cut = random.nextInt(n + 1);
            bulk.unwrap32Run(raw, out, 0, cut);
            bulk.unwrap32Run(raw, out, cut, n - cut);
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(expected);
            assertThat(bulk.toString()).isEqualTo(single.toString());

            long[] raw64 = new long[n];
            for (int i = 0; i < n; i++) {
                raw64[i] = (raw[i] & 0xFFFF_FFFFL) + (long) i * 7;
            }
            TimestampUnwrapper singleMonotone = new TimestampUnwrapper();
            long[] expected64 = new long[n];
            for (int i = 0; i < n; i++) {
                expected64[i] = singleMonotone.monotone(raw64[i]);
            }
            TimestampUnwrapper bulkMonotone = new TimestampUnwrapper();
            bulkMonotone.monotoneRun(raw64, 0, cut);
            bulkMonotone.monotoneRun(raw64, cut, n - cut);
            assertThat(raw64).isEqualTo(expected64);
            assertThat(bulkMonotone.toString()).isEqualTo(singleMonotone.toString());
        }
    }
}
