package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque pagination cursor of {@code GET /v1/decisions}: where the next page starts. */
final class Cursor {
    private static final String PREFIX = "before:";

    private Cursor() {
    }

    static String encode(long beforeId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + beforeId).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequestException("cursor '" + cursor + "' is not one this API returned: pass nextCursor from the previous page as it is");
    }
}
