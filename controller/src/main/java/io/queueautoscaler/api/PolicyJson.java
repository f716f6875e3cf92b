package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.List;

/** A policy on the wire: its spec, its status and, for one policy, its instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyJson(String name, ScalingPolicy spec, PolicyStatusJson status, List<InstanceJson> instances) {
}
