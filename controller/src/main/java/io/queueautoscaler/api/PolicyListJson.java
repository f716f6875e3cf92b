package io.queueautoscaler.api;

import java.util.List;

/** Every policy in force, and why the last reload failed if it did (the policies in force are the last good ones). */
public record PolicyListJson(List<PolicyJson> items, List<LoadErrorJson> loadErrors) {

    public record LoadErrorJson(String at, String message) {
    }
}
