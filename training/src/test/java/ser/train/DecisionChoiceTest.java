package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import ser.model.Decision;
import ser.model.RegionScores;

class DecisionChoiceTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    private static float[] log(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(p[i]);
        }
        return out;
    }

    @Test
    void aNetworkWithOneRegionShipsTheWholeUtteranceRule() {
        // One region per utterance (the CNN-BLSTM): every rule gives the same predictions, so all tie.
        float[][][] scores = {{log(0.7, 0.2, 0.1)}, {log(0.2, 0.6, 0.2)}, {log(0.1, 0.3, 0.6)}, {log(0.5, 0.4, 0.1)}};
        int[][] anchors = {{-1}, {-1}, {-1}, {-1}};
        DecisionChoice choice = DecisionChoice.on(new RegionScores(scores, null, anchors), new int[] {0, 1, 2, 1}, LABELS);
        assertEquals(Decision.WHOLE_UTTERANCE, choice.decision());
        assertEquals(0.75, choice.chosen().metrics().wa(), 1e-9);
    }

    @Test
    void aRegionRuleThatDoesBetterOnDevWins() {
        // Region 1 carries the emotion; the whole utterance (region 0) is wrong on two of three.
        float[][][] scores = {
                {log(0.2, 0.5, 0.3), log(0.9, 0.05, 0.05)},
                {log(0.4, 0.3, 0.3), log(0.05, 0.9, 0.05)},
                {log(0.1, 0.1, 0.8), log(0.05, 0.05, 0.9)}};
        float[][][] detection = {
                {{0.1f, 0.1f, 0.1f}, {0.9f, 0.9f, 0.9f}}, {{0.1f, 0.1f, 0.1f}, {0.9f, 0.9f, 0.9f}},
                {{0.1f, 0.1f, 0.1f}, {0.9f, 0.9f, 0.9f}}};
        int[][] anchors = {{-1, 3}, {-1, 2}, {-1, 1}};
        DecisionChoice choice = DecisionChoice.on(new RegionScores(scores, detection, anchors), new int[] {0, 1, 2}, LABELS);
        assertEquals(1.0, choice.chosen().metrics().ua(), 1e-9);
        assertEquals(1.0 / 3, choice.candidates().get(Decision.WHOLE_UTTERANCE).metrics().wa(), 1e-9);
    }
}
