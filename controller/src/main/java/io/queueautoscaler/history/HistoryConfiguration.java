package io.queueautoscaler.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** How long decisions are kept. */
public class HistoryConfiguration {

    /** Decisions older than this are deleted once an hour; 0 keeps them forever. */
    @Min(0)
    @JsonProperty
    private int retentionDays = 30;

    public int getRetentionDays() {
        return retentionDays;
    }
}
