package ser.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes a run recognises, in output order. Clips with other labels are dropped and counted,
 * never relabelled silently.
 */
public record LabelSet(List<String> labels) {
    /** The product's six classes. */
    public static final LabelSet SIX = new LabelSet(List.of("angry", "disgust", "fear", "happy", "neutral", "sad"));

    public LabelSet {
        labels = List.copyOf(labels);
        if (labels.isEmpty() || labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("a label set needs distinct labels: " + labels);
        }
    }

    public int size() {
        return labels.size();
    }

    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    /** Kept clips, and per dropped label how many were dropped. */
    public record Filtered(List<Clip> kept, Map<String, Integer> dropped) {
        public int droppedCount() {
            return dropped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public Filtered filter(List<Clip> clips) {
        List<Clip> kept = new ArrayList<>();
        Map<String, Integer> dropped = new TreeMap<>();
        for (Clip clip : clips) {
            if (labels.contains(clip.label())) {
                kept.add(clip);
            } else {
                dropped.merge(clip.corpus() + ":" + clip.label(), 1, Integer::sum);
            }
        }
        return new Filtered(kept, dropped);
    }
}
