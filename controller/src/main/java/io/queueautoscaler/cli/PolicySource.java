package io.queueautoscaler.cli;

import io.queueautoscaler.policy.ScalingPolicy;
import java.nio.file.Path;

/**
 * Where the simulator gets the one policy it evaluates, given its file: the simulate command reads it
 * with the policy parser, tests hand in a policy of their own.
 */
@FunctionalInterface
public interface PolicySource {
    ScalingPolicy read(Path file) throws Exception;
}
