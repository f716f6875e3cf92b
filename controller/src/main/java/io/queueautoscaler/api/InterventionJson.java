package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.queueautoscaler.intervention.Intervention;

/**
 * A pause or override on the wire: who set it, from where, since when, until when (null: until
 * someone ends it) and why; an override adds the capacity it holds.
 */
public record InterventionJson(String by, String from, String since, String until, String reason,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer desiredCapacity) {

    public static InterventionJson of(Intervention i) {
        return new InterventionJson(i.by(), i.from(), i.since().toString(), i.until().map(Object::toString).orElse(null),
                i.reason().orElse(null), i.desiredCapacity().isPresent() ? i.desiredCapacity().getAsInt() : null);
    }
}
