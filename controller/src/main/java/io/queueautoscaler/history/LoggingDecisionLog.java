package io.queueautoscaler.history;

import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each decision to the application log as it is recorded, so that a 3 a.m. reader finds
 * it without the history API: one line with the numbers for a decision that changed (or, dry,
 * would have changed) the capacity, a warning for one whose evaluation or scale call failed, and
 * the decisions that left the capacity as it was at DEBUG only (four a minute per policy).
 */
public final class LoggingDecisionLog extends ForwardingDecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingDecisionLog.class);
    private static final String LINE = "policy={} action={} outcome={} current={} desired={} reason={}: {}";
    /** A decision's message is a sentence or two; a cause quoted from a library can run to kilobytes. */
    static final int MAX_MESSAGE_CHARS = 500;

    public LoggingDecisionLog(DecisionLog delegate) {
        super(delegate);
    }

    @Override
    public Decision append(Decision decision) {
        // Logged before storing: when the database is down the decision must still be seen.
        Object[] fields = {decision.policy(), decision.actionName(), decision.outcome(), shown(decision.currentCapacity()),
                shown(decision.desiredCapacity()), decision.reason(), oneLine(decision.message())};
        switch (decision.outcome()) {
            case FAILED, ACT_FAILED -> LOG.warn(LINE, fields);
            case UNCHANGED -> LOG.debug(LINE, fields);
            case APPLIED, DRY_RUN -> LOG.info(LINE, fields);
        }
        return super.append(decision);
    }

    /** The message on one line of at most {@link #MAX_MESSAGE_CHARS} characters; the full text stays in the history. */
    static String oneLine(String message) {
        String flat = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return flat.length() <= MAX_MESSAGE_CHARS ? flat
                : flat.substring(0, MAX_MESSAGE_CHARS) + "... (" + flat.length() + " characters; GET /v1/decisions/{id} has all)";
    }

    private static String shown(OptionalInt capacity) {
        return capacity.isPresent() ? Integer.toString(capacity.getAsInt()) : "unknown";
    }
}
