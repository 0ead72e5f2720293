package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import ser.model.Decision;
import ser.model.RegionScores;
import ser.report.Metrics;

/** Early stopping judges an epoch by the decision rule the model would ship with, not by the paper's rule alone. */
class EarlyStoppingTest {
    @Test
    void anEpochIsJudgedByItsBestRuleOnDev() {
        // Per clip: the whole utterance (region 0) is right, one proposal is confidently wrong.
        float[][][] log = new float[4][][];
        int[] truth = {0, 1, 0, 1};
        for (int i = 0; i < truth.length; i++) {
            float[] whole = logOf(truth[i] == 0 ? new double[] {0.7, 0.3} : new double[] {0.3, 0.7});
            float[] wrong = logOf(truth[i] == 0 ? new double[] {0.01, 0.99} : new double[] {0.99, 0.01});
            log[i] = new float[][] {whole, wrong};
        }
        int[][] anchors = {{-1, 0}, {-1, 0}, {-1, 0}, {-1, 0}};
        RegionScores dev = new RegionScores(log, null, anchors);
        List<String> labels = List.of("a", "b");
        assertEquals(0.0, Metrics.of(labels, truth, Evaluator.predict(dev, Decision.MOST_CONFIDENT_REGION, 1)).ua(), 1e-12,
                "the paper's rule takes the confident wrong proposal");
        assertEquals(1.0, Trainer.earlyStoppingMetrics(dev, truth, labels).ua(), 1e-12);
    }

    private static float[] logOf(double[] p) {
        float[] out = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = (float) Math.log(p[k]);
        }
        return out;
    }
}
