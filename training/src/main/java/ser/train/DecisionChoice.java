package ser.train;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import ser.model.Decision;
import ser.model.Decisions;
import ser.model.RegionScores;
import ser.model.Temperature;
import ser.report.Calibration;
import ser.report.Metrics;

/**
 * The decision rule and temperature a model ships with, both chosen on dev: every rule gets its
 * temperature fitted by likelihood, and the rule with the best UA wins. A tie goes to the whole utterance,
 * the rule that needs no proposals (a network with one region ties every rule), then to the earlier rule.
 *
 * @param candidates every rule's temperature, figures and calibration before and after scaling
 */
public record DecisionChoice(Decision decision, double temperature, Map<Decision, Candidate> candidates) {

    /** One rule on dev: UA does not depend on the temperature, the calibration does. */
    public record Candidate(double temperature, Metrics metrics, Calibration uncalibrated, Calibration calibrated) {
    }

    public static DecisionChoice on(RegionScores dev, int[] truth, List<String> labels) {
        Map<Decision, Candidate> candidates = new EnumMap<>(Decision.class);
        Decision best = null;
        List<Decision> order = new java.util.ArrayList<>(List.of(Decision.values()));
        order.remove(Decision.WHOLE_UTTERANCE);
        order.add(0, Decision.WHOLE_UTTERANCE);
        for (Decision d : order) {
            double t = Temperature.fit(dev, truth, d);
            Metrics metrics = Metrics.of(labels, truth, Evaluator.predict(dev, d, t));
            candidates.put(d, new Candidate(t, metrics, Calibration.of(Decisions.utterances(dev, d, 1), truth),
                    Calibration.of(Decisions.utterances(dev, d, t), truth)));
            if (best == null || metrics.ua() > candidates.get(best).metrics().ua()) {
                best = d;
            }
        }
        return new DecisionChoice(best, candidates.get(best).temperature(), Map.copyOf(candidates));
    }

    public Candidate chosen() {
        return candidates.get(decision);
    }
}
