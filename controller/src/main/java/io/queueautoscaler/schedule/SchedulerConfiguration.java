package io.queueautoscaler.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How policies are scheduled. Alone (the default) a daemon schedules in memory; clustered, every
 * daemon on the same database joins one Quartz cluster and each tick of a policy runs on one node.
 */
public class SchedulerConfiguration {

    /** Join the Quartz cluster on the database (PostgreSQL); every node of one cluster sets this. */
    @JsonProperty
    private boolean clustered = false;

    /**
     * This daemon's name in the cluster and in its decisions ({@code node}); unique per running
     * daemon. Empty: host name and process id, e.g. {@code queue-autoscaler-7d9f-1}.
     */
    @Pattern(regexp = "[A-Za-z0-9._:-]{0,100}", message = "must be up to 100 letters, digits, '.', '_', ':' or '-'")
    @JsonProperty
    private String nodeName = "";

    /** Policies evaluated at the same time on this node, and shards' ticks taken at once. */
    @Min(1)
    @Max(200)
    @JsonProperty
    private int threads = 8;

    /**
     * How often a clustered node tells the others it is alive (one small update; it does not
     * depend on the number of policies). A node that missed two check-ins is dead; a survivor
     * notices at its own next check-in and takes the shards' ticks the dead node had taken:
     * within about 3 × this (15 s at the default 5 s, one 15 s evaluation interval). The dead
     * node's other shards move at their next tick.
     */
    @Min(1000)
    @Max(60_000)
    @JsonProperty
    private int checkinIntervalMillis = 5000;

    public boolean isClustered() {
        return clustered;
    }

    public int getThreads() {
        return threads;
    }

    public Duration getCheckinInterval() {
        return Duration.ofMillis(checkinIntervalMillis);
    }

    /** The configured name, else host name and process id. */
    public String nodeName() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = host.replaceAll("[^A-Za-z0-9._:-]", "-") + "-" + ProcessHandle.current().pid();
        return name.length() <= 100 ? name : name.substring(name.length() - 100);
    }
}
