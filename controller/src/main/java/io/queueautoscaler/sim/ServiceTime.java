package io.queueautoscaler.sim;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * How long one message takes to serve: {@code lognormal} (given its mean and 99th percentile),
 * {@code exponential} (given its mean) or {@code constant}. Sampling uses StrictMath so the same
 * seed gives the same service times on every machine.
 */
public record ServiceTime(Distribution distribution, double mean, Double p99) {

    /** The standard normal's 99th percentile: p99 = exp(mu + Z99 * sigma). */
    static final double Z99 = 2.3263478740408408;

    public enum Distribution { lognormal, exponential, constant }

    public ServiceTime {
        Objects.requireNonNull(distribution, "serviceSeconds.distribution is required (lognormal, exponential or constant)");
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("serviceSeconds.mean must be a positive number of seconds: " + mean);
        }
        if (distribution == Distribution.lognormal) {
            if (p99 == null || !(p99 > mean)) {
                throw new IllegalArgumentException("a lognormal serviceSeconds needs p99 above its mean " + mean + ": " + p99);
            }
            if (Math.log(p99 / mean) > Z99 * Z99 / 2) {
                throw new IllegalArgumentException("no lognormal has mean " + mean + " and p99 " + p99
                        + ": p99 can be at most " + Math.floor(Math.exp(Z99 * Z99 / 2) * 100) / 100
                        + " times the mean; lower p99 or raise the mean");
            }
        }
    }

    public static ServiceTime constant(double seconds) {
        return new ServiceTime(Distribution.constant, seconds, null);
    }

    /**
     * The lognormal's (mu, sigma) from its mean and p99: mean = exp(mu + sigma^2 / 2) and
     * p99 = exp(mu + Z99 sigma) give sigma^2 / 2 - Z99 sigma + ln(p99 / mean) = 0, whose smaller
     * root is the one with a p99 above the mean that stays near it.
     */
    double[] lognormalParameters() {
        double gap = Math.log(p99 / mean);
        double sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * gap);
        double mu = Math.log(mean) - sigma * sigma / 2;
        return new double[] {mu, sigma};
    }

    /** A stream of service times drawn from {@code random}. */
    DoubleSupplier sampler(SplittableRandom random) {
        return switch (distribution) {
            case constant -> () -> mean;
            case exponential -> () -> -mean * StrictMath.log(1 - random.nextDouble());
            case lognormal -> {
                double[] params = lognormalParameters();
                yield () -> StrictMath.exp(params[0] + params[1] * standardNormal(random));
            }
        };
    }

    /** Box-Muller, one value per pair of uniforms: simple, exact and reproducible. */
    private static double standardNormal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
