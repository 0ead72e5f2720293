package ser.audio;

/**
 * One file's speech, ready for features: trimmed to its {@link SpeechSpan} and standardized.
 *
 * @param durationS length of the whole decoded file, before trimming
 */
public record Utterance(String source, float[] samples, SpeechSpan span, double durationS, SourceFormat format) {
}
