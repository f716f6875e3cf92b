package io.queueautoscaler.fleet;

import java.util.Optional;

/** Where instances live on the network, so that a worker's request can be matched to its instance. */
public interface InstanceAddresses {

    /**
     * The instance's primary private IPv4 address; empty when no such instance exists or it has no
     * address (terminated).
     *
     * @throws FleetException when the address cannot be looked up
     */
    Optional<String> privateIp(String instanceId);
}
