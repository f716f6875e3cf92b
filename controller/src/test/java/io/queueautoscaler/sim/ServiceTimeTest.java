package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServiceTimeTest {

    @ParameterizedTest(name = "lognormal with mean {0} and p99 {1}")
    @CsvSource({"2.0, 12.0", "1.0, 6.0", "3.0, 20.0", "1.0, 1.5"})
    void lognormalParametersReproduceTheGivenMeanAndP99(double mean, double p99) {
        double[] params = new ServiceTime(ServiceTime.Distribution.lognormal, mean, p99).lognormalParameters();
        double mu = params[0];
        double sigma = params[1];

        assertThat(Math.exp(mu + sigma * sigma / 2)).isCloseTo(mean, within(1e-9));
        assertThat(Math.exp(mu + ServiceTime.Z99 * sigma)).isCloseTo(p99, within(1e-9));
    }

    @ParameterizedTest(name = "{0} with mean 2 has a sample mean near 2")
    @CsvSource({"lognormal, 12.0", "exponential, ", "constant, "})
    void samplesHaveTheDeclaredMean(ServiceTime.Distribution distribution, Double p99) {
        DoubleSupplier draw = new ServiceTime(distribution, 2, p99).sampler(new SplittableRandom(1));
        double[] samples = new double[400_000];
        Arrays.setAll(samples, i -> draw.getAsDouble());

        assertThat(Arrays.stream(samples).average().orElseThrow()).isCloseTo(2, within(0.03));
        assertThat(Arrays.stream(samples).min().orElseThrow()).isPositive();
    }

    @Test
    void lognormalSamplesHaveTheDeclaredP99() {
        DoubleSupplier draw = new ServiceTime(ServiceTime.Distribution.lognormal, 2, 12.0).sampler(new SplittableRandom(1));
        double[] samples = new double[400_000];
        Arrays.setAll(samples, i -> draw.getAsDouble());
        Arrays.sort(samples);

        assertThat(samples[(int) (0.99 * samples.length)]).isCloseTo(12, within(0.3));
    }

    @Test
    void aLognormalNeedsAP99AboveItsMean() {
        assertThatThrownBy(() -> new ServiceTime(ServiceTime.Distribution.lognormal, 2, 2.0))
                .hasMessageContaining("p99 above its mean 2.0");
        assertThatThrownBy(() -> new ServiceTime(ServiceTime.Distribution.lognormal, 1, 100.0))
                .hasMessageContaining("no lognormal has mean 1.0 and p99 100.0");
    }
}
