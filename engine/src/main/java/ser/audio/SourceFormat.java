package ser.audio;

/**
 * What the container said about the audio stream before resampling.
 *
 * @param declaredDurationS duration from the container header, or NaN when it gives none
 *                          or only an estimate from the bit rate
 */
public record SourceFormat(String container, String codec, int sampleRate, int channels, double declaredDurationS) {
}
