package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Renewals wait for their commit in a bounded line, committed in the order they arrived. */
class GroupCommitTest {
    private static final String INSTANCE = "i-0a1b2c3d4e5f60001";

    @Test
    void requestsCommitInArrivalOrderAndOnePastTheBoundIsRefusedAtOnce() throws Exception {
        CountDownLatch inFirstCommit = new CountDownLatch(1);
        CountDownLatch databaseBack = new CountDownLatch(1);
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit commits = new GroupCommit(slowStore(inFirstCommit, databaseBack, committed));
        try {
            CompletableFuture<List<Boolean>> first = commits.submit(List.of(renewal("first")));
            assertThat(inFirstCommit.await(30, TimeUnit.SECONDS)).as("the writer took the first request").isTrue();
            List<CompletableFuture<List<Boolean>>> waiting = new ArrayList<>();
            List<String> expectedOrder = new ArrayList<>(List.of("first"));
            for (int i = 0; i < GroupCommit.MAX_WAITING; i++) {
                waiting.add(commits.submit(List.of(renewal("task-" + i))));
                expectedOrder.add("task-" + i);
            }

            CompletableFuture<List<Boolean>> oneTooMany = commits.submit(List.of(renewal("one-too-many")));

            assertThat(oneTooMany).isCompletedExceptionally();
            assertThat(oneTooMany.handle((r, e) -> e).get()).isInstanceOf(RejectedExecutionException.class);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            databaseBack.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(true);
            for (CompletableFuture<List<Boolean>> w : waiting) {
                assertThat(w.get(30, TimeUnit.SECONDS)).containsExactly(true);
            }
            assertThat(committed).as("first come, first committed").containsExactlyElementsOf(expectedOrder);
            assertThat(commits.submit(List.of(renewal("after"))).get(30, TimeUnit.SECONDS))
                    .as("the line has room again").containsExactly(true);
        } finally {
            databaseBack.countDown();
            commits.stop(Duration.ofSeconds(30));
        }
    }

    private static Renewal renewal(String holder) {
        return new Renewal(INSTANCE, holder, Instant.parse("2026-11-30T10:00:00Z"), Duration.ofMinutes(5));
    }

    /** A store whose first commit waits until {@code databaseBack}; it records the holders it renews, in order. */
    private static LeaseStore slowStore(CountDownLatch inFirstCommit, CountDownLatch databaseBack, List<String> committed) {
        return (LeaseStore) Proxy.newProxyInstance(LeaseStore.class.getClassLoader(), new Class<?>[] {LeaseStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("renew")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    List<Renewal> renewals = (List<Renewal>) args[0];
                    inFirstCommit.countDown();
                    if (!databaseBack.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the database back");
                    }
                    renewals.forEach(r -> committed.add(r.holder()));
                    return renewals.stream().map(r -> true).toList();
                });
    }
}
