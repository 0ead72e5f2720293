package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecisionsTest {
    /** Whole utterance, one real proposal, and a place the whole utterance fills (anchor -1). */
    private static final float[][] REGIONS = {{0.5f, 0.3f, 0.2f}, {0.1f, 0.1f, 0.8f}, {0.5f, 0.3f, 0.2f}};
    private static final float[][] WEIGHTS = {{0.2f, 0.5f, 0.1f}, {0.6f, 0.25f, 0.8f}, {0.2f, 0.25f, 0.1f}};
    private static final RegionScores SCORES = new RegionScores(new float[][][] {log(REGIONS)}, new float[][][] {WEIGHTS},
            new int[][] {{-1, 17, -1}});

    private static float[][] log(float[][] p) {
        float[][] out = new float[p.length][p[0].length];
        for (int r = 0; r < p.length; r++) {
            for (int k = 0; k < p[r].length; k++) {
                out[r][k] = (float) Math.log(p[r][k]);
            }
        }
        return out;
    }

    @Test
    void mostConfidentRegionWins() {
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.8f}, Decisions.utterance(SCORES, 0, Decision.MOST_CONFIDENT_REGION, 1), 1e-6f);
    }

    @Test
    void meanLeavesOutPlacesTheWholeUtteranceFills() {
        assertArrayEquals(new float[] {0.3f, 0.2f, 0.5f}, Decisions.utterance(SCORES, 0, Decision.MEAN_OF_REGIONS, 1), 1e-6f);
    }

    @Test
    void pooledWeighsEveryRegionByItsDetectionWeightPerClass() {
        // Σ_r w_rk p_rk = (0.2·0.5 + 0.6·0.1 + 0.2·0.5, 0.5·0.3 + 0.25·0.1 + 0.25·0.3, 0.1·0.2 + 0.8·0.8 + 0.1·0.2) = (0.26, 0.25, 0.68)
        double total = 0.26 + 0.25 + 0.68;
        assertArrayEquals(new float[] {(float) (0.26 / total), (float) (0.25 / total), (float) (0.68 / total)},
                Decisions.utterance(SCORES, 0, Decision.POOLED, 1), 1e-6f);
        assertArrayEquals(REGIONS[0], Decisions.utterance(SCORES, 0, Decision.WHOLE_UTTERANCE, 1), 1e-6f);
    }

    @Test
    void temperatureDividesTheLogitsAndKeepsTheOrder() {
        float[] hot = Decisions.utterance(SCORES, 0, Decision.WHOLE_UTTERANCE, 2);
        double a = Math.sqrt(0.5);
        double b = Math.sqrt(0.3);
        double c = Math.sqrt(0.2);
        assertArrayEquals(new float[] {(float) (a / (a + b + c)), (float) (b / (a + b + c)), (float) (c / (a + b + c))}, hot, 1e-6f);
        assertEquals(0, Decisions.argmax(hot));
    }
}
