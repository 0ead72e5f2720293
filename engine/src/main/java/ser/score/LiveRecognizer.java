package ser.score;

import java.util.Map;
import java.util.function.Consumer;
import ser.audio.AudioDecoder;
import ser.audio.SampleSink;
import ser.audio.SpeechSpan;
import ser.audio.Utterance;
import ser.audio.VadConfig;
import ser.audio.VoiceActivity;
import ser.audio.Waveforms;
import ser.io.Numbers;
import ser.model.Recognizer;

/**
 * Live recognition: keeps the last {@code window} seconds of 16 kHz audio and, every {@code hop}
 * seconds of new audio, recognizes the emotion over that window. A window without speech (by the
 * same voice-activity rule as files) reports no emotion rather than a guess.
 */
public final class LiveRecognizer implements SampleSink {
    /**
     * One hop's answer; {@code emotion} and {@code scores} are null when the window holds no speech. Rounded as
     * score rows are: the time to the millisecond, confidence and scores to 4 decimals, the latency to 10 µs.
     */
    public record Update(double timeS, String emotion, Double confidence, Map<String, Double> scores, double latencyMs) {
        public Update {
            timeS = Numbers.roundValue(timeS, Numbers.SECONDS);
            confidence = Numbers.round(confidence, Numbers.PROBABILITY);
            if (scores != null) {
                Map<String, Double> rounded = new java.util.LinkedHashMap<>();
                scores.forEach((label, p) -> rounded.put(label, Numbers.round(p, Numbers.PROBABILITY)));
                scores = rounded;
            }
            latencyMs = Numbers.roundValue(latencyMs, 100);
        }
    }

    private final Recognizer recognizer;
    private final VadConfig vad;
    private final Consumer<Update> listener;
    private final float[] ring;
    private final int hop;
    private long received;
    private int sinceUpdate;

    public LiveRecognizer(Recognizer recognizer, double windowS, double hopS, Consumer<Update> listener) {
        if (!(hopS > 0 && windowS >= hopS)) {
            throw new IllegalArgumentException("need 0 < hop <= window");
        }
        this.recognizer = recognizer;
        this.vad = recognizer.description().vad();
        this.listener = listener;
        this.ring = new float[(int) Math.round(windowS * AudioDecoder.SAMPLE_RATE)];
        this.hop = (int) Math.round(hopS * AudioDecoder.SAMPLE_RATE);
    }

    @Override
    public void accept(float[] samples, int count) {
        for (int i = 0; i < count; i++) {
            ring[(int) (received % ring.length)] = samples[i];
            received++;
            if (++sinceUpdate == hop) {
                sinceUpdate = 0;
                listener.accept(update());
            }
        }
    }

    private Update update() {
        long started = System.nanoTime();
        int length = (int) Math.min(received, ring.length);
        float[] window = new float[length];
        for (int i = 0; i < length; i++) {
            window[i] = ring[(int) ((received - length + i) % ring.length)];
        }
        double timeS = received / (double) AudioDecoder.SAMPLE_RATE;
        if (VoiceActivity.detect(window, vad).isEmpty()) {
            return new Update(timeS, null, null, null, (System.nanoTime() - started) / 1e6);
        }
        var span = new SpeechSpan(received - length, received);
        var utterance = new Utterance("live", Waveforms.standardize(window, 0, length), span, timeS, null);
        Recognizer.Recognition r = recognizer.recognize(utterance);
        return new Update(timeS, r.emotion(), r.confidence(), r.scores(), (System.nanoTime() - started) / 1e6);
    }
}
