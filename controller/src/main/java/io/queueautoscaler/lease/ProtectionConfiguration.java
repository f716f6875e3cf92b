package io.queueautoscaler.lease;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How worker protection requests are checked, and how often leases become protection calls. */
public class ProtectionConfiguration {

    /**
     * A worker's request must come from its instance's private IP (the connection's address, not
     * a forwarded header: leave the connectors' useForwardedHeaders off); turn off behind a proxy or NAT.
     */
    @JsonProperty
    private boolean requireSourceAddressMatch = true;

    /**
     * How often lease changes become {@code SetInstanceProtection} calls and renewals are stored.
     * A new lease is protected within about this, an expired one unprotected within it.
     */
    @Min(10)
    @Max(60_000)
    @JsonProperty
    private int flushIntervalMillis = 1000;

    /** How often every group's actual protection flags are compared with the leases (also done at start). */
    @Min(10)
    @Max(86_400)
    @JsonProperty
    private int repairIntervalSeconds = 300;

    /**
     * How often the log says what workers did with their leases (taken, renewed, released, expired,
     * refused), in one line; the access log leaves lease calls out.
     */
    @Min(1)
    @Max(86_400)
    @JsonProperty
    private int leaseSummarySeconds = 60;

    public boolean isRequireSourceAddressMatch() {
        return requireSourceAddressMatch;
    }

    public Duration getFlushInterval() {
        return Duration.ofMillis(flushIntervalMillis);
    }

    public Duration getLeaseSummaryInterval() {
        return Duration.ofSeconds(leaseSummarySeconds);
    }

    public Duration getRepairInterval() {
        return Duration.ofSeconds(repairIntervalSeconds);
    }
}
