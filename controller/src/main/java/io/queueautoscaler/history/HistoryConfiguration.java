package io.queueautoscaler.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** How long decisions are kept, and how many may wait in memory for the database. */
public class HistoryConfiguration {

    /** Decisions older than this are deleted once an hour; 0 keeps them forever. */
    @Min(0)
    @JsonProperty
    private int retentionDays = 30;

    /**
     * How many decision records wait in memory for the database (see BufferedDecisionLog); past it
     * the oldest unchanged ones are dropped first.
     */
    @Min(100)
    @JsonProperty
    private int bufferSize = 10_000;

    public int getBufferSize() {
        return bufferSize;
    }

    public int getRetentionDays() {
        return retentionDays;
    }
}
