package ser.data;

import java.nio.file.Path;

/**
 * One labelled recording.
 *
 * @param corpus        the corpus it belongs to ({@code crema-d}, {@code ravdess}, …)
 * @param speaker       speaker id prefixed by the corpus, unique across corpora ({@code ravdess:07})
 * @param label         canonical label: angry, disgust, fear, happy, neutral, sad, or one outside
 *                      the six (calm, surprise, boredom)
 * @param originalLabel the label as the corpus writes it ({@code 05}, {@code ANG}, {@code W}, …)
 */
public record Clip(Path path, String corpus, String speaker, String label, String originalLabel) {
}
