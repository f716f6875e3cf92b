package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.List;
import java.util.Map;

/** A policy on the wire: its spec, its status and, for one policy, its instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyJson(String name, Map<String, Object> spec, PolicyStatusJson status, List<InstanceJson> instances) {

    static PolicyJson of(ScalingPolicy policy, PolicyStatusJson status, List<InstanceJson> instances) {
        return new PolicyJson(policy.name(), PolicySpecJson.of(policy), status, instances);
    }
}
