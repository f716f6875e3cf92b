package io.queueautoscaler.api.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** Registers bearer-token authentication and role checks (@RolesAllowed) with Jersey. */
public final class ApiAuth {
    private ApiAuth() {
    }

    public static void register(JerseyEnvironment jersey, AuthConfiguration config) {
        TokenAuthenticator tokens = new TokenAuthenticator(config.getAdminTokens(), config.getWorkerTokens());
        jersey.register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<Caller>()
                .setAuthenticator(tokens)
                .setAuthorizer(tokens)
                .setPrefix("Bearer")
                .setRealm("queue-autoscaler")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter()));
        jersey.register(RolesAllowedDynamicFeature.class);
        jersey.register(new AuthValueFactoryProvider.Binder<>(Caller.class));
    }
}
