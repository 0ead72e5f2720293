package ser.score;

import static ser.io.Numbers.PROBABILITY;
import static ser.io.Numbers.SECONDS;
import static ser.io.Numbers.round;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.model.Recognizer;

/**
 * One output row per input, the versioned contract of {@code ser score} ({@code docs/schema/score-row.schema.json}).
 * On failure only {@code schema}, {@code path}, {@code model} and {@code error} are set. For speech of one window,
 * {@code regions} are the model's regions (the whole utterance first) and {@code decision} is {@code region};
 * for longer speech, one region per voiced window (the timeline) and {@code decision} is {@code windows}.
 * Numbers are rounded to what they mean: scores and confidences to 4 decimals, times to the millisecond; a
 * value that does not exist is null, never NaN.
 *
 * @param schema the version of this contract, raised on any incompatible change
 * @param model  the model's id and the first 12 hex digits of its weights' SHA-256 ({@code id@0123456789ab})
 */
public record ScoreRow(int schema, String path, Double durationS, String emotion, Double confidence,
                       Map<String, Double> scores, List<Recognizer.Region> regions, String decision, String model,
                       String error) {
    public static final int SCHEMA = 1;
    public static final String REGION = "region";
    public static final String WINDOWS = "windows";

    public ScoreRow {
        durationS = round(durationS, SECONDS);
        confidence = round(confidence, PROBABILITY);
        if (scores != null) {
            Map<String, Double> rounded = new LinkedHashMap<>();
            scores.forEach((label, p) -> rounded.put(label, round(p, PROBABILITY)));
            scores = rounded;
        }
        if (regions != null) {
            regions = regions.stream().map(r -> new Recognizer.Region(round(r.startS(), SECONDS), round(r.endS(), SECONDS), r.emotion(),
                    round(r.confidence(), PROBABILITY))).toList();
        }
    }

    public ScoreRow(String path, Double durationS, String emotion, Double confidence, Map<String, Double> scores,
                    List<Recognizer.Region> regions, String decision, String model) {
        this(SCHEMA, path, durationS, emotion, confidence, scores, regions, decision, model, null);
    }

    public static ScoreRow failed(String path, String model, String error) {
        return new ScoreRow(SCHEMA, path, null, null, null, null, null, null, model, error);
    }

}
