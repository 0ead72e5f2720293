package ser.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one input gave: a recognition or a failure, never both, never null fields. */
public sealed interface Result permits Result.Recognized, Result.Failed {
    /** The input's name: a path, or the name given with bytes, a stream or PCM. */
    String source();

    /** How the emotion of an input was decided. */
    enum Decision {
        /** Speech of one model window: the model's decision on it; segments are its regions, the whole utterance first. */
        REGION,
        /** Longer speech: the windows' scores averaged by voiced time; segments are the windows (the timeline). */
        WINDOWS
    }

    /**
     * @param confidence the calibrated probability of {@code emotion}: right about that often on held-out speakers
     * @param scores     every class's probability, in the model's label order
     */
    record Recognized(String source, double durationS, String emotion, double confidence, Map<String, Double> scores,
                      List<Segment> segments, Decision decision) implements Result {
        public Recognized {
            scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
            segments = List.copyOf(segments);
        }
    }

    record Failed(String source, ErrorCode code, String message) implements Result {
    }
}
