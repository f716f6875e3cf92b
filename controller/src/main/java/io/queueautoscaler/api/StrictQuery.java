package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
        Set<E> values = EnumSet.noneOf(type);
        for (String value : raw == null ? List.<String>of() : raw) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    values.add(Enum.valueOf(type, trimmed.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(name + " '" + trimmed + "' is not one of "
                            + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
                }
            }
        }
        return values;
    }
}
