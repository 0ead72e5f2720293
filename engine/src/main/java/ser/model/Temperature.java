package ser.model;

import java.util.function.DoubleUnaryOperator;

/**
 * Temperature scaling (Guo et al. 2017): class logits divided by one scalar fitted on held-out
 * clips, so that a confidence of 0.7 is right about 70 % of the time. It never changes a region's
 * most likely class.
 */
public final class Temperature {
    private static final double LOWEST = 0.05;
    private static final double HIGHEST = 20;

    private Temperature() {
    }

    /** softmax(logProbabilities / t): log-probabilities differ from logits by a constant, which softmax ignores. */
    public static float[] softmax(float[] logProbabilities, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logProbabilities) {
            max = Math.max(max, v / t);
        }
        double[] e = new double[logProbabilities.length];
        double sum = 0;
        for (int k = 0; k < e.length; k++) {
            e[k] = Math.exp(logProbabilities[k] / t - max);
            sum += e[k];
        }
        float[] p = new float[e.length];
        for (int k = 0; k < e.length; k++) {
            p[k] = (float) (e[k] / sum);
        }
        return p;
    }

    /**
     * The temperature in [0.05, 20] that minimizes the mean negative log-likelihood of {@code truth} under
     * {@code decision}, by golden-section search on log t (the likelihood of one temperature is unimodal
     * in practice; the search needs no gradient, so any decision rule can be calibrated).
     */
    public static double fit(RegionScores scores, int[] truth, Decision decision) {
        if (truth.length != scores.size() || truth.length == 0) {
            throw new IllegalArgumentException("calibration needs one label per clip and at least one clip, got "
                    + truth.length + " labels for " + scores.size() + " clips");
        }
        return minimizing(t -> nll(scores, truth, decision, t));
    }

    /** The temperature in [0.05, 20] that minimizes {@code nll}, by golden-section search on log t. */
    static double minimizing(DoubleUnaryOperator nll) {
        double lo = Math.log(LOWEST);
        double hi = Math.log(HIGHEST);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = nll.applyAsDouble(Math.exp(a));
        double fb = nll.applyAsDouble(Math.exp(b));
        for (int i = 0; i < 60 && hi - lo > 1e-4; i++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = nll.applyAsDouble(Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = nll.applyAsDouble(Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the true classes at temperature {@code t}. */
    public static double nll(RegionScores scores, int[] truth, Decision decision, double t) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(Math.max(1e-12, Decisions.utterance(scores, i, decision, t)[truth[i]]));
        }
        return sum / truth.length;
    }
}
