package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.policy.Workers;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML document into a {@link ScalingPolicy}, reporting every problem it finds. Each
 * part is empty only when it reported a problem; an absent part gets its default. Records are
 * built only from values that passed the same rules their constructors enforce.
 */
final class PolicyReader {

    static final String API_VERSION = "queue-autoscaler/v1";
    static final String KIND = "ScalingPolicy";
    static final int DEFAULT_MIN_CAPACITY = 0;
    static final int DEFAULT_EVALUATION_INTERVAL_SECONDS = 15;
    static final ScaleInMode DEFAULT_SCALE_IN = ScaleInMode.setDesired;
    static final int MAX_NAME_LENGTH = 63;
    /** Auto Scaling's own limit on a group name. */
    static final int MAX_GROUP_NAME_LENGTH = 255;

    private static final List<String> DOCUMENT = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> METADATA = List.of("name");
    private static final List<String> SPEC = List.of("target", "queues", "workers", "scaling", "behavior",
            "metrics", "evaluationIntervalSeconds", "onMetricFailure", "protection", "scaleIn", "dryRun");
    private static final List<String> TARGET = List.of("autoScalingGroupName", "minCapacity", "maxCapacity");
    private static final List<String> WORKERS = List.of("concurrencyPerInstance", "messagesPerSecondPerInstance", "warmupSeconds");
    private static final List<String> METRICS = List.of("source", "includeInFlight", "includeDelayed");
    private static final List<String> ON_METRIC_FAILURE = List.of("hold", "fallbackCapacity", "afterFailures");
    private static final List<String> PROTECTION = List.of("enabled", "leaseSeconds", "maxLeaseSeconds", "lifecycleHook");

    private final Problems problems;

    PolicyReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's policy, or empty when the document has problems (all of them reported). */
    Optional<LocatedPolicy> read(Node document) {
        int before = problems.count();
        Optional<Fields> root = Fields.root(document, problems, DOCUMENT);
        root.ifPresent(PolicyReader::header);
        Optional<Fields> metadata = root.flatMap(doc -> doc.mapping("metadata", METADATA));
        Optional<String> name = metadata.flatMap(PolicyReader::name);
        Optional<Fields> spec = root.flatMap(doc -> doc.mapping("spec", SPEC));
        Optional<Fields> target = spec.flatMap(fields -> fields.mapping("target", TARGET));
        Optional<ScalingPolicy> policy = spec.flatMap(fields -> spec(fields, target, name, before));
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new LocatedPolicy(policy.orElseThrow(), problems.source(),
                metadata.orElseThrow().lineOf("name"), target.orElseThrow().lineOf("autoScalingGroupName")));
    }

    private static void header(Fields doc) {
        doc.string("apiVersion").filter(version -> !version.equals(API_VERSION)).ifPresent(version ->
                doc.report("apiVersion", "unsupported apiVersion '" + version + "' (supported: " + API_VERSION + ")"));
        doc.string("kind").filter(kind -> !kind.equals(KIND)).ifPresent(kind ->
                doc.report("kind", "unknown kind '" + kind + "' (expected: " + KIND + ")"));
        doc.require("metadata", "spec");
    }

    private static Optional<String> name(Fields metadata) {
        metadata.require("name");
        Optional<String> name = metadata.string("name");
        Optional<String> valid = name.filter(value ->
                ScalingPolicy.NAME.matcher(value).matches() && value.length() <= MAX_NAME_LENGTH);
        if (name.isPresent() && valid.isEmpty()) {
            metadata.report("name", "'" + name.get() + "' is not a valid name: use lowercase letters, digits and"
                    + " '-', starting and ending with a letter or digit, at most " + MAX_NAME_LENGTH + " characters");
        }
        return valid;
    }

    /** The policy, unless the document has problems since {@code before}, the count at its start. */
    private Optional<ScalingPolicy> spec(Fields spec, Optional<Fields> targetFields, Optional<String> name, int before) {
        spec.require("target", "queues");
        Optional<Target> target = targetFields.flatMap(this::target);
        Optional<List<QueueSpec>> queues = new QueuesReader(problems).read(spec);
        Optional<Workers> workers = spec.section("workers", WORKERS, Workers.DEFAULT, PolicyReader::workers);
        Optional<Scaling> scaling = new ScalingReader(problems).read(spec);
        int interval = spec.integer("evaluationIntervalSeconds", 1).orElse(DEFAULT_EVALUATION_INTERVAL_SECONDS);
        ScalingMode mode = scaling.map(Scaling::mode).orElse(ScalingReader.DEFAULT_MODE);
        Optional<Behavior> behavior = new BehaviorReader(problems).read(spec, Behavior.defaultFor(mode, interval));
        Optional<MetricsSpec> metrics = spec.section("metrics", METRICS, MetricsSpec.DEFAULT, PolicyReader::metrics);
        Optional<OnMetricFailure> onMetricFailure = spec.section("onMetricFailure", ON_METRIC_FAILURE,
                OnMetricFailure.DEFAULT, rule -> onMetricFailure(rule, target));
        Optional<Protection> protection = spec.section("protection", PROTECTION, Protection.DEFAULT, PolicyReader::protection);
        ScaleInMode scaleIn = spec.choice("scaleIn", ScaleInMode.class).orElse(DEFAULT_SCALE_IN);
        boolean dryRun = spec.bool("dryRun").orElse(false);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ScalingPolicy(name.orElseThrow(), target.orElseThrow(), queues.orElseThrow(),
                workers.orElseThrow(), scaling.orElseThrow(), behavior.orElseThrow(), metrics.orElseThrow(), interval,
                onMetricFailure.orElseThrow(), protection.orElseThrow(), scaleIn, dryRun));
    }

    private Optional<Target> target(Fields target) {
        int before = problems.count();
        target.require("autoScalingGroupName", "maxCapacity");
        Optional<String> group = target.string("autoScalingGroupName");
        if (group.filter(value -> value.isBlank() || value.length() > MAX_GROUP_NAME_LENGTH).isPresent()) {
            target.report("autoScalingGroupName", "must be 1 to " + MAX_GROUP_NAME_LENGTH + " characters and not blank");
        }
        int min = target.integer("minCapacity", 0).orElse(DEFAULT_MIN_CAPACITY);
        OptionalInt max = target.integer("maxCapacity", 0);
        if (max.isPresent() && max.getAsInt() < min) {
            target.report("maxCapacity", max.getAsInt() + " is below minCapacity " + min);
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new Target(group.orElseThrow(), min, max.orElseThrow()));
    }

    private static Supplier<Workers> workers(Fields workers) {
        Workers defaults = Workers.DEFAULT;
        int concurrency = workers.integer("concurrencyPerInstance", 1).orElse(defaults.concurrencyPerInstance());
        OptionalDouble throughput = workers.number("messagesPerSecondPerInstance", value -> value > 0,
                "above 0 (leave it out to learn it from observations)");
        int warmup = workers.integer("warmupSeconds", 0).orElse(defaults.warmupSeconds());
        return () -> new Workers(concurrency, throughput, warmup);
    }

    private static Supplier<MetricsSpec> metrics(Fields metrics) {
        MetricsSpec defaults = MetricsSpec.DEFAULT;
        MetricsSpec.Source source = metrics.choice("source", MetricsSpec.Source.class).orElse(defaults.source());
        boolean inFlight = metrics.bool("includeInFlight").orElse(defaults.includeInFlight());
        boolean delayed = metrics.bool("includeDelayed").orElse(defaults.includeDelayed());
        return () -> new MetricsSpec(source, inFlight, delayed);
    }

    /**
     * {@code fallbackCapacity: null} (or absent) means no fallback: hold while metrics are missing.
     * {@code hold} never changed that (a scale-in needs evidence, and a failed read is none), so
     * it still loads, with a warning, and means nothing.
     */
    private static Supplier<OnMetricFailure> onMetricFailure(Fields rule, Optional<Target> target) {
        OnMetricFailure defaults = OnMetricFailure.DEFAULT;
        if (rule.has("hold")) {
            rule.bool("hold"); // still checked, so a typo in its value is reported
            rule.warn("hold", "is deprecated and ignored: capacity is always held while queue depth is unreadable;"
                    + " set fallbackCapacity to move to a number after afterFailures failures");
        }
        OptionalInt fallback = rule.integer("fallbackCapacity", 0);
        int afterFailures = rule.integer("afterFailures", 1).orElse(defaults.afterFailures());
        if (fallback.isPresent() && target.isPresent()) {
            int capacity = fallback.getAsInt();
            if (capacity > target.get().maxCapacity()) {
                rule.report("fallbackCapacity", capacity + " is above maxCapacity " + target.get().maxCapacity());
            } else if (capacity < target.get().minCapacity()) {
                rule.report("fallbackCapacity", capacity + " is below minCapacity " + target.get().minCapacity());
            }
        }
        return () -> new OnMetricFailure(fallback.isPresent() ? fallback : defaults.fallbackCapacity(), afterFailures);
    }

    private static Supplier<Protection> protection(Fields protection) {
        Protection defaults = Protection.DEFAULT;
        boolean enabled = protection.bool("enabled").orElse(defaults.enabled());
        int lease = protection.integer("leaseSeconds", 1).orElse(defaults.leaseSeconds());
        int maxLease = protection.integer("maxLeaseSeconds", 1).orElse(defaults.maxLeaseSeconds());
        if (lease > maxLease) {
            protection.report("leaseSeconds", lease + " is above maxLeaseSeconds " + maxLease);
        }
        Optional<String> hook = protection.string("lifecycleHook");
        hook.filter(name -> !Protection.HOOK_NAME.matcher(name).matches()).ifPresent(name ->
                protection.report("lifecycleHook", "'" + name + "' is not a lifecycle hook name: 1 to 255 letters, "
                        + "digits, '-', '_' or '/' (the name given to put-lifecycle-hook)"));
        return () -> new Protection(enabled, lease, maxLease, hook);
    }
}
