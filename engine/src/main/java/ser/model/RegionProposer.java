package ser.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the proposal network's outputs into regions: every anchor (each length in
 * {@code anchorSteps}, centred at every time step) is moved by its predicted offsets (centre shift
 * in anchor lengths, log length ratio), clipped to the utterance, ranked by objectness, thinned by
 * non-maximum suppression over time intervals and cut to {@code proposals}. The whole utterance
 * is always region 0; when fewer proposals survive, it fills the remaining places, so every
 * utterance has the same number of regions. Runs on host arrays: a few hundred anchors per clip.
 */
final class RegionProposer {
    private final ModelConfig config;
    private final AnchorGeometry geometry;

    RegionProposer(ModelConfig config) {
        this.config = config;
        this.geometry = new AnchorGeometry(config.anchorSteps());
    }

    AnchorGeometry geometry() {
        return geometry;
    }

    /**
     * @param objectness [B][steps·A] logits, step-major
     * @param deltas     [B][steps·A·2] offsets
     * @param validSteps steps that hold the utterance, per item
     */
    Proposals propose(float[][] objectness, float[][] deltas, int[] validSteps) {
        int batch = objectness.length;
        int perStep = geometry.anchorsPerStep();
        int regions = config.regionsPerUtterance();
        float[][][] boxes = new float[batch][regions][];
        int[][] anchors = new int[batch][regions];
        for (int b = 0; b < batch; b++) {
            int valid = validSteps[b];
            List<Candidate> candidates = new ArrayList<>();
            for (int t = 0; t < valid; t++) {
                for (int a = 0; a < perStep; a++) {
                    int k = t * perStep + a;
                    double[] box = geometry.decode(t, a, deltas[b][2 * k], deltas[b][2 * k + 1]);
                    double start = Math.max(0, box[0]);
                    double end = Math.min(valid, box[1]);
                    if (end - start >= AnchorGeometry.MIN_LENGTH) {
                        candidates.add(new Candidate(k, objectness[b][k], (float) start, (float) end));
                    }
                }
            }
            candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
            List<Candidate> kept = suppress(candidates.subList(0, Math.min(config.preNmsTopK(), candidates.size())));
            float[] whole = {0, valid};
            Arrays.fill(anchors[b], -1);
            Arrays.fill(boxes[b], whole);
            for (int r = 1; r < regions && r - 1 < kept.size(); r++) {
                Candidate c = kept.get(r - 1);
                boxes[b][r] = new float[] {c.start, c.end};
                anchors[b][r] = c.anchor;
            }
        }
        return new Proposals(boxes, anchors);
    }

    private List<Candidate> suppress(List<Candidate> ranked) {
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : ranked) {
            if (kept.size() == config.proposals()) {
                break;
            }
            boolean overlaps = false;
            for (Candidate k : kept) {
                if (AnchorGeometry.iou(c.start, c.end, k.start, k.end) > config.nmsIou()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(c);
            }
        }
        return kept;
    }

    private record Candidate(int anchor, float score, float start, float end) {
    }
}
