package io.queueautoscaler.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The embedded default: an in-process SQS-compatible server, a fleet of in-process workers and
 * a load generator, so the whole loop runs on one machine with nothing installed.
 */
public class LocalConfiguration {

    /** Loopback port of the embedded SQS-compatible server (ElasticMQ); 0 picks a free one. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int sqsPort = 9324;

    /** Seconds from launch until a local instance takes work, like an EC2 instance booting. */
    @Min(0)
    @JsonProperty
    private int bootSeconds = 10;

    /** Mean seconds a local worker spends on one message (exponentially distributed). */
    @DecimalMin("0.0")
    @JsonProperty
    private double serviceSeconds = 1.0;

    /** Instances each local group starts with. */
    @Min(0)
    @JsonProperty
    private int initialCapacity = 1;

    /** The load generator's pattern, repeated for as long as the daemon runs. */
    @Valid
    @NotNull
    @JsonProperty
    private List<LoadPhase> load = List.of(new LoadPhase(40, 12), new LoadPhase(110, 0));

    public int getSqsPort() {
        return sqsPort;
    }

    public int getBootSeconds() {
        return bootSeconds;
    }

    public double getServiceSeconds() {
        return serviceSeconds;
    }

    public int getInitialCapacity() {
        return initialCapacity;
    }

    public List<LoadPhase> getLoad() {
        return load;
    }

    /** Send {@code messagesPerSecond} to every queue for {@code seconds}. */
    public record LoadPhase(@Min(1) int seconds, @DecimalMin("0.0") double messagesPerSecond) {
    }
}
