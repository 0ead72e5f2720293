package ser.score;

import java.util.List;
import java.util.Map;
import ser.model.Recognizer;

/**
 * One output row per input file. On failure only {@code path}, {@code model} and {@code error}
 * are set. For speech of one window, {@code regions} are the model's regions (the whole utterance
 * first); for longer speech, one region per window: the timeline.
 */
public record ScoreRow(String path, Double durationS, String emotion, Double confidence, Map<String, Double> scores,
                       List<Recognizer.Region> regions, String model, String error) {

    public static ScoreRow failed(String path, String model, String error) {
        return new ScoreRow(path, null, null, null, null, null, model, error);
    }
}
