package ser.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
     * @param embedding  the utterance embedding, {@link EmotionRecognizer#embeddingSize()} values: the hidden features
     *                   the model's classifier reads for the whole utterance (for an ensemble, its members' one after
     *                   another), averaged over windows as the scores are. Close vectors are voices the model hears
     *                   alike, for clustering and search; compare them by cosine
     */
    record Recognized(String source, double durationS, String emotion, double confidence, Map<String, Double> scores,
                      List<Segment> segments, Decision decision, float[] embedding) implements Result {
        public Recognized {
            scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
            segments = List.copyOf(segments);
            embedding = embedding.clone();
        }

        /** A copy: the result stays as it was made. */
        @Override
        public float[] embedding() {
            return embedding.clone();
        }

        /** Equal results hold equal embeddings, value by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Recognized r && source.equals(r.source) && durationS == r.durationS && emotion.equals(r.emotion)
                    && confidence == r.confidence && scores.equals(r.scores) && segments.equals(r.segments)
                    && decision == r.decision && Arrays.equals(embedding, r.embedding);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, durationS, emotion, confidence, scores, segments, decision) * 31 + Arrays.hashCode(embedding);
        }
    }

    record Failed(String source, ErrorCode code, String message) implements Result {
    }
}
