package ser.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One figure over several runs: mean and sample standard deviation (n − 1), and the values, so a
 * table can say "0.612 ± 0.021 (3 seeds)" and a reader can check it.
 */
public record Spread(double mean, double sd, List<Double> values) {
    public Spread {
        values = List.copyOf(values);
    }

    /** Null when no run has the figure; values that are null or NaN (a class absent from a corpus) are left out. */
    public static Spread of(List<Double> values) {
        List<Double> present = values.stream().filter(v -> v != null && !v.isNaN()).toList();
        if (present.isEmpty()) {
            return null;
        }
        double mean = present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = present.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = present.size() < 2 ? 0 : Math.sqrt(squares / (present.size() - 1));
        return new Spread(mean, sd, present);
    }

    /** One figure of every run. */
    public static <T> Spread over(List<T> runs, Function<T, Double> figure) {
        List<Double> values = new ArrayList<>();
        runs.forEach(run -> values.add(figure.apply(run)));
        return of(values);
    }

    @Override
    public String toString() {
        return String.format("%.3f ± %.3f", mean, sd);
    }
}
