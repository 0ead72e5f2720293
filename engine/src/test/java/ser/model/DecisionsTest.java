package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DecisionsTest {
    /** Whole utterance, one real proposal, and a place the whole utterance fills (anchor -1). */
    private static final float[][][] REGIONS = {{{0.5f, 0.3f, 0.2f}, {0.1f, 0.1f, 0.8f}, {0.5f, 0.3f, 0.2f}}};
    private static final Proposals PROPOSALS = new Proposals(new float[][][] {{{0, 10}, {2, 5}, {0, 10}}}, new int[][] {{-1, 17, -1}});

    @Test
    void mostConfidentRegionWins() {
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.8f},
                Decisions.utterance(REGIONS, PROPOSALS, Decision.MOST_CONFIDENT_REGION)[0], 1e-7f);
    }

    @Test
    void meanLeavesOutPlacesTheWholeUtteranceFills() {
        assertArrayEquals(new float[] {0.3f, 0.2f, 0.5f}, Decisions.utterance(REGIONS, PROPOSALS, Decision.MEAN_OF_REGIONS)[0], 1e-6f);
    }
}
