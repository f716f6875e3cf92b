package io.queueautoscaler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts every line the daemon writes at INFO or above (application log, request log, anything
 * else on its console) into what a 3 a.m. reader should find there: a decision that changed
 * something, a failure, a lease summary, a reload, start or stop, or a request someone made. The
 * rest is noise: a lease call in the access log, a failure that is not one short line, a line of
 * no known kind. JDK only, so that {@code benchmarks/classify-log.sh} runs it straight from its
 * source on a daemon's log.
 */
public final class LogClassifier {
    public enum Category {
        CHANGE("decision that changed something"),
        FAILURE("failure"),
        LEASE_SUMMARY("lease summary"),
        RELOAD("reload"),
        START_STOP("start/stop"),
        REQUEST("access log: a request other than a lease call"),
        LEASE_CALL("access log: a lease call (should be filtered out)"),
        LONG_FAILURE("failure longer than one short line"),
        UNKNOWN("unknown");

        final String label;

        Category(String label) {
            this.label = label;
        }

        public boolean isNoise() {
            return this == LEASE_CALL || this == LONG_FAILURE || this == UNKNOWN;
        }
    }

    public record Line(int number, String text, String level, Category category) {
    }

    /** A failure line that says its cause in one line is a few hundred characters; 1.8 KB ones were the problem. */
    static final int MAX_FAILURE_CHARS = 1000;

    private static final Pattern APPLICATION = Pattern.compile(
            "^(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[[^\\]]+\\] ([^:\\s]+): (.*)$");
    private static final Pattern ACCESS = Pattern.compile("^\\S+ \\S+ \\S+ \\[[^\\]]+\\] \"(\\S+) (\\S+)[^\"]*\" \\d{3} ");
    private static final Pattern LEASE_CALL = Pattern.compile("^/v1/instances/[^/?]+/protection/?(\\?.*)?$");
    private static final Pattern DECISION = Pattern.compile("\\boutcome=(APPLIED|DRY_RUN)\\b");
    /** Lines of a message over several lines (Dropwizard's list of resources): they belong to the line before. */
    private static final Pattern CONTINUATION = Pattern.compile("^(\\s+\\S.*|\\s*)$");

    private static final List<Rule> RULES = List.of(
            new Rule(Category.CHANGE, "io.queueautoscaler.api.InterventionsResource", ""),
            new Rule(Category.CHANGE, "io.queueautoscaler.drain.Drainer", ""),
            new Rule(Category.LEASE_SUMMARY, "io.queueautoscaler.lease.LeaseSummary", "^leases in the last "),
            new Rule(Category.RELOAD, "io.queueautoscaler.reconcile.PolicyRegistry", "^policies (reloaded|load again)"),
            new Rule(Category.RELOAD, "io.queueautoscaler.cluster.ClusterPolicies", "^published \\d+ policies"),
            new Rule(Category.RELOAD, "io.queueautoscaler.local.LocalDefault", "^embedded default: .* ready$"),
            new Rule(Category.START_STOP, "io.dropwizard.", ""),
            new Rule(Category.START_STOP, "org.eclipse.jetty.", ""),
            new Rule(Category.START_STOP, "io.queueautoscaler.db.Schema", "^database schema at version"),
            new Rule(Category.START_STOP, "io.queueautoscaler.clock.StopDeadline", "^(stopping: |queue-autoscaler stopped in )"),
            new Rule(Category.START_STOP, "io.queueautoscaler.QueueAutoscalerApplication",
                    "^(loaded \\d+ policies|\\d+ instance\\(s\\) with live protection leases restored|node \\S+: "
                            + "|the local fleet has no lifecycle hooks)"),
            new Rule(Category.START_STOP, "io.queueautoscaler.local.EmbeddedSqs", "^embedded SQS-compatible server .* listening"),
            new Rule(Category.START_STOP, "io.queueautoscaler.local.HttpWorkerLease", "^local workers lease protection at"));

    private record Rule(Category category, String logger, Pattern message) {
        Rule(Category category, String logger, String message) {
            this(category, logger, Pattern.compile(message));
        }

        boolean matches(String lineLogger, String text) {
            boolean loggerMatches = logger.endsWith(".") ? lineLogger.startsWith(logger) : lineLogger.equals(logger);
            return loggerMatches && message.matcher(text).find();
        }
    }

    private LogClassifier() {
    }

    /**
     * Every line at INFO or above, and every line of no known format, with its category; DEBUG and
     * TRACE lines and the continuation lines of a message are left out (the first line stands for them).
     */
    public static List<Line> classify(List<String> lines) {
        List<Line> out = new ArrayList<>();
        boolean serverStarted = false;
        boolean previousKept = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            Matcher app = APPLICATION.matcher(text);
            if (app.matches()) {
                String level = app.group(1);
                if (level.equals("DEBUG") || level.equals("TRACE")) {
                    previousKept = false;
                    continue;
                }
                Category category = applicationLine(level, app.group(2), app.group(3), text, serverStarted);
                if (app.group(2).startsWith("org.eclipse.jetty.server.Server") && app.group(3).startsWith("Started ")) {
                    serverStarted = true;
                }
                out.add(new Line(i + 1, text, level, category));
                previousKept = true;
                continue;
            }
            Matcher access = ACCESS.matcher(text);
            if (access.find()) {
                Category category = LEASE_CALL.matcher(access.group(2)).matches() ? Category.LEASE_CALL : Category.REQUEST;
                out.add(new Line(i + 1, text, "ACCESS", category));
                previousKept = false;
                continue;
            }
            if (CONTINUATION.matcher(text).matches() && !text.startsWith("\tat ") && (previousKept || text.isBlank())) {
                continue;
            }
            out.add(new Line(i + 1, text, "?", Category.UNKNOWN));
            previousKept = false;
        }
        return out;
    }

    private static Category applicationLine(String level, String logger, String message, String text, boolean serverStarted) {
        if (level.equals("WARN") || level.equals("ERROR")) {
            return text.length() <= MAX_FAILURE_CHARS ? Category.FAILURE : Category.LONG_FAILURE;
        }
        if (logger.equals("io.queueautoscaler.history.LoggingDecisionLog")) {
            return DECISION.matcher(message).find() ? Category.CHANGE : Category.UNKNOWN;
        }
        for (Rule rule : RULES) {
            if (rule.matches(logger, message)) {
                // Provisioning and publishing the policies happen at start and again at each reload.
                return rule.category() == Category.RELOAD && !serverStarted && !logger.endsWith("PolicyRegistry")
                        ? Category.START_STOP : rule.category();
            }
        }
        return Category.UNKNOWN;
    }

    public static Map<Category, Integer> counts(List<Line> lines) {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            counts.put(c, 0);
        }
        lines.forEach(l -> counts.merge(l.category(), 1, Integer::sum));
        return counts;
    }

    /** Prints the count of each category and quotes every noise line; exits 1 when there is noise. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: classify-log <daemon log file>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        List<Line> classified = classify(lines);
        System.out.println(lines.size() + " lines in " + args[0] + "; " + classified.size() + " at INFO or above:");
        counts(classified).forEach((category, n) -> System.out.printf("%8d  %s%n", n, category.label));
        List<Line> noise = classified.stream().filter(l -> l.category().isNoise()).toList();
        noise.stream().limit(50).forEach(l -> System.out.println("noise, line " + l.number() + " (" + l.category().label
                + "): " + (l.text().length() > 300 ? l.text().substring(0, 300) + "..." : l.text())));
        System.exit(noise.isEmpty() ? 0 : 1);
    }
}
