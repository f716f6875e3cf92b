package io.queueautoscaler.lease;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How worker protection requests are checked. */
public class ProtectionConfiguration {

    /** A worker's request must come from its instance's private IP; turn off behind a proxy or NAT. */
    @JsonProperty
    private boolean requireSourceAddressMatch = true;

    public boolean isRequireSourceAddressMatch() {
        return requireSourceAddressMatch;
    }
}
