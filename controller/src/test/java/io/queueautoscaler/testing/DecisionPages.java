package io.queueautoscaler.testing;

import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.DecisionListJson;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.WebTarget;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.client.ClientProperties;

/** Every decision a running daemon lists, newest first, read page by page as an admin. */
public final class DecisionPages {
    /** A client's default 5 s is too short for a page of 500 decisions on a busy machine. */
    public static final int READ_TIMEOUT_MILLIS = 30_000;

    private DecisionPages() {
    }

    public static List<DecisionJson> all(Client client, int port, String adminToken) {
        List<DecisionJson> all = new ArrayList<>();
        String cursor = null;
        do {
            WebTarget target = client.target("http://127.0.0.1:" + port + "/v1/decisions").queryParam("limit", 500)
                    .property(ClientProperties.READ_TIMEOUT, READ_TIMEOUT_MILLIS);
            if (cursor != null) {
                target = target.queryParam("cursor", cursor);
            }
            DecisionListJson page = target.request().header("Authorization", "Bearer " + adminToken)
                    .get(DecisionListJson.class);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
