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
            seconds[i] = seconds(work);
        }
        return of(Arrays.asList(seconds));
    }

    /**
     * Times two pieces of work run in turns, {@code ours} then {@code reference} in each round, so that a
     * machine that speeds up or slows down during the measurement (a shared VM, turbo, a neighbour's job)
     * weighs on both alike rather than on whichever ran second.
     */
    public static Pair interleaved(int warmUps, int runs, Work ours, Work reference) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            ours.run();
            reference.run();
        }
        Double[] oursS = new Double[runs];
        Double[] referenceS = new Double[runs];
        for (int i = 0; i < runs; i++) {
            oursS[i] = seconds(ours);
            referenceS[i] = seconds(reference);
        }
        return new Pair(of(Arrays.asList(oursS)), of(Arrays.asList(referenceS)));
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    public record Pair(Timing ours, Timing reference) {
    }

    /** Units of work per second at the median, and at the fastest and slowest runs. */
    public Rate rate(double units) {
        return new Rate(units / medianS, units / maxS, units / minS);
    }

    public record Rate(double median, double min, double max) {
    }
}
