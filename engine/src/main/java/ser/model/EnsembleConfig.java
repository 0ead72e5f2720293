package ser.model;

import java.util.List;

/**
 * A model made of several networks of one recipe (seeds, say) that score every window together:
 * each member decides by its own rule and temperature, and the members' probabilities are averaged.
 *
 * @param members     member model directories, relative to the ensemble's directory
 * @param temperature what the log of the members' mean probabilities is divided by before the final
 *                    softmax, fitted on dev and at least 1; 1 leaves the mean as it is
 */
public record EnsembleConfig(List<String> members, double temperature) {
    public EnsembleConfig {
        members = List.copyOf(members);
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
    }

    /** [K] the ensemble's probabilities from the members' [M][K], at {@code t}. */
    public static float[] combine(float[][] members, double t) {
        int classes = members[0].length;
        float[] log = new float[classes];
        for (int k = 0; k < classes; k++) {
            double sum = 0;
            for (float[] member : members) {
                sum += member[k];
            }
            log[k] = (float) Math.log(Math.max(1e-12, sum / members.length));
        }
        return Temperature.softmax(log, t);
    }

    /** [N][K] of every clip from each member's [M][N][K]. */
    public static float[][] combine(List<float[][]> members, double t) {
        int clips = members.get(0).length;
        float[][] out = new float[clips][];
        for (int i = 0; i < clips; i++) {
            float[][] of = new float[members.size()][];
            for (int m = 0; m < of.length; m++) {
                of[m] = members.get(m)[i];
            }
            out[i] = combine(of, t);
        }
        return out;
    }

    /**
     * The temperature of at least 1 that calibrates the members' mean on clips labelled {@code truth} (dev): it may
     * soften the mean, never sharpen it. Those clips chose each member's epoch, rule and temperature, so the mean
     * looks surer there than it is on new speakers, and a sharpening fitted there does not carry to them
     * ({@code docs/results.md}). The likelihood is convex in 1/t, so the bounded optimum is the free one raised to 1.
     */
    public static double fit(List<float[][]> members, int[] truth) {
        if (members.isEmpty() || truth.length != members.get(0).length || truth.length == 0) {
            throw new IllegalArgumentException("calibration needs members and one label per clip");
        }
        return Math.max(1, Temperature.minimizing(t -> {
            float[][] p = combine(members, t);
            double sum = 0;
            for (int i = 0; i < truth.length; i++) {
                sum -= Math.log(Math.max(1e-12, p[i][truth[i]]));
            }
            return sum / truth.length;
        }));
    }
}
