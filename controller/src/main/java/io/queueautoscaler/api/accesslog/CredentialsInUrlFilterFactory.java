package io.queueautoscaler.api.accesslog;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.dropwizard.logging.common.filter.FilterFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Leaves out of the access log every request whose URL or Referer could carry a credential: a
 * query parameter named like one ({@code access_token}, {@code token}, {@code password},
 * {@code secret}, {@code api_key}...), or any of the daemon's own tokens anywhere in it. The API
 * refuses tokens in URLs, but the request line would still be written as the client sent it.
 * Added by {@link AccessLog} to every request-log appender, whatever the configuration says.
 */
final class CredentialsInUrlFilterFactory implements FilterFactory<IAccessEvent> {
    private static final Set<String> NAMES = Set.of("apikey", "api_key", "api-key", "auth", "authorization");
    private static final List<String> PARTS = List.of("token", "password", "passwd", "secret");

    private final List<String> tokens;

    CredentialsInUrlFilterFactory(List<String> tokens) {
        this.tokens = tokens.stream().filter(t -> t != null && !t.isBlank()).toList();
    }

    @Override
    public Filter<IAccessEvent> build() {
        return new Filter<>() {
            @Override
            public FilterReply decide(IAccessEvent event) {
                return carriesCredential(event.getRequestURI(), event.getQueryString(), event.getRequestHeader("Referer"))
                        ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        };
    }

    boolean carriesCredential(String path, String query, String referer) {
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                if (NAMES.contains(name) || PARTS.stream().anyMatch(name::contains)) {
                    return true;
                }
            }
        }
        for (String text : new String[] {path, query, referer}) {
            if (text != null && tokens.stream().anyMatch(t -> text.contains(t) || decode(text).contains(t))) {
                return true;
            }
        }
        return referer != null && referer.indexOf('?') >= 0
                && carriesCredential(null, referer.substring(referer.indexOf('?') + 1), null);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
