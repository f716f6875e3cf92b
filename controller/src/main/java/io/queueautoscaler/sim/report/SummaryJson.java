package io.queueautoscaler.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.Summary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * summary.json: an array with one object per run, fields in the documented order. Numbers are
 * rounded (waits to the millisecond, rates to six places, seconds to whole seconds) and written
 * plainly, never in exponent form, so the same runs give the same bytes.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private SummaryJson() {
    }

    public static String write(List<RunResult> runs) {
        ArrayNode array = MAPPER.createArrayNode();
        for (RunResult run : runs) {
            array.add(node(run.summary()));
        }
        try {
            return MAPPER.writeValueAsString(array) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write summary.json: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode node(Summary s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("scenario", s.scenario());
        o.put("algorithm", s.algorithm());
        o.put("messages", s.messages());
        o.put("processed", s.processed());
        ObjectNode wait = o.putObject("waitSeconds");
        wait.put("p50", round(s.waitSeconds().p50(), 3));
        wait.put("p95", round(s.waitSeconds().p95(), 3));
        wait.put("p99", round(s.waitSeconds().p99(), 3));
        wait.put("max", round(s.waitSeconds().max(), 3));
        o.put("sloViolationRate", round(s.sloViolationRate(), 6));
        o.put("instanceSeconds", Math.round(s.instanceSeconds()));
        o.put("busySlotSeconds", Math.round(s.busySlotSeconds()));
        o.put("utilization", round(s.utilization(), 4));
        o.put("scalingActions", s.scalingActions());
        o.put("directionChanges", s.directionChanges());
        o.put("peakCapacity", s.peakCapacity());
        s.tuning().ifPresent(t -> {
            ObjectNode tuning = o.putObject("tuning");
            tuning.put("parameter", t.parameter());
            tuning.put("scale", round(t.scale(), 6));
            tuning.put("met", t.met());
        });
        return o;
    }

    static BigDecimal round(double value, int places) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 1 ? rounded.setScale(1) : rounded;
    }
}
