package io.queueautoscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboard reads only documented series, and every panel can be narrowed to a policy. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../deploy/grafana/queue-autoscaler.json");
    private static final Pattern SERIES = Pattern.compile("queue_autoscaler_[a-z_]+");

    @Test
    void queriesDocumentedSeriesWithAPolicyVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String operations = Files.readString(Path.of("../docs/operations.md"));
        assertThat(operations).contains("deploy/grafana/queue-autoscaler.json");

        assertThat(dashboard.get("templating").get("list")).anySatisfy(variable -> {
            assertThat(variable.get("name").asText()).isEqualTo("policy");
            assertThat(variable.get("definition").asText()).contains("queue_autoscaler_decisions_total");
        });
        Set<String> series = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                Matcher m = SERIES.matcher(target.get("expr").asText());
                while (m.find()) {
                    series.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
                }
            }
        }
        assertThat(series).hasSizeGreaterThan(15)
                .allSatisfy(name -> assertThat(operations).as(name).contains("`" + name + "`"));
    }
}
