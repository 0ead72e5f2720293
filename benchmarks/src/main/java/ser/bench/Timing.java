package ser.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Seconds per run of one piece of work: median, min and max over the timed runs that follow the
 * warm-up runs. Throughput figures divide the work by the median.
 */
public record Timing(double medianS, double minS, double maxS, int runs) {
    /** A piece of work to time; it may throw, and a failure ends the measurement. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public static Timing of(List<Double> seconds) {
        double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            throw new IllegalArgumentException("no timed runs");
        }
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Timing(median, s[0], s[s.length - 1], s.length);
    }

    public static Timing measure(int warmUps, int runs, Work work) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            work.run();
        }
        Double[] seconds = new Double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return of(Arrays.asList(seconds));
    }

    /** Units of work per second at the median, and at the fastest and slowest runs. */
    public Rate rate(double units) {
        return new Rate(units / medianS, units / maxS, units / minS);
    }

    public record Rate(double median, double min, double max) {
    }
}
