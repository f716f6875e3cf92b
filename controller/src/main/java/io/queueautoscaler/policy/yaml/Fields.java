package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.yaml.Scalars.BadScalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of a policy, read field by field against its schema. Unknown and repeated
 * fields are reported when the mapping is opened; every getter reports a wrong type or an
 * out-of-range value at the value's line and returns empty, so reading goes on and every
 * problem of the file is found in one pass. A field set to null counts as absent, as in
 * Kubernetes, so it gets its default.
 */
final class Fields {

    private final String path;
    private final int line;
    private final Problems problems;
    private final Map<String, Node> keys = new HashMap<>();
    private final Map<String, Node> values = new HashMap<>();

    private Fields(String path, int line, Problems problems) {
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    /** A document's root mapping. */
    static Optional<Fields> root(Node document, Problems problems, List<String> allowed) {
        return open(document, "", Problems.lineOf(document), problems, allowed);
    }

    private static Optional<Fields> open(Node node, String path, int line, Problems problems, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "expected a mapping, got " + Scalars.describe(node));
            return Optional.empty();
        }
        Fields fields = new Fields(path, line, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            fields.accept(tuple, allowed);
        }
        return Optional.of(fields);
    }

    private void accept(NodeTuple tuple, List<String> allowed) {
        Node key = tuple.getKeyNode();
        if (!(key instanceof ScalarNode scalar)) {
            problems.add(key, path, "a field name must be plain text, got " + Scalars.describe(key));
            return;
        }
        String name = scalar.getValue();
        if (!allowed.contains(name)) {
            problems.add(key, path, "unknown field '" + name + "' (allowed: " + String.join(", ", allowed) + ")");
        } else if (keys.containsKey(name)) {
            problems.add(key, pathOf(name), "given twice, first on line " + Problems.lineOf(keys.get(name)));
        } else {
            keys.put(name, key);
            if (!Scalars.isNull(tuple.getValueNode())) {
                values.put(name, tuple.getValueNode());
            }
        }
    }

    String path() {
        return path;
    }

    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The line of a field's value, else of its key, else of this mapping. */
    int lineOf(String name) {
        Node at = values.getOrDefault(name, keys.get(name));
        return at == null ? line : Problems.lineOf(at);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Reports each of the named fields that is absent or null. */
    void require(String... names) {
        Arrays.stream(names).filter(name -> !has(name)).forEach(name -> report(name, "is required"));
    }

    void report(String name, String message) {
        problems.add(lineOf(name), pathOf(name), message);
    }

    void warn(String name, String message) {
        problems.warn(lineOf(name), pathOf(name), message);
    }

    Optional<Fields> mapping(String name, List<String> allowed) {
        return Optional.ofNullable(values.get(name))
                .flatMap(node -> open(node, pathOf(name), Problems.lineOf(keys.get(name)), problems, allowed));
    }

    /**
     * A nested mapping: {@code defaults} when absent, empty when it has problems. {@code read}
     * checks the fields and returns how to build the value, so that a record is built only from
     * values that passed (its constructor would reject the others).
     */
    <T> Optional<T> section(String name, List<String> allowed, T defaults, Function<Fields, Supplier<T>> read) {
        if (!has(name)) {
            return Optional.of(defaults);
        }
        int before = problems.count();
        Optional<Supplier<T>> build = mapping(name, allowed).map(read);
        return problems.count() > before ? Optional.empty() : build.map(Supplier::get);
    }

    /** A list of mappings; an item that is no mapping is reported and left out. */
    Optional<List<Fields>> list(String name, List<String> allowed) {
        Node node = values.get(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof SequenceNode sequence)) {
            report(name, "expected a list, got " + Scalars.describe(node));
            return Optional.empty();
        }
        List<Fields> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            open(item, pathOf(name) + "[" + i + "]", Problems.lineOf(item), problems, allowed).ifPresent(items::add);
        }
        return Optional.of(items);
    }

    Optional<String> string(String name) {
        return scalar(name, Scalars::string);
    }

    Optional<Boolean> bool(String name) {
        return scalar(name, Scalars::bool);
    }

    OptionalInt integer(String name, int min) {
        return integer(name, min, Integer.MAX_VALUE);
    }

    OptionalInt integer(String name, int min, int max) {
        Optional<Long> value = scalar(name, node -> Scalars.integer(node, min, max));
        return value.isPresent() ? OptionalInt.of(value.get().intValue()) : OptionalInt.empty();
    }

    OptionalLong longInteger(String name, long min, long max) {
        Optional<Long> value = scalar(name, node -> Scalars.integer(node, min, max));
        return value.isPresent() ? OptionalLong.of(value.get()) : OptionalLong.empty();
    }

    /** A finite number that satisfies {@code valid}; {@code rule} says what that means. */
    OptionalDouble number(String name, DoublePredicate valid, String rule) {
        Optional<Double> value = scalar(name, node -> Scalars.number(node, valid, rule));
        return value.isPresent() ? OptionalDouble.of(value.get()) : OptionalDouble.empty();
    }

    /** One of an enum's constants, spelled exactly as declared (the schema's spelling). */
    <E extends Enum<E>> Optional<E> choice(String name, Class<E> type) {
        return scalar(name, node -> Scalars.choice(node, type));
    }

    /** A scalar field, empty when absent; a bad one is reported at its line and reads as absent. */
    private <T> Optional<T> scalar(String name, Scalars.Reader<T> reader) {
        Node node = values.get(name);
        if (node == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(node));
        } catch (BadScalar e) {
            report(name, e.getMessage());
            return Optional.empty();
        }
    }
}
