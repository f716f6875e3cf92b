package io.queueautoscaler.history;

import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each decision to the application log as it is recorded, one line with the numbers:
 * a warning when the evaluation or the scale call failed, so that a 3 a.m. reader finds it
 * without the history API.
 */
public final class LoggingDecisionLog extends ForwardingDecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingDecisionLog.class);
    private static final String LINE = "policy={} action={} outcome={} current={} desired={} reason={}: {}";


    public LoggingDecisionLog(DecisionLog delegate) {
        super(delegate);
    }

    @Override
    public Decision append(Decision decision) {
        // Logged before storing: when the database is down the decision must still be seen.
        Object[] fields = {decision.policy(), decision.actionName(), decision.outcome(),
                shown(decision.currentCapacity()), shown(decision.desiredCapacity()), decision.reason(), decision.message()};
        if (decision.outcome() == Outcome.FAILED || decision.outcome() == Outcome.ACT_FAILED) {
            LOG.warn(LINE, fields);
        } else {
            LOG.info(LINE, fields);
        }
        return super.append(decision);
    }

    private static String shown(OptionalInt capacity) {
        return capacity.isPresent() ? Integer.toString(capacity.getAsInt()) : "unknown";
    }
}
