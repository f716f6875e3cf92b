package io.queueautoscaler.recommend;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Learns per-instance throughput from the messages workers deleted in saturated minutes, where
 * the queue metrics count deletions (CloudWatch's {@code NumberOfMessagesDeleted}).
 *
 * <p>A worker deletes a message once it has processed it. In a minute that had messages waiting
 * on one of the policy's queues from its start to its end, no worker slot stayed free (a free
 * slot would have taken one), so the messages deleted from all the policy's queues in that minute
 * are what the busy slots did: throughput per instance = concurrency * deleted / busy
 * slot-seconds, the busy slots bounded from above as for a drain (every slot of every instance in
 * service, or the messages in flight when more). Unlike a drain this needs no guess of the
 * arrivals, and unlike leased tasks it holds for workers that hold one lease across several
 * tasks. The counts are those of the group's workers only when nothing else deletes messages
 * from the queues.
 *
 * <p>CloudWatch publishes a minute a few minutes late, so the busy slot-seconds are counted per
 * minute as the evaluations go ({@link #slots}, for {@link #SLOT_MEMORY}), and a minute's
 * deletions are matched with them when they arrive. A minute counts only when the evaluations
 * covered all of it, with instances in service throughout, and once: the windows CloudWatch is
 * read over overlap, so the same minute comes again on the next evaluations. The sums are kept
 * over the most recent {@link #MAX_DELETED} messages (at most {@link #MAX_MINUTES} minutes within
 * {@link ServiceRateEstimator#MEMORY}) and used from {@link #MIN_MINUTES} minutes and
 * {@link #MIN_DELETED} messages on, as with leased tasks, never keeping fewer than
 * {@link #MIN_MINUTES} however many each deleted.
 */
public record SaturatedMinutes(List<Slots> slots, List<Minute> minutes) {
    /** Fewer minutes are too few to average out what a single minute's edges get wrong. */
    static final int MIN_MINUTES = 3;
    /** Fewer messages say too little about random service times (see {@link ServiceRateEstimator#MIN_LEASED_TASKS}). */
    static final long MIN_DELETED = 200;
    /** The most recent messages the rate is measured on (see {@link ServiceRateEstimator#MAX_LEASED_TASKS}). */
    static final long MAX_DELETED = 2000;
    /** Minutes remembered, whatever their count: a trickle of a few messages a minute stays bounded. */
    static final int MAX_MINUTES = 120;
    /** How long busy slot-seconds wait for their minute's deletions: longer than CloudWatch's delay in publishing SQS minutes. */
    public static final Duration SLOT_MEMORY = Duration.ofMinutes(15);
    /** A longer interval between two evaluations (a restart, failed reads) may hide a capacity change, and counts in no minute. */
    static final double MAX_INTERVAL_SECONDS = 120;

    public static final SaturatedMinutes NONE = new SaturatedMinutes(List.of(), List.of());

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final double MINUTE_SECONDS = MINUTE.toSeconds();

    public SaturatedMinutes {
        slots = List.copyOf(slots);
        minutes = List.copyOf(minutes);
    }

    /**
     * The busy slots counted in one minute so far: how many of its seconds the evaluations covered,
     * the busy slot-seconds in them, and whether instances were in service throughout.
     */
    public record Slots(Instant minute, double seconds, double slotSeconds, boolean inService) {
        public Slots {
            Objects.requireNonNull(minute, "minute");
            if (!(seconds >= 0 && slotSeconds >= 0) || Double.isInfinite(slotSeconds)) {
                throw new IllegalArgumentException("a minute's seconds and slot-seconds must be at least 0, were "
                        + seconds + " and " + slotSeconds);
            }
        }

        /** All of the minute, up to the microsecond a stored evaluation time may have lost. */
        boolean covered() {
            return seconds >= MINUTE_SECONDS - 1e-3;
        }
    }

    /** One saturated minute: the messages deleted from the policy's queues in it and its busy slot-seconds. */
    public record Minute(Instant minute, long deleted, double slotSeconds) {
        public Minute {
            Objects.requireNonNull(minute, "minute");
            if (deleted < 0 || !(slotSeconds > 0) || Double.isInfinite(slotSeconds)) {
                throw new IllegalArgumentException("a saturated minute needs deletions of at least 0 and slot-seconds above 0, were "
                        + deleted + " and " + slotSeconds);
            }
        }
    }

    /**
     * The throughput the remembered minutes show at {@code now}, once there are enough of them:
     * concurrency * deleted / busy slot-seconds, with the minutes it rests on.
     */
    Optional<Throughput> throughput(int concurrency, Instant now) {
        List<Minute> recent = recent(now);
        long deleted = recent.stream().mapToLong(Minute::deleted).sum();
        double slotSeconds = recent.stream().mapToDouble(Minute::slotSeconds).sum();
        if (recent.size() < MIN_MINUTES || deleted < MIN_DELETED || !(slotSeconds > 0)) {
            return Optional.empty();
        }
        return Optional.of(Throughput.learned(concurrency * deleted / slotSeconds, recent.size(),
                Throughput.Evidence.deletedMessages));
    }

    /** The saturated minutes seen so far, against the minutes and messages needed to learn from them, or "" when none. */
    String progress(Instant now) {
        List<Minute> recent = recent(now);
        if (recent.isEmpty()) {
            return "";
        }
        long deleted = recent.stream().mapToLong(Minute::deleted).sum();
        return Numbers.plural(recent.size(), "saturated minute") + " of the " + MIN_MINUTES + " needed, with "
                + Numbers.plural(deleted, "deleted message") + " of the " + MIN_DELETED;
    }

    private List<Minute> recent(Instant now) {
        Instant horizon = now.minus(ServiceRateEstimator.MEMORY);
        return minutes.stream().filter(m -> m.minute().isAfter(horizon)).toList();
    }

    /**
     * After one evaluation at {@code end}: the interval of {@code seconds} before it counted into its
     * minutes (0 when there is none to compare with), then the saturated minutes of the queues'
     * deletions taken. Busy slots are counted only while the queues come with deletions.
     */
    SaturatedMinutes observe(Instant end, double seconds, double busySlotsBound, boolean inService,
                             List<QueueDepth> queues) {
        if (queues.stream().allMatch(q -> q.deletions().isEmpty())) {
            return this;
        }
        List<Slots> counted = count(end, seconds, busySlotsBound, inService);
        List<Minute> kept = new ArrayList<>(minutes);
        for (Map.Entry<Instant, List<Deletions>> minute : byMinute(queues).entrySet()) {
            Instant at = minute.getKey();
            List<Deletions> all = minute.getValue();
            if (all.size() < queues.size() || kept.stream().anyMatch(m -> m.minute().equals(at))
                    || all.stream().noneMatch(Deletions::waitedThroughout)) {
                continue;
            }
            counted.stream().filter(s -> s.minute().equals(at) && s.covered() && s.inService() && s.slotSeconds() > 0)
                    .findFirst()
                    .ifPresent(s -> kept.add(new Minute(at, all.stream().mapToLong(Deletions::count).sum(), s.slotSeconds())));
        }
        kept.sort(Comparator.comparing(Minute::minute));
        Instant horizon = end.minus(ServiceRateEstimator.MEMORY);
        kept.removeIf(m -> !m.minute().isAfter(horizon));
        // Never fewer than the minutes a measurement needs: a group deleting 2000 a minute still learns.
        ServiceRateEstimator.keepMostRecent(kept, Minute::deleted, MAX_DELETED, MIN_MINUTES, MAX_MINUTES);
        return new SaturatedMinutes(counted, kept);
    }

    /** Each minute's deletions from every queue that reported it. */
    private static Map<Instant, List<Deletions>> byMinute(List<QueueDepth> queues) {
        Map<Instant, List<Deletions>> byMinute = new TreeMap<>();
        for (QueueDepth queue : queues) {
            for (Deletions deletions : queue.deletions()) {
                byMinute.computeIfAbsent(deletions.minute(), m -> new ArrayList<>()).add(deletions);
            }
        }
        return byMinute;
    }

    /** The slots with the interval ending at {@code end} spread over the minutes it covers, the stale ones dropped. */
    private List<Slots> count(Instant end, double seconds, double busySlots, boolean inService) {
        Map<Instant, Slots> counted = new TreeMap<>();
        slots.forEach(s -> counted.put(s.minute(), s));
        if (seconds > 0 && seconds <= MAX_INTERVAL_SECONDS) {
            Instant start = end.minusNanos(Math.round(seconds * 1e9));
            for (Instant minute = start.truncatedTo(ChronoUnit.MINUTES); minute.isBefore(end);
                 minute = minute.plus(MINUTE)) {
                Instant from = start.isAfter(minute) ? start : minute;
                Instant next = minute.plus(MINUTE);
                double overlap = Numbers.seconds(from, end.isBefore(next) ? end : next);
                Slots before = counted.getOrDefault(minute, new Slots(minute, 0, 0, true));
                counted.put(minute, new Slots(minute, before.seconds() + overlap,
                        before.slotSeconds() + busySlots * overlap, before.inService() && inService));
            }
        }
        Instant horizon = end.minus(SLOT_MEMORY);
        return new ArrayList<>(counted.values().stream().filter(s -> s.minute().isAfter(horizon)).toList());
    }
}
