package io.queueautoscaler.testing;

import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form-encoded body of an AWS query-protocol request (Auto Scaling, EC2), e.g.
 * {@code Action=SetInstanceProtection&InstanceIds.member.1=i-1&...}, for asserting what was sent.
 */
public record QueryParameters(Map<String, String> values) {

    public QueryParameters {
        values = Map.copyOf(values);
    }

    /** The query-protocol requests a WireMock server received for one action, oldest first. */
    public static List<QueryParameters> sent(Stubbing server, String action) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first
        return events.stream()
                .map(event -> parse(event.getRequest().getBodyAsString()))
                .filter(parameters -> action.equals(parameters.action()))
                .toList();
    }

    public static QueryParameters parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return new QueryParameters(values);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String action() {
        return get("Action");
    }

    /** A list parameter in order: {@code list("InstanceIds.member")} or EC2's {@code list("InstanceId")}. */
    public List<String> list(String prefix) {
        List<String> items = new ArrayList<>();
        for (int i = 1; values.containsKey(prefix + "." + i); i++) {
            items.add(values.get(prefix + "." + i));
        }
        return items;
    }
}
