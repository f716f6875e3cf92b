package io.queueautoscaler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * What every request must respect before any resource reads it: the token only in the
 * Authorization header, a charset the JVM knows, and a body of at most {@link #MAX_BODY_BYTES}.
 * The body limit is enforced while the body streams in (a chunked body has no length to check
 * first), so a 10 MB body costs 64 KB of memory, not 10 MB.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestLimits implements ContainerRequestFilter {

    /** Every body the API takes is a few hundred bytes of JSON; 64 KB leaves room and bounds memory. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getQueryParameters().containsKey("access_token")) {
            throw refuse(400, "a token in the URL (access_token) is refused: URLs land in access logs and proxies; "
                    + "send it as 'Authorization: Bearer <token>'");
        }
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            checkCharset(type);
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            throw tooLarge();
        }
        request.setEntityStream(new Capped(request.getEntityStream()));
    }

    private static void checkCharset(String type) {
        MediaType media;
        try {
            media = MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw refuse(415, "Content-Type '" + type + "' is not a media type; send application/json");
        }
        String charset = media.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset == null) {
            return;
        }
        boolean known;
        try {
            known = Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            known = false;
        }
        if (!known) {
            throw refuse(415, "charset '" + charset + "' of the Content-Type is not supported; send UTF-8 "
                    + "(application/json; charset=utf-8) or no charset");
        }
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            throw refuse(400, "Content-Length '" + length + "' is not a number");
        }
    }

    private static WebApplicationException tooLarge() {
        return refuse(413, "the body is larger than " + MAX_BODY_BYTES + " bytes; the API's bodies are a few hundred bytes of JSON");
    }

    private static WebApplicationException refuse(int status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build());
    }

    /** The body, failing with 413 at the first byte past the limit. */
    private static final class Capped extends FilterInputStream {
        private long read;

        Capped(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw tooLarge();
            }
        }
    }
}
