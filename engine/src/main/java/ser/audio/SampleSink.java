package ser.audio;

/** Receives decoded 16 kHz mono samples chunk by chunk; the buffer is reused after the call returns. */
@FunctionalInterface
public interface SampleSink {
    void accept(float[] samples, int count);
}
