package io.queueautoscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtectionExceptionTest {

    @ParameterizedTest(name = "{0}: definitive {1}")
    @CsvSource({
            "0,   false, no answer: the daemon may be restarting",
            "400, true,  a malformed request stays malformed",
            "401, true,  a bad token stays bad",
            "403, true,  another instance's lease stays another's",
            "404, true,  an instance in no group",
            "409, true,  a group no policy manages, or an instance leaving service",
            "408, false, the daemon timed out reading the request",
            "429, false, too many requests: slow down and ask again",
            "500, false, a server error may pass",
            "503, false, the instance is still booting, or AWS cannot answer: Retry-After"})
    void onlyRefusalsThatAskingAgainCannotChangeAreDefinitive(int status, boolean definitive, String why) {
        assertThat(new ProtectionException(status, why).definitive()).as(why).isEqualTo(definitive);
    }
}
