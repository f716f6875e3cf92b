package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Query parameters checked strictly: a misspelt filter is a 400, never a silently unfiltered answer. */
final class StrictQuery {
    private StrictQuery() {
    }

    static void requireKnown(UriInfo uri, List<String> allowed) {
        Set<String> unknown = new TreeSet<>(uri.getQueryParameters().keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; allowed: " + String.join(", ", allowed));
        }
    }

    /** Repeated parameters, comma lists or both, each value one of the enum's names (any case). */
    static <E extends Enum<E>> Set<E> enums(String name, List<String> raw, Class<E> type) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        Set<E> values = EnumSet.noneOf(type);
        names(name, raw, allowed).forEach(v -> values.add(Enum.valueOf(type, v)));
        return values;
    }

    /** Repeated parameters, comma lists or both, each value one of {@code allowed} (any case). */
    static Set<String> names(String name, List<String> raw, List<String> allowed) {
        Set<String> values = new TreeSet<>();
        for (String value : raw == null ? List.<String>of() : raw) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String upper = trimmed.toUpperCase(Locale.ROOT);
                if (!allowed.contains(upper)) {
                    throw new BadRequestException(name + " '" + trimmed + "' is not one of " + String.join(", ", allowed));
                }
                values.add(upper);
            }
        }
        return values;
    }
}
