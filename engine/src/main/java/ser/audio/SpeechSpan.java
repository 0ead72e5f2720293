package ser.audio;

/** The trimmed speech region of a file, in samples at {@link AudioDecoder#SAMPLE_RATE}; end exclusive. */
public record SpeechSpan(long startSample, long endSample) {
    public SpeechSpan {
        if (startSample < 0 || endSample < startSample) {
            throw new IllegalArgumentException("bad span " + startSample + ".." + endSample);
        }
    }

    public double startS() {
        return startSample / (double) AudioDecoder.SAMPLE_RATE;
    }

    public double endS() {
        return endSample / (double) AudioDecoder.SAMPLE_RATE;
    }

    public long length() {
        return endSample - startSample;
    }
}
