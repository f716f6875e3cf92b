package io.queueautoscaler.sim;

import io.queueautoscaler.policy.ScalingPolicy;
import java.nio.file.Path;

/** Reads the one policy a simulation evaluates from its YAML file; the application wires the parser in. */
@FunctionalInterface
public interface PolicyReader {
    ScalingPolicy read(Path file) throws Exception;
}
