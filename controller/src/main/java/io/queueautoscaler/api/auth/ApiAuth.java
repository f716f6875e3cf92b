package io.queueautoscaler.api.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.List;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** Bearer-token authentication and role checks (@RolesAllowed) for Jersey. */
public final class ApiAuth {
    private ApiAuth() {
    }

    public static void register(JerseyEnvironment jersey, AuthConfiguration config) {
        providers(config).forEach(jersey::register);
    }

    /** The Jersey providers that authenticate tokens and enforce roles. */
    public static List<Object> providers(AuthConfiguration config) {
        TokenAuthenticator tokens = new TokenAuthenticator(config.getAdminTokens(), config.getWorkerTokens());
        return List.of(
                new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<Caller>()
                        .setAuthenticator(tokens)
                        .setAuthorizer(tokens)
                        .setPrefix("Bearer")
                        .setRealm("queue-autoscaler")
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter()),
                RolesAllowedDynamicFeature.class,
                new WrongRoleMapper(),
                new AuthValueFactoryProvider.Binder<>(Caller.class));
    }
}
