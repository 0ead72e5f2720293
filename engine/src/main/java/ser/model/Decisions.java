package ser.model;

/** Utterance decisions from region predictions, on the host. */
public final class Decisions {
    private Decisions() {
    }

    /** [K] class probabilities of utterance {@code b} under {@code decision}, at {@code temperature}. */
    public static float[] utterance(RegionScores scores, int b, Decision decision, double temperature) {
        float[][] regions = scores.probabilities(b, temperature);
        return switch (decision) {
            case MOST_CONFIDENT_REGION -> mostConfident(scores, b, regions);
            case MEAN_OF_REGIONS -> mean(scores, b, regions);
            case POOLED -> scores.detectionWeights() == null ? regions[0] : pooled(scores.detectionWeights()[b], regions);
            case WHOLE_UTTERANCE -> regions[0];
        };
    }

    /** [B][K] of every utterance of the batch. */
    public static float[][] utterances(RegionScores scores, Decision decision, double temperature) {
        float[][] out = new float[scores.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = utterance(scores, b, decision, temperature);
        }
        return out;
    }

    private static float[] mostConfident(RegionScores scores, int b, float[][] regions) {
        int best = 0;
        float bestConfidence = -1;
        for (int r = 0; r < regions.length; r++) {
            float confidence = max(regions[r]);
            if (scores.distinct(b, r) && confidence > bestConfidence) {
                best = r;
                bestConfidence = confidence;
            }
        }
        return regions[best];
    }

    private static float[] mean(RegionScores scores, int b, float[][] regions) {
        float[] sum = new float[regions[0].length];
        int n = 0;
        for (int r = 0; r < regions.length; r++) {
            if (scores.distinct(b, r)) {
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

    /** Σ_r w_rk p_rk over every region, as the multiple-instance loss pools them, renormalized over classes. */
    private static float[] pooled(float[][] weights, float[][] regions) {
        int classes = regions[0].length;
        float[] p = new float[classes];
        double total = 0;
        for (int k = 0; k < classes; k++) {
            double sum = 0;
            for (int r = 0; r < regions.length; r++) {
                sum += weights[r][k] * regions[r][k];
            }
            p[k] = (float) sum;
            total += sum;
        }
        for (int k = 0; k < classes; k++) {
            p[k] = (float) (p[k] / total);
        }
        return p;
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
