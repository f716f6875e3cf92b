package io.queueautoscaler.policy.yaml;

import java.util.Objects;

/**
 * One thing wrong with a policy file: where (file, 1-based line, dotted field path) and what.
 * {@code line} is 0 when the problem has no line (an unreadable file, a missing directory), and
 * {@code fieldPath} is empty when it concerns no field (malformed YAML).
 */
public record PolicyProblem(String file, int line, String fieldPath, String message) {

    public PolicyProblem {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must be at least 0: " + line);
        }
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(message, "message");
    }

    /** {@code policies/a.yml:7 spec.target.maxCapacity: 3 is below minCapacity 5}. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return fieldPath.isEmpty() ? where + " " + message : where + " " + fieldPath + ": " + message;
    }
}
