package io.queueautoscaler.api.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsInUrlFilterFactoryTest {
    private static final String TOKEN = "a-worker-token-of-at-least-32-characters";
    private final CredentialsInUrlFilterFactory filter = new CredentialsInUrlFilterFactory(List.of(TOKEN, ""));

    @Test
    void aParameterNamedLikeACredentialKeepsTheLineOut() {
        assertThat(filter.carriesCredential("/v1/decisions", "limit=5&access_token=x", null)).isTrue();
        assertThat(filter.carriesCredential("/v1/decisions", "Access%5FToken=x", null)).isTrue();
        assertThat(filter.carriesCredential("/healthcheck", "api_key=x", null)).isTrue();
        assertThat(filter.carriesCredential("/v1/decisions", "password", null)).isTrue();
    }

    @Test
    void oneOfTheDaemonsTokensAnywhereKeepsTheLineOut() {
        assertThat(filter.carriesCredential("/v1/" + TOKEN, null, null)).isTrue();
        assertThat(filter.carriesCredential("/v1/decisions", "cursor=" + TOKEN.replace("-", "%2D"), null)).isTrue();
        assertThat(filter.carriesCredential("/", null, "http://127.0.0.1:8080/?token=x")).isTrue();
    }

    @Test
    void anOrdinaryRequestIsLogged() {
        assertThat(filter.carriesCredential("/v1/decisions", "policy=thumbnails&action=SCALE_OUT&limit=50", null)).isFalse();
        assertThat(filter.carriesCredential("/", null, "http://127.0.0.1:8080/")).isFalse();
        assertThat(filter.carriesCredential("/v1/instances/i-0a1b2c3d4e5f60001/protection", "holder=worker-1", null)).isFalse();
    }
}
