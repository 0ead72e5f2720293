package ser.model;

/** Utterance decisions from region predictions, on the host. */
public final class Decisions {
    private Decisions() {
    }

    /** [B][R][K] class probabilities of every region. */
    public static float[][][] regionProbabilities(NetOutput out) {
        Tensors.Shape3 s = Tensors.shape3(out.regionLogits());
        float[] flat = Tensors.floats(out.regionLogits().softmax(2));
        float[][][] p = new float[s.a()][s.b()][s.c()];
        for (int b = 0; b < s.a(); b++) {
            for (int r = 0; r < s.b(); r++) {
                System.arraycopy(flat, (b * s.b() + r) * s.c(), p[b][r], 0, s.c());
            }
        }
        return p;
    }

    /**
     * [B][K] utterance probabilities. Places the whole utterance fills when fewer proposals
     * survived (anchor -1 after region 0) are not separate regions and are left out.
     */
    public static float[][] utterance(float[][][] regions, Proposals proposals, Decision decision) {
        float[][] out = new float[regions.length][];
        for (int b = 0; b < regions.length; b++) {
            int[] anchors = proposals.anchors()[b];
            out[b] = switch (decision) {
                case MOST_CONFIDENT_REGION -> mostConfident(regions[b], anchors);
                case MEAN_OF_REGIONS -> mean(regions[b], anchors);
            };
        }
        return out;
    }

    private static boolean distinct(int r, int[] anchors) {
        return r == 0 || anchors[r] >= 0;
    }

    private static float[] mostConfident(float[][] regions, int[] anchors) {
        int best = 0;
        float bestConfidence = -1;
        for (int r = 0; r < regions.length; r++) {
            float confidence = max(regions[r]);
            if (distinct(r, anchors) && confidence > bestConfidence) {
                best = r;
                bestConfidence = confidence;
            }
        }
        return regions[best].clone();
    }

    private static float[] mean(float[][] regions, int[] anchors) {
        float[] sum = new float[regions[0].length];
        int n = 0;
        for (int r = 0; r < regions.length; r++) {
            if (distinct(r, anchors)) {
                n++;
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += regions[r][k];
                }
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= n;
        }
        return sum;
    }

    public static float max(float[] p) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }
}
