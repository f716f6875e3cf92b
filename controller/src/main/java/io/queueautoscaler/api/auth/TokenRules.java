package io.queueautoscaler.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a token must be when the daemon drives real infrastructure: long enough not to be guessed,
 * one role per token, and not a value anybody can read in this project's files. The embedded
 * default is exempt: its tokens are printed in the README on purpose and it binds loopback only.
 * Problems name the token by its place in the configuration, never by its value.
 */
public final class TokenRules {
    public static final int MIN_LENGTH = 32;

    /** Tokens shipped in config/local.yml, the README, deploy/ and docs/: public knowledge. */
    private static final Set<String> PUBLISHED = Set.of(
            "local-admin-token",
            "local-worker-token",
            "replace-me-with-a-long-random-admin-token",
            "replace-me-with-a-long-random-worker-token");
    /** Words that mark a value somebody meant to replace. */
    private static final List<String> PLACEHOLDER_WORDS = List.of("replace-me", "replaceme", "changeme", "change-me",
            "placeholder", "example");

    private TokenRules() {
    }

    public static List<String> problems(AuthConfiguration auth) {
        List<String> problems = new ArrayList<>();
        checkEach("auth.adminTokens", auth.getAdminTokens(), problems);
        checkEach("auth.workerTokens", auth.getWorkerTokens(), problems);
        for (int a = 0; a < auth.getAdminTokens().size(); a++) {
            for (int w = 0; w < auth.getWorkerTokens().size(); w++) {
                String admin = auth.getAdminTokens().get(a);
                if (admin != null && !admin.isEmpty() && admin.equals(auth.getWorkerTokens().get(w))) {
                    problems.add("auth.adminTokens[" + a + "] equals auth.workerTokens[" + w
                            + "]: every worker could act as an admin; give each role its own token");
                }
            }
        }
        return problems;
    }

    private static void checkEach(String field, List<String> tokens, List<String> problems) {
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i) == null ? "" : tokens.get(i);
            if (token.isEmpty()) {
                continue; // an optional second token that is not set: see AuthConfiguration
            }
            String where = field + "[" + i + "]";
            if (isPlaceholder(token)) {
                problems.add(where + " is a placeholder published with queue-autoscaler; set a secret of your own "
                        + "(for example: openssl rand -base64 36)");
            } else if (token.length() < MIN_LENGTH) {
                problems.add(where + " is " + token.length() + " characters; a production token needs at least "
                        + MIN_LENGTH + " (for example: openssl rand -base64 36)");
            }
        }
    }

    private static boolean isPlaceholder(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return PUBLISHED.contains(lower) || PLACEHOLDER_WORDS.stream().anyMatch(lower::contains);
    }
}
