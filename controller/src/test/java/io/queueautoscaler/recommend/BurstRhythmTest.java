package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Warmup 60 s; a burst's capacity must be ordered {@link #LEAD} = 60 + 3 * 15 s ahead of it. */
class BurstRhythmTest {
    static final double WARMUP = 60;
    static final double LEAD = 105;

    /** Bursts of {@code rate} msg/s starting at each of {@code onsets}, each lasting 60 s. */
    private static BurstRhythm bursts(double rate, long... onsets) {
        BurstRhythm rhythm = BurstRhythm.NONE;
        for (long onset : onsets) {
            rhythm = rhythm.observe(at(onset), rate, true, LEAD).observe(at(onset + 30), rate, true, LEAD)
                    .observe(at(onset + 60), 0, false, LEAD);
        }
        return rhythm;
    }

    @Test
    void regularBurstsReleaseTheirCapacityAndOrderItAgainAheadOfTheNext() {
        BurstRhythm rhythm = bursts(10, 0, 1800, 3600);

        // Held right after the burst, the next (due at 5400) is too far off to keep it.
        assertThat(rhythm.keep(at(3700), WARMUP, LEAD, true).rate()).isZero();
        // Ordered again when the next is due within the lead, kept until it comes.
        assertThat(rhythm.keep(at(5400 - 110), WARMUP, LEAD, false).rate()).isZero();
        BurstRhythm.Keep ahead = rhythm.keep(at(5400 - 100), WARMUP, LEAD, false);
        assertThat(ahead.rate()).isEqualTo(10);
        assertThat(ahead.why()).contains("bursts every ~1800 s").contains("the next due within 100 s").contains("warmup 60 s");
        assertThat(rhythm.keep(at(5400 + 30), WARMUP, LEAD, true).rate()).isEqualTo(10);
        // A burst that does not come is given up on a warmup after it was due.
        assertThat(rhythm.keep(at(5400 + 61), WARMUP, LEAD, true).rate()).isZero();
    }

    @Test
    void burstsDueSoonerThanAReleaseWouldPayOffKeepTheirCapacity() {
        BurstRhythm rhythm = bursts(10, 0, 200, 400);

        // Right after the burst at 400 the next is due at 600, within lead + warmup: kept throughout.
        for (long t = 470; t <= 600; t += 15) {
            assertThat(rhythm.keep(at(t), WARMUP, LEAD, true).rate()).as("at %d s", t).isEqualTo(10);
        }
    }

    @Test
    void oneBurstIsKeptForOneWarmupAfterItEnds() {
        BurstRhythm rhythm = bursts(10, 1000);

        assertThat(rhythm.keep(at(1060 + 60), WARMUP, LEAD, true).rate()).isEqualTo(10);
        assertThat(rhythm.keep(at(1060 + 61), WARMUP, LEAD, true).rate()).isZero();
    }

    @Test
    void irregularBurstsKeepTheLargestPeakThroughTheLongestGapThenFadeOverIt() {
        BurstRhythm rhythm = BurstRhythm.NONE.observe(at(0), 10, true, LEAD).observe(at(15), 0, false, LEAD)
                .observe(at(300), 4, true, LEAD).observe(at(315), 0, false, LEAD)
                .observe(at(1500), 6, true, LEAD).observe(at(1515), 0, false, LEAD);

        // gaps of 300 and 1200 s: the largest peak, 10, is kept until 1200 s after the burst at 1500
        BurstRhythm.Keep kept = rhythm.keep(at(2000), WARMUP, LEAD, true);
        assertThat(kept.rate()).isEqualTo(10);
        assertThat(kept.why()).contains("too irregular to time the next");
        assertThat(rhythm.keep(at(2700), WARMUP, LEAD, true).rate()).isEqualTo(10);
        assertThat(rhythm.keep(at(3300), WARMUP, LEAD, true).rate()).isCloseTo(10 * Math.exp(-600.0 / 1200), within(1e-9));
    }

    @Test
    void aBurstThatResumesBeforeCapacityCouldLandIsTheSameBurst() {
        BurstRhythm rhythm = BurstRhythm.NONE.observe(at(0), 5, true, LEAD).observe(at(15), 0, false, LEAD)
                .observe(at(60), 8, true, LEAD).observe(at(75), 0, false, LEAD)
                .observe(at(500), 3, true, LEAD);

        assertThat(rhythm.bursts()).extracting(BurstRhythm.Burst::onset).containsExactly(at(0), at(500));
        assertThat(rhythm.bursts()).extracting(BurstRhythm.Burst::peakRate).containsExactly(8.0, 3.0);
        assertThat(rhythm.keep(at(510), WARMUP, LEAD, true).rate()).as("nothing is kept during a burst").isZero();
    }
}
