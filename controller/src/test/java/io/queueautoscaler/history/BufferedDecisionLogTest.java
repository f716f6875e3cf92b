package io.queueautoscaler.history;

import static io.queueautoscaler.history.DecisionLogContract.T0;
import static io.queueautoscaler.history.DecisionLogContract.decision;
import static io.queueautoscaler.history.FoldingContract.unchanged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedDecisionLogTest {

    /** A store that refuses every write while away, as a database that cannot be reached does. */
    private static final class AwayStore extends ForwardingDecisionLog {
        volatile boolean away;
        volatile String refuse = "";
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger refusals = new AtomicInteger();
        /** While set, a write waits for it to open: the writer holds its batch, as during a slow commit. */
        volatile CountDownLatch hold;
        /**
         * An interrupt during that wait is swallowed, as Dropwizard's pool (tomcat-jdbc) swallows one
         * that comes while a thread waits for a connection, and the write fails.
         */
        volatile boolean poolSwallowsInterrupts;
        final CountDownLatch holding = new CountDownLatch(1);

        AwayStore(InMemoryDecisionLog memory) {
            super(memory);
        }

        @Override
        public List<Decision> appendAll(List<Decision> decisions) {
            CountDownLatch gate = hold;
            if (gate != null) {
                holding.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    if (poolSwallowsInterrupts) {
                        throw new ConnectionException(new SQLException("Pool wait interrupted.", e));
                    }
                    Thread.currentThread().interrupt();
                }
            }
            if (away) {
                refusals.incrementAndGet();
                throw new ConnectionException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
            }
            if (decisions.stream().anyMatch(d -> d.policy().equals(refuse))) {
                throw new IllegalStateException("value too long for type character varying(100)");
            }
            batches.incrementAndGet();
            return super.appendAll(decisions);
        }
    }

    private final InMemoryDecisionLog memory = new InMemoryDecisionLog(100_000);
    private final AwayStore store = new AwayStore(memory);
    private final MetricRegistry metrics = new MetricRegistry();
    private BufferedDecisionLog buffer;

    private BufferedDecisionLog start(int capacity) {
        return start(capacity, Duration.ofSeconds(1));
    }

    private BufferedDecisionLog start(int capacity, Duration firstRetry) {
        buffer = new BufferedDecisionLog(store, capacity, Duration.ofSeconds(30), metrics, firstRetry);
        buffer.start();
        return buffer;
    }

    @AfterEach
    void stop() throws InterruptedException {
        store.away = false;
        buffer.stop();
    }

    private static Decision applied(String policy, Instant time, int desired) {
        return decision(policy, time, 4, desired);
    }

    @Test
    void decisionsMadeWhileTheStoreIsAwayWaitAndAreWrittenInOrderWhenItAnswers() {
        start(10_000);
        store.away = true;
        for (int i = 0; i < 1200; i++) {
            buffer.append(applied("p" + i % 7, T0.plusSeconds(i), 5 + i % 30));
        }
        assertThat(memory.all()).isEmpty();

        store.away = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.all().size() == 1200);
        assertThat(memory.all()).extracting(Decision::time)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1200).mapToObj(T0::plusSeconds).toList());
        assertThat(store.batches.get()).as("written in batches, not one by one").isLessThan(1200);
        assertThat(buffer.waiting()).isZero();
    }

    @Test
    void repeatedUnchangedDecisionsFoldWhileTheyWaitSoAnIdlePolicyHoldsOneRecord() throws InterruptedException {
        start(10_000);
        store.hold = new CountDownLatch(1);
        buffer.append(applied("thumbnails", T0, 13));
        // The writer holds the applied decision in a slow write; the run after it folds beside it, whatever the timing.
        assertThat(store.holding.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 500; i++) {
            buffer.append(unchanged("thumbnails", T0.plusSeconds(15L * i), 13));
        }
        assertThat(buffer.waiting()).isEqualTo(2);

        store.hold.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.all().size() == 2);
        assertThat(memory.all().get(1)).satisfies(run -> {
            assertThat(run.repeated()).isEqualTo(500);
            assertThat(run.time()).isEqualTo(T0.plusSeconds(15));
            assertThat(run.lastTime()).isEqualTo(T0.plusSeconds(15L * 500));
        });
    }

    @Test
    void pastTheBoundTheOldestUnchangedGoFirstThenTheOldestAndEachDropIsCounted() throws InterruptedException {
        start(4, Duration.ofHours(1));
        store.away = true;
        buffer.append(applied("a", T0, 5));
        // The writer fails once, puts its batch back and waits out its pause with nothing in its hands.
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refusals.get() == 1 && buffer.pausing());
        buffer.append(unchanged("b", T0.plusSeconds(1), 3));
        buffer.append(failed("c", T0.plusSeconds(2)));
        buffer.append(unchanged("d", T0.plusSeconds(3), 3));
        buffer.append(applied("e", T0.plusSeconds(4), 6));  // drops b
        buffer.append(applied("f", T0.plusSeconds(5), 7));  // drops d
        buffer.append(applied("g", T0.plusSeconds(6), 8));  // drops a, the oldest once no unchanged one waits
        assertThat(metrics.meter("decisions.dropped").getCount()).isEqualTo(3);

        store.away = false;
        buffer.stop();  // ends the pause: what waits is written before it returns
        assertThat(memory.all()).extracting(Decision::policy).containsExactly("c", "e", "f", "g");
    }

    @Test
    void whileTheStoreIsAwayNewDecisionsWaitForTheNextRetryInsteadOfEachTryingTheStore() {
        start(10_000, Duration.ofHours(1));
        store.away = true;
        buffer.append(applied("a", T0, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refusals.get() == 1 && buffer.pausing());
        for (int i = 1; i <= 200; i++) {
            buffer.append(applied("p" + i % 7, T0.plusSeconds(i), 5 + i % 30));
        }

        assertThat(buffer.pausing()).isTrue();
        assertThat(store.refusals.get()).as("one try per pause, not one per decision").isEqualTo(1);
        assertThat(buffer.waiting()).isEqualTo(201);
    }

    @Test
    void aStopThatGivesUpOnTheDatabaseEndsTheWriterInsteadOfLeavingItTryingWithoutPause() throws InterruptedException {
        start(10_000, Duration.ofSeconds(1));
        store.away = true;
        buffer.append(applied("a", T0, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.refusals.get() == 1 && buffer.pausing());

        buffer.stop(Duration.ofMillis(500));
        int afterStop = store.refusals.get();
        Thread.sleep(1000);

        assertThat(store.refusals.get() - afterStop).as("tries after the stop gave up").isLessThanOrEqualTo(1);
        assertThat(memory.all()).isEmpty();
    }

    @Test
    void aStopThatGivesUpEndsTheWriterEvenWhenThePoolSwallowsTheInterrupt() throws InterruptedException {
        start(10_000, Duration.ofMillis(50));
        store.away = true;
        store.poolSwallowsInterrupts = true;
        store.hold = new CountDownLatch(1);  // the write waits for a connection until the stop interrupts it
        buffer.append(applied("a", T0, 5));
        assertThat(store.holding.await(30, TimeUnit.SECONDS)).isTrue();

        buffer.stop(Duration.ofMillis(400));
        store.hold = null;
        Thread.sleep(1000);

        assertThat(store.refusals.get()).as("tries after the stop gave up").isZero();
    }

    @Test
    void aDecisionTheStoreRefusesCostsOnlyItselfAndTheRestAreWritten() {
        start(10_000);
        store.away = true;
        store.refuse = "broken";
        buffer.append(applied("a", T0, 5));
        buffer.append(applied("broken", T0.plusSeconds(1), 5));
        buffer.append(applied("b", T0.plusSeconds(2), 5));

        store.away = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> buffer.waiting() == 0);
        assertThat(memory.all()).extracting(Decision::policy).containsExactly("a", "b");
    }

    @Test
    void aStopWritesWhatWaitsBeforeItReturns() throws InterruptedException {
        start(10_000);
        store.away = true;
        for (int i = 0; i < 50; i++) {
            buffer.append(applied("p", T0.plusSeconds(i), 5 + i));
        }

        store.away = false;
        buffer.stop();

        assertThat(memory.all()).hasSize(50);
    }

    private static Decision failed(String policy, Instant time) {
        Decision d = decision(policy, time, 4, 4);
        return new Decision(0, policy, time, 4, 4, 4, Action.NONE, Outcome.FAILED, Reason.METRICS_FAILED_HOLD,
                "hold 4: metrics failed", false, d.inputs(), d.stages());
    }
}
