package io.queueautoscaler.api.auth;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Maps a bearer token to a role. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither a token's content nor its length leaks through timing.
 */
public final class TokenAuthenticator implements Authenticator<String, Caller>, Authorizer<Caller> {
    private final List<byte[]> adminDigests;
    private final List<byte[]> workerDigests;

    public TokenAuthenticator(List<String> adminTokens, List<String> workerTokens) {
        this.adminDigests = digests(adminTokens);
        this.workerDigests = digests(workerTokens);
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        byte[] digest = sha256(token);
        // Check every token without an early exit, so timing does not tell which list matched.
        boolean admin = matches(adminDigests, digest);
        boolean worker = matches(workerDigests, digest);
        if (admin) {
            return Optional.of(new Caller(Role.ADMIN));
        }
        return worker ? Optional.of(new Caller(Role.WORKER)) : Optional.empty();
    }

    @Override
    public boolean authorize(Caller caller, String role, ContainerRequestContext request) {
        return caller.role().name().equals(role);
    }

    private static boolean matches(List<byte[]> digests, byte[] digest) {
        boolean found = false;
        for (byte[] candidate : digests) {
            found |= MessageDigest.isEqual(candidate, digest);
        }
        return found;
    }

    private static List<byte[]> digests(List<String> tokens) {
        return tokens.stream().filter(t -> t != null && !t.isBlank()).map(TokenAuthenticator::sha256).toList();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
