package io.queueautoscaler.policy.yaml;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of composed YAML scalars. SnakeYAML's resolver has already tagged each plain
 * scalar (int, float, bool, null, str); a quoted scalar is always a string, so {@code "5"} where a
 * number belongs is a type error, as it would be for Kubernetes.
 */
final class Scalars {

    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");

    private Scalars() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Reads one scalar, or says what is wrong with it. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Node node) throws BadScalar;
    }

    /** A decimal integer within {@code min..max}. */
    static long integer(Node node, long min, long max) throws BadScalar {
        BigInteger value = integer(node);
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new BadScalar(value + " is below the minimum " + min);
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new BadScalar(value + " is above the maximum " + max);
        }
        return value.longValueExact();
    }

    private static BigInteger integer(Node node) throws BadScalar {
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
            throw new BadScalar("expected an integer, got " + describe(node));
        }
        String digits = scalar.getValue().replace("_", "");
        if (!DECIMAL.matcher(digits).matches()) {
            // YAML 1.1 also reads 0x1f, 0b101, 017 (octal) and 1:30 (base 60): too easy to misread.
            throw new BadScalar("write " + scalar.getValue() + " as a decimal integer");
        }
        return new BigInteger(digits);
    }

    /** A finite number, integer or decimal, that satisfies {@code valid}; {@code rule} says what that means. */
    static double number(Node node, DoublePredicate valid, String rule) throws BadScalar {
        double value = number(node);
        if (!valid.test(value)) {
            throw new BadScalar(((ScalarNode) node).getValue() + " must be " + rule);
        }
        return value;
    }

    private static double number(Node node) throws BadScalar {
        if (Tag.INT.equals(node.getTag())) {
            return integer(node).doubleValue();
        }
        if (!(node instanceof ScalarNode scalar) || !Tag.FLOAT.equals(node.getTag())) {
            throw new BadScalar("expected a number, got " + describe(node));
        }
        String text = scalar.getValue().replace("_", "");
        if (text.toLowerCase(Locale.ROOT).matches("[-+]?\\.(inf|nan)")) {
            throw new BadScalar("expected a finite number, got " + scalar.getValue());
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            // The YAML 1.1 float pattern also admits base-60 forms such as 1:30.5.
            throw new BadScalar("write " + scalar.getValue() + " as a decimal number");
        }
    }

    static boolean bool(Node node) throws BadScalar {
        if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(node.getTag())) {
            throw new BadScalar("expected true or false, got " + describe(node));
        }
        return TRUE.contains(scalar.getValue().toLowerCase(Locale.ROOT));
    }

    static String string(Node node) throws BadScalar {
        if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(node.getTag())) {
            String hint = node instanceof ScalarNode ? "; quote it if it is meant as text" : "";
            throw new BadScalar("expected a string, got " + describe(node) + hint);
        }
        return scalar.getValue();
    }

    /** One of an enum's constants, spelled exactly as declared. */
    static <E extends Enum<E>> E choice(Node node, Class<E> type) throws BadScalar {
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        if (!(node instanceof ScalarNode scalar)) {
            throw new BadScalar("expected one of " + allowed + ", got " + describe(node));
        }
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().equals(scalar.getValue()))
                .findFirst()
                .orElseThrow(() -> new BadScalar("unknown value '" + scalar.getValue() + "' (allowed: " + allowed + ")"));
    }

    /** What a node is, for a type error: {@code an integer (42)}, {@code a list}. */
    static String describe(Node node) {
        return switch (node.getNodeId()) {
            case mapping -> "a mapping";
            case sequence -> "a list";
            case anchor -> "an alias";
            case scalar -> describeScalar((ScalarNode) node);
        };
    }

    private static String describeScalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        if (Tag.STR.equals(tag)) {
            return "a string ('" + value + "')";
        } else if (Tag.INT.equals(tag)) {
            return "an integer (" + value + ")";
        } else if (Tag.FLOAT.equals(tag)) {
            return "a number (" + value + ")";
        } else if (Tag.BOOL.equals(tag)) {
            return "a boolean (" + value + ")";
        } else if (Tag.NULL.equals(tag)) {
            return "null";
        }
        return "a value tagged " + tag.getValue() + " (" + value + ")";
    }

    /** A scalar of the wrong type or form; the message says what was expected and what came. */
    static final class BadScalar extends Exception {
        BadScalar(String message) {
            super(message, null, false, false);
        }
    }
}
