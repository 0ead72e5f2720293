package ser.audio;

/** A whole file decoded to mono at {@link AudioDecoder#SAMPLE_RATE}. */
public record DecodedAudio(float[] samples, SourceFormat source) {
    public double durationS() {
        return samples.length / (double) AudioDecoder.SAMPLE_RATE;
    }
}
