package ser.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The clips of one epoch in training order, drawn as {@link Sampling} says from a seeded generator. */
final class EpochOrder {
    private final List<Example> train;
    private final Sampling sampling;
    private final double[] cumulative;

    EpochOrder(List<Example> train, Sampling sampling) {
        this.train = List.copyOf(train);
        this.sampling = sampling;
        this.cumulative = sampling == Sampling.CORPUS_BALANCED ? cumulative(weights(this.train)) : null;
    }

    List<Example> draw(Random random) {
        if (sampling == Sampling.SHUFFLE) {
            List<Example> order = new ArrayList<>(train);
            Collections.shuffle(order, random);
            return order;
        }
        List<Example> order = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
            order.add(train.get(Math.min(train.size() - 1, at >= 0 ? at + 1 : -at - 1)));
        }
        return order;
    }

    /** Class weights for the loss: inverse frequency after a shuffle, none after balanced draws. */
    float[] classWeights(int classes) {
        if (sampling == Sampling.SHUFFLE) {
            return Trainer.classWeights(train, classes);
        }
        float[] ones = new float[classes];
        train.forEach(e -> ones[e.label()] = 1f);
        return ones;
    }

    /** Per clip: 1 / (classes present × corpora with the clip's class × clips of that corpus and class). */
    static double[] weights(List<Example> train) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        for (Example e : train) {
            counts.computeIfAbsent(e.label(), k -> new HashMap<>()).merge(e.clip().corpus(), 1, Integer::sum);
        }
        double[] w = new double[train.size()];
        for (int i = 0; i < w.length; i++) {
            Example e = train.get(i);
            Map<String, Integer> byCorpus = counts.get(e.label());
            w[i] = 1.0 / ((double) counts.size() * byCorpus.size() * byCorpus.get(e.clip().corpus()));
        }
        return w;
    }

    private static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i];
            c[i] = sum;
        }
        return c;
    }
}
