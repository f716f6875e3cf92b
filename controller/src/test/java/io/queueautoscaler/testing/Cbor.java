package io.queueautoscaler.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORParser;

/**
 * CBOR as the AWS SDK's Smithy RPC v2 protocol speaks it (CloudWatch), written and read with the
 * Jackson CBOR factory the SDK itself shades. Values are maps, lists, strings, numbers, booleans,
 * null and {@link Instant}s, which travel as CBOR tag 1 (epoch seconds).
 */
public final class Cbor {

    private static final int EPOCH_SECONDS_TAG = 1;
    private static final CBORFactory FACTORY = new CBORFactory();

    private Cbor() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = (CBORGenerator) FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Object decode(byte[] bytes) {
        try (CBORParser parser = FACTORY.createParser(bytes)) {
            return read(parser, parser.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a body whose top level is a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(byte[] bytes) {
        return (Map<String, Object>) decode(bytes);
    }

    private static void write(CBORGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(entry.getKey().toString());
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            generator.writeNumber(number.doubleValue());
        } else if (value instanceof Instant instant) {
            generator.writeTag(EPOCH_SECONDS_TAG);
            if (instant.getNano() == 0) {
                generator.writeNumber(instant.getEpochSecond());
            } else {
                generator.writeNumber(instant.toEpochMilli() / 1000.0);
            }
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass() + " as CBOR");
        }
    }

    private static Object read(CBORParser parser, JsonToken token) throws IOException {
        boolean timestamp = parser.getCurrentTag() == EPOCH_SECONDS_TAG;
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(read(parser, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                long number = parser.getLongValue();
                return timestamp ? Instant.ofEpochSecond(number) : number;
            }
            case VALUE_NUMBER_FLOAT -> {
                double number = parser.getDoubleValue();
                return timestamp ? Instant.ofEpochMilli(Math.round(number * 1000)) : number;
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected CBOR token " + token);
        }
    }
}
