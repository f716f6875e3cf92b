package io.queueautoscaler.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HPA's arithmetic and default behavior as KEDA relies on it. */
class HorizontalPodAutoscalerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            from 2 pods scale-up is limited to +4 pods, more than +100 percent | 2  | 100   | 1  | 6
            from 10 pods scale-up is limited to +100 percent, more than +4     | 10 | 1000  | 1  | 20
            usage within 10 percent of the target keeps the replicas           | 10 | 105   | 10 | 10
            usage 11 percent above the target scales to ceil(usage / target)   | 10 | 111   | 10 | 12
            the group maximum caps any proposal                                | 30 | 10000 | 1  | 50
            """)
    void oneSyncFromRest(String name, int current, double usage, double target, int expected) {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(1, 50);

        assertThat(hpa.sync(0, current, List.of(usage), List.of(target))).isEqualTo(expected);
    }

    @Test
    void scaleDownTakesTheHighestRecommendationOfTheLastFiveMinutes() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(1, 50);
        assertThat(hpa.sync(0, 10, List.of(100.0), List.of(10.0))).isEqualTo(10);

        assertThat(hpa.sync(15, 10, List.of(20.0), List.of(10.0))).isEqualTo(10);
        assertThat(hpa.sync(285, 10, List.of(20.0), List.of(10.0))).isEqualTo(10);
        // the recommendation of second 0 is now exactly 300 s old: no longer after the cutoff
        assertThat(hpa.sync(300, 10, List.of(20.0), List.of(10.0))).isEqualTo(2);
    }

    @Test
    void theFirstSyncCannotScaleDownBecauseTheWindowStartsWithTheCurrentReplicas() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(1, 50);

        assertThat(hpa.sync(0, 10, List.of(20.0), List.of(10.0))).isEqualTo(10);
    }

    @Test
    void theLargestProposalAmongMetricsWinsEachAgainstItsOwnTarget() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(1, 50);

        // 8 messages at 4 per pod: 2 pods; 24 messages at 3 per pod: 8 pods, limited to 4 + 4
        assertThat(hpa.sync(0, 4, List.of(8.0, 24.0), List.of(4.0, 3.0))).isEqualTo(8);
    }
}
