package io.queueautoscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.queueautoscaler.api.auth.ApiAuth;
import io.queueautoscaler.api.auth.AuthConfiguration;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class DecisionsResourceTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final InMemoryDecisionLog LOG = new InMemoryDecisionLog(1000);
    private static final ResourceExtension RESOURCES = withAuth(ResourceExtension.builder())
            .addResource(new DecisionsResource(LOG))
            .build();

    static ResourceExtension.Builder withAuth(ResourceExtension.Builder builder) {
        ApiAuth.providers(AuthConfiguration.of(List.of("admin-secret"), List.of("worker-secret"))).forEach(builder::addProvider);
        return builder;
    }

    @BeforeEach
    void fill() {
        if (LOG.all().isEmpty()) {
            for (int i = 0; i < 5; i++) {
                LOG.append(new Decision(0, i % 2 == 0 ? "thumbnails" : "reports", T0.plusSeconds(i * 15L), 1, 2, 2,
                        Action.SCALE_OUT, Outcome.APPLIED, Reason.BACKLOG_PER_INSTANCE, "scale out 1 -> 2: backlog 12 / 10",
                        false, new DecisionInputs(Optional.empty(), List.of(), Optional.empty(), Optional.of(new Estimates(12, Optional.empty()))), List.of(new Stage("backlogPerInstance", 2, Reason.BACKLOG_PER_INSTANCE, "12 / 10"))));
            }
            LOG.append(new Decision(0, "thumbnails", T0.plusSeconds(75), 2, 1, 1, Action.SCALE_IN, Outcome.DRY_RUN,
                    Reason.SCALE_DOWN_LIMIT, "scale in 2 -> 1: limited", true, DecisionInputs.NONE, List.of()));
            LOG.append(new Decision(0, "thumbnails", T0.plusSeconds(90), 1, 4, 1, Action.NONE, Outcome.UNCHANGED,
                    Reason.PAUSED, "paused by ops until resumed; would scale out 1 -> 4", false, DecisionInputs.NONE, List.of()));
        }
    }

    private Response get(String path, String token) {
        String[] parts = path.split("\\?", 2);
        var target = RESOURCES.target(parts[0]);
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                target = target.queryParam(kv[0], kv[1]);
            }
        }
        var request = target.request();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.get();
    }

    @Test
    void listsNewestFirstAndWalksPagesWithTheCursor() {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/decisions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            DecisionListJson page = get(path, "admin-secret").readEntity(DecisionListJson.class);
            page.items().forEach(d -> ids.add(d.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(ids).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("one action", "action=SCALE_IN", List.of(6L)),
                Arguments.of("several actions as a comma list", "action=SCALE_IN,NONE", List.of(7L, 6L)),
                Arguments.of("several actions as repeated parameters", "action=SCALE_IN&action=NONE", List.of(7L, 6L)),
                Arguments.of("both forms at once, any case", "action=scale_in&action=none,SCALE_OUT", List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L)),
                Arguments.of("an outcome", "outcome=DRY_RUN", List.of(6L)),
                Arguments.of("a reason", "reason=PAUSED", List.of(7L)),
                Arguments.of("filters combine with and", "policy=thumbnails&action=SCALE_OUT&outcome=APPLIED&reason=BACKLOG_PER_INSTANCE",
                        List.of(5L, 3L, 1L)),
                Arguments.of("since equal to until is an empty range", "since=2026-11-26T10:00:00Z&until=2026-11-26T10:00:00Z", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filtersByActionOutcomeAndReason(String name, String query, List<Long> ids) {
        DecisionListJson page = get("/v1/decisions?" + query, "admin-secret").readEntity(DecisionListJson.class);
        assertThat(page.items()).extracting(DecisionJson::id).containsExactlyElementsOf(ids);
    }

    @Test
    void filtersByPolicyAndTime() {
        DecisionListJson page = get("/v1/decisions?policy=thumbnails&since=2026-11-26T10:00:15Z&until=2026-11-26T10:01:00Z",
                "admin-secret").readEntity(DecisionListJson.class);
        assertThat(page.items()).extracting(DecisionJson::time).containsExactly("2026-11-26T10:00:30Z");
    }

    @Test
    void showsOneDecisionWhole() {
        DecisionJson d = get("/v1/decisions/1", "admin-secret").readEntity(DecisionJson.class);
        assertThat(d.policy()).isEqualTo("thumbnails");
        assertThat(d.time()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(d.action()).isEqualTo("SCALE_OUT");
        assertThat(d.reason()).isEqualTo("BACKLOG_PER_INSTANCE");
        assertThat(d.stages()).hasSize(1);
        assertThat(d.inputs().estimates()).contains(new Estimates(12, Optional.empty()));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("no token is 401", "/v1/decisions", null, 401, "Bearer"),
                Arguments.of("an unknown token is 401", "/v1/decisions", "guess", 401, "Bearer"),
                Arguments.of("a worker token is 403 naming the role each endpoint takes", "/v1/decisions", "worker-secret", 403, "take an admin token"),
                Arguments.of("a limit above 500 is 400", "/v1/decisions?limit=501", "admin-secret", 400, "from 1 to 500"),
                Arguments.of("a limit that is not a number is 400", "/v1/decisions?limit=ten", "admin-secret", 400, "limit 'ten'"),
                Arguments.of("a since that is not ISO-8601 is 400", "/v1/decisions?since=yesterday", "admin-secret", 400, "ISO-8601"),
                Arguments.of("a forged cursor is 400", "/v1/decisions?cursor=bm9wZQ", "admin-secret", 400, "pass nextCursor"),
                Arguments.of("a cursor with a forged position is 400", "/v1/decisions?cursor=YmVmb3JlOmFiYw", "admin-secret", 400, "pass nextCursor"),
                Arguments.of("an unknown action lists the allowed ones", "/v1/decisions?action=SCALE_UP", "admin-secret", 400,
                        "action 'SCALE_UP' is not one of NONE, SCALE_OUT, SCALE_IN, FAILED"),
                Arguments.of("an unknown outcome lists the allowed ones", "/v1/decisions?outcome=DONE", "admin-secret", 400,
                        "outcome 'DONE' is not one of APPLIED, UNCHANGED, DRY_RUN, FAILED, ACT_FAILED"),
                Arguments.of("an unknown reason in a list lists the allowed ones", "/v1/decisions?reason=PAUSED,NAP", "admin-secret", 400,
                        "reason 'NAP' is not one of BACKLOG_PER_INSTANCE,"),
                Arguments.of("an unknown parameter lists the allowed ones", "/v1/decisions?polcy=thumbnails", "admin-secret", 400,
                        "unknown query parameter polcy; allowed: policy, action, outcome, reason, since, until, limit, cursor"),
                Arguments.of("since after until is 400", "/v1/decisions?since=2026-11-26T11:00:00Z&until=2026-11-26T10:00:00Z",
                        "admin-secret", 400, "since 2026-11-26T11:00:00Z is after until 2026-11-26T10:00:00Z"),
                Arguments.of("an id that is not a number is 400", "/v1/decisions/abc", "admin-secret", 400, "not a number"),
                Arguments.of("an unknown id is 404", "/v1/decisions/999", "admin-secret", 404, "no decision 999"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAClearError(String name, String path, String token, int status, String says) {
        Response response = get(path, token);
        assertThat(response.getStatus()).isEqualTo(status);
        Map<?, ?> body = response.readEntity(Map.class);
        assertThat(body.get("code")).isEqualTo(status);
        assertThat((String) body.get("message")).contains(says);
    }
}
