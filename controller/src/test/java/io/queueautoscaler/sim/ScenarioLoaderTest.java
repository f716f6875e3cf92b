package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheScenarioAndItsTraceRelativeToTheScenarioFile() throws IOException {
        Files.createDirectories(dir.resolve("traces"));
        Files.writeString(dir.resolve("traces/t.csv"), "second,arrivals\n0,2\n1,0\n3,1\n");
        Path scenario = write("scenarios/s.yml", """
                name: small
                queues:
                  - trace: ../traces/t.csv
                    serviceSeconds: { distribution: constant, mean: 1.5 }
                    maxWaitSeconds: 30
                fleet:
                  initialCapacity: 2
                  bootSeconds: 45
                  concurrencyPerInstance: 3
                seed: 9
                """);

        TraceWorkload workload = new ScenarioLoader().load(scenario);

        assertThat(workload.scenario().name()).isEqualTo("small");
        assertThat(workload.scenario().fleet()).isEqualTo(new FleetSpec(2, 45, 3));
        assertThat(workload.traceSeconds()).isEqualTo(4);
        assertThat(workload.arrivalTimes(0)).containsExactly(0, 0.5, 3);
        assertThat(workload.serviceTimes(0)).containsExactly(1.5, 1.5, 1.5);
        assertThat(workload.maxWaitSeconds(0)).isEqualTo(30);
    }

    static Stream<Path> shippedScenarios() throws IOException {
        return Files.list(Path.of("../benchmarks/scenarios")).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0} loads")
    @MethodSource("shippedScenarios")
    void everyBenchmarkScenarioLoads(Path scenario) {
        TraceWorkload workload = new ScenarioLoader().load(scenario);

        assertThat(workload.messages()).isPositive();
        assertThat(scenario.getFileName().toString()).isEqualTo(workload.scenario().name() + ".yml");
    }

    @Test
    void aTraceWithoutItsHeaderIsRejectedWithFileAndLine() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "0,2\n");

        assertThatThrownBy(() -> ScenarioLoader.readTrace(dir.resolve("t.csv")))
                .hasMessageContaining("t.csv line 1: expected the header second,arrivals");
    }

    @Test
    void aTraceWhoseSecondsGoBackIsRejected() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "second,arrivals\n5,1\n4,1\n");

        assertThatThrownBy(() -> ScenarioLoader.readTrace(dir.resolve("t.csv")))
                .hasMessageContaining("line 3: seconds must increase, 4 follows 5");
    }

    @Test
    void anInvalidFieldIsReportedWithTheFileAndWhatIsWrong() throws IOException {
        Path scenario = write("bad.yml", """
                name: bad
                queues:
                  - trace: t.csv
                    serviceSeconds: { distribution: lognormal, mean: 2.0 }
                    maxWaitSeconds: 30
                fleet: { initialCapacity: 0, bootSeconds: 10, concurrencyPerInstance: 1 }
                seed: 1
                """);

        assertThatThrownBy(() -> new ScenarioLoader().load(scenario))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("bad.yml")
                .hasMessageContaining("a lognormal serviceSeconds needs p99 above its mean");
    }

    @Test
    void anUnknownFieldIsRejected() throws IOException {
        Path scenario = write("typo.yml", """
                name: typo
                queues:
                  - { trace: t.csv, serviceSeconds: { distribution: constant, mean: 1 }, maxWaitSeconds: 30 }
                fleet: { initialCapacity: 0, bootSeconds: 10, concurrencyPerInstance: 1 }
                seed: 1
                sed: 1
                """);

        assertThatThrownBy(() -> new ScenarioLoader().load(scenario)).hasMessageContaining("typo.yml")
                .hasMessageContaining("field sed").hasMessageContaining("Unrecognized field \"sed\"");
    }

    @Test
    void aMissingSeedIsNamed() throws IOException {
        Path scenario = write("noseed.yml", """
                name: noseed
                queues:
                  - { trace: t.csv, serviceSeconds: { distribution: constant, mean: 1 }, maxWaitSeconds: 30 }
                fleet: { initialCapacity: 0, bootSeconds: 10, concurrencyPerInstance: 1 }
                """);

        assertThatThrownBy(() -> new ScenarioLoader().load(scenario)).hasMessageContaining("noseed.yml")
                .hasMessageContaining("field seed");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
